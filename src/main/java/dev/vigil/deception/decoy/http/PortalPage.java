package dev.vigil.deception.decoy.http;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The login pages the portal decoy shows: self-contained HTML (inline CSS, no external resource, so the page
 * never makes the visitor's browser connect elsewhere) that looks like a site's own SSL-VPN or webmail login.
 * The organisation's name is escaped into the page; nothing the visitor sends is ever echoed back.
 */
final class PortalPage {
    static final List<String> THEMES = List.of("vpn", "webmail");
    static final String FAILED = "Invalid username or password";

    private PortalPage() {}

    /** The path the page's form posts to, which serves the page on GET too. */
    static String loginPath(String theme) {
        return "vpn".equals(theme) ? "/remote/login" : "/webmail/login";
    }

    static byte[] render(String theme, String organisation, boolean failed) {
        String org = escape(organisation);
        String html = "vpn".equals(theme) ? vpn(org, failed) : webmail(org, failed);
        return html.getBytes(StandardCharsets.UTF_8);
    }

    /** A plain 404 page in the style of the web server the decoy claims to be. */
    static byte[] notFound(String serverHeader) {
        String server = escape(serverHeader);
        return ("<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>"
                + server + "</center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(int status, String reason, String serverHeader) {
        String line = status + " " + escape(reason);
        return ("<html>\r\n<head><title>" + line + "</title></head>\r\n<body>\r\n<center><h1>" + line + "</h1></center>\r\n<hr><center>"
                + escape(serverHeader) + "</center>\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String vpn(String org, boolean failed) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s SSL VPN</title>
                <style>
                body{margin:0;font-family:"Segoe UI",Helvetica,Arial,sans-serif;background:#1f2d3d;color:#222}
                .bar{background:#13202e;color:#fff;padding:14px 28px;font-size:15px;letter-spacing:.5px}
                .box{width:360px;margin:90px auto;background:#fff;border-radius:4px;box-shadow:0 6px 24px rgba(0,0,0,.35);padding:32px 36px}
                h1{font-size:19px;font-weight:600;margin:0 0 6px}
                .sub{color:#667;font-size:13px;margin-bottom:22px}
                label{display:block;font-size:13px;margin:14px 0 5px;color:#445}
                input[type=text],input[type=password]{width:100%%;box-sizing:border-box;padding:9px 10px;border:1px solid #b8c2cc;border-radius:3px;font-size:14px}
                button{margin-top:22px;width:100%%;padding:10px;background:#2a6ebb;color:#fff;border:0;border-radius:3px;font-size:14px;cursor:pointer}
                .err{background:#fdecea;color:#a12622;border:1px solid #f5c2c0;padding:8px 10px;font-size:13px;border-radius:3px;margin-bottom:10px}
                .foot{text-align:center;color:#8a97a5;font-size:11px;margin-top:26px}
                </style>
                </head>
                <body>
                <div class="bar">%1$s &middot; Remote Access</div>
                <div class="box">
                <h1>SSL VPN Portal</h1>
                <div class="sub">Please sign in with your %1$s network account.</div>
                %2$s<form method="post" action="/remote/login" autocomplete="off">
                <label for="username">Username</label>
                <input type="text" id="username" name="username" autofocus>
                <label for="password">Password</label>
                <input type="password" id="password" name="password">
                <input type="hidden" name="realm" value="">
                <button type="submit">Login</button>
                </form>
                <div class="foot">Unauthorised access is prohibited and monitored.</div>
                </div>
                </body>
                </html>
                """.formatted(org, failed ? "<div class=\"err\">" + FAILED + "</div>\n" : "");
    }

    private static String webmail(String org, boolean failed) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s Webmail :: Welcome</title>
                <style>
                body{margin:0;font-family:Roboto,"Helvetica Neue",Arial,sans-serif;background:#eef1f5}
                .card{width:380px;margin:110px auto 0;background:#fff;border:1px solid #d9dee4;border-radius:6px;padding:34px 38px}
                .logo{font-size:22px;font-weight:300;color:#2c3e50;margin-bottom:4px}
                .logo b{font-weight:600;color:#37beff}
                .hint{color:#7b8896;font-size:13px;margin-bottom:24px}
                input{width:100%%;box-sizing:border-box;margin-bottom:14px;padding:10px 12px;border:1px solid #c9d1d9;border-radius:4px;font-size:14px}
                button{width:100%%;padding:11px;background:#37beff;color:#fff;border:0;border-radius:4px;font-size:15px;cursor:pointer}
                .err{color:#c0392b;font-size:13px;margin-bottom:14px}
                .foot{color:#9aa5b1;font-size:11px;text-align:center;margin-top:22px}
                </style>
                </head>
                <body>
                <div class="card">
                <div class="logo">%1$s <b>Webmail</b></div>
                <div class="hint">Sign in with your e-mail address</div>
                %2$s<form method="post" action="/webmail/login">
                <input type="text" name="username" placeholder="E-mail address" autocomplete="username" autofocus>
                <input type="password" name="password" placeholder="Password" autocomplete="current-password">
                <input type="hidden" name="_task" value="login">
                <button type="submit">Sign in</button>
                </form>
                <div class="foot">&copy; %1$s IT Services</div>
                </div>
                </body>
                </html>
                """.formatted(org, failed ? "<div class=\"err\">" + FAILED + ".</div>\n" : "");
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}

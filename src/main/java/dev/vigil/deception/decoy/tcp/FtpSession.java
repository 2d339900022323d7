package dev.vigil.deception.decoy.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * An FTP server that wants a login and never accepts one: USER and PASS are a login record and a 530, as
 * vsftpd answers; the session ends after three failures, like vsftpd's default. Other commands are recorded
 * and told to log in first; no data connection is ever opened.
 */
final class FtpSession implements BannerSession {
    private static final int MAX_FAILURES = 3;

    private final String banner;
    private final SessionReport report;
    private final LineBuffer lines;
    private String user;
    private int failures;
    private boolean finished;

    FtpSession(String banner, int maxLine, SessionReport report) {
        this.banner = banner;
        this.report = report;
        this.lines = new LineBuffer(maxLine);
    }

    @Override
    public byte[] greeting() {
        return ("220 " + banner + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] receive(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = offset; i < offset + length && !finished; i++) {
            String line = lines.add(data[i]);
            if (lines.overflow()) {
                reply(out, "500 Input line too long.");
                report.record("limit", Map.of("reason", "line too long"));
                finished = true;
            } else if (line != null) handle(line, out);
        }
        return out.toByteArray();
    }

    private void handle(String line, ByteArrayOutputStream out) {
        String l = line.strip();
        int space = l.indexOf(' ');
        String verb = (space < 0 ? l : l.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : l.substring(space + 1);
        switch (verb) {
            case "USER" -> {
                user = arg;
                reply(out, "331 Please specify the password.");
            }
            case "PASS" -> {
                if (user == null) {
                    reply(out, "503 Login with USER first.");
                    return;
                }
                report.login("ftp", user, arg, Map.of());
                user = null;
                reply(out, "530 Login incorrect.");
                if (++failures >= MAX_FAILURES) finished = true;
            }
            case "QUIT" -> {
                reply(out, "221 Goodbye.");
                finished = true;
            }
            case "" -> { }
            default -> {
                report.command(l);
                switch (verb) {
                    case "SYST" -> reply(out, "215 UNIX Type: L8");
                    case "FEAT" -> out.writeBytes("211-Features:\r\n EPRT\r\n EPSV\r\n MDTM\r\n PASV\r\n REST STREAM\r\n SIZE\r\n TVFS\r\n UTF8\r\n211 End\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    case "NOOP" -> reply(out, "200 NOOP ok.");
                    case "AUTH" -> reply(out, "530 Please login with USER and PASS.");
                    case "OPTS" -> reply(out, "200 Always in UTF8 mode.");
                    default -> reply(out, "530 Please login with USER and PASS.");
                }
            }
        }
    }

    private static void reply(ByteArrayOutputStream out, String line) {
        out.writeBytes((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean finished() { return finished; }
}

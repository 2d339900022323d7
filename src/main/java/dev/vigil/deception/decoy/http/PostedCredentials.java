package dev.vigil.deception.decoy.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The user name and password in a request to the portal: a posted form (url-encoded or multipart), a JSON
 * body, or an HTTP Basic {@code Authorization} header. Login forms name their fields many ways (username,
 * j_username, email, passwd, ...), so the common names are all tried, first match wins. Hostile bodies are
 * the norm: every loop is bounded by the body's length and a field count, decoding is lenient (a bad
 * escape stays as typed), and nothing here throws on any input.
 *
 * @param user     the user name sent, "" when the request carried only a password
 * @param password the password sent, "" when the request carried only a user name
 * @param method   how it was sent: form, multipart, json or basic
 */
public record PostedCredentials(String user, String password, String method) {
    /** Fields looked at in one body at most; a form with more is an attack on the parser, not a login. */
    static final int MAX_FIELDS = 256;
    /** Values are kept to this many characters in the record. */
    static final int MAX_VALUE = 512;

    private static final List<String> USER_FIELDS = List.of("username", "user", "login", "email", "userid", "user_id", "uname", "j_username",
            "log", "account", "loginname", "login_name", "_user", "name");
    private static final List<String> PASSWORD_FIELDS = List.of("password", "pass", "passwd", "pwd", "j_password", "secret", "_pass",
            "credential", "passphrase");

    private static final JsonFactory JSON = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(1 << 20).maxNumberLength(100).build())
            .build();

    /** The credentials in a request body, or null when it holds neither a user nor a password field. */
    public static PostedCredentials fromBody(String contentType, byte[] body) {
        if (body == null || body.length == 0) return null;
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        try {
            if (type.startsWith("multipart/form-data")) return fromMultipart(boundary(contentType), body);
            if (type.contains("json")) return fromJson(body);
            if (type.isEmpty() || type.startsWith("application/x-www-form-urlencoded") || type.startsWith("text/plain")) return fromForm(body);
        } catch (RuntimeException e) {
            // a parser's own limit (JSON nesting, number length) on a hostile body: no credentials, never a failure
        }
        return null;
    }

    /** The credentials in a Basic {@code Authorization} header, or null when the header is not Basic. */
    public static PostedCredentials fromBasic(String authorization) {
        if (authorization == null) return null;
        String a = authorization.strip();
        if (a.length() < 6 || !a.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String encoded = a.substring(6).strip();
        byte[] raw;
        try {
            raw = Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // not Base64: still an attempt, recorded as sent
            return new PostedCredentials(clip(encoded), "", "basic");
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        return colon < 0 ? new PostedCredentials(clip(text), "", "basic")
                : new PostedCredentials(clip(text.substring(0, colon)), clip(text.substring(colon + 1)), "basic");
    }

    private static PostedCredentials fromForm(byte[] body) {
        Matcher m = new Matcher("form");
        int start = 0, fields = 0;
        while (start <= body.length && fields++ < MAX_FIELDS) {
            int end = indexOf(body, (byte) '&', start);
            if (end < 0) end = body.length;
            int eq = indexOf(body, (byte) '=', start);
            if (eq < 0 || eq > end) m.offer(decode(body, start, end), "");
            else m.offer(decode(body, start, eq), decode(body, eq + 1, end));
            start = end + 1;
        }
        return m.result();
    }

    private static PostedCredentials fromMultipart(String boundary, byte[] body) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > 200) return null;
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        Matcher m = new Matcher("multipart");
        int at = indexOf(body, delimiter, 0);
        int fields = 0;
        while (at >= 0 && fields++ < MAX_FIELDS) {
            int partStart = at + delimiter.length;
            if (partStart + 1 < body.length && body[partStart] == '-' && body[partStart + 1] == '-') break;
            int headersEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), partStart);
            if (headersEnd < 0) break;
            int next = indexOf(body, delimiter, headersEnd + 4);
            int contentEnd = next < 0 ? body.length : next;
            // the CRLF before the next delimiter belongs to the delimiter
            if (contentEnd - 2 >= headersEnd + 4 && body[contentEnd - 2] == '\r' && body[contentEnd - 1] == '\n') contentEnd -= 2;
            String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
            String name = dispositionName(headers);
            if (name != null) m.offer(name, new String(body, headersEnd + 4, Math.max(0, contentEnd - headersEnd - 4), StandardCharsets.UTF_8));
            at = next;
        }
        return m.result();
    }

    private static PostedCredentials fromJson(byte[] body) {
        Matcher m = new Matcher("json");
        try (JsonParser p = JSON.createParser(body)) {
            String field = null;
            int tokens = 0;
            for (JsonToken t; (t = p.nextToken()) != null && tokens++ < MAX_FIELDS * 8; ) {
                if (t == JsonToken.FIELD_NAME) field = p.currentName();
                else if (t.isScalarValue() && field != null) {
                    m.offer(field, p.getText());
                    field = null;
                } else if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) field = null;
            }
        } catch (IOException e) {
            // truncated or broken JSON: keep what was read before the break
        }
        return m.result();
    }

    /** The multipart boundary parameter of a content type, unquoted. */
    static String boundary(String contentType) {
        for (String param : contentType.split(";", 16)) {
            String p = param.strip();
            if (p.length() > 9 && p.regionMatches(true, 0, "boundary=", 0, 9)) {
                String b = p.substring(9).strip();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
                return b;
            }
        }
        return null;
    }

    private static String dispositionName(String headers) {
        for (String line : headers.split("\r\n", 16)) {
            if (!line.regionMatches(true, 0, "content-disposition:", 0, 20)) continue;
            int i = line.toLowerCase(Locale.ROOT).indexOf(" name=");
            if (i < 0) i = line.toLowerCase(Locale.ROOT).indexOf(";name=");
            if (i < 0) return null;
            String v = line.substring(i + 6).strip();
            if (v.startsWith("\"")) {
                int close = v.indexOf('"', 1);
                return close < 0 ? v.substring(1) : v.substring(1, close);
            }
            int semi = v.indexOf(';');
            return semi < 0 ? v : v.substring(0, semi);
        }
        return null;
    }

    /** Percent- and plus-decoding that keeps a malformed escape as typed rather than rejecting the form. */
    static String decode(byte[] b, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(0, Math.min(to - from, MAX_VALUE * 4)));
        for (int i = from; i < to && out.size() < MAX_VALUE * 4; i++) {
            byte c = b[i];
            if (c == '+') out.write(' ');
            else if (c == '%' && i + 2 < to && hex(b[i + 1]) >= 0 && hex(b[i + 2]) >= 0) {
                out.write(hex(b[i + 1]) << 4 | hex(b[i + 2]));
                i += 2;
            } else out.write(c);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }

    private static int indexOf(byte[] b, byte c, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == c) return i;
        return -1;
    }

    private static int indexOf(byte[] b, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) if (b[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    static String clip(String s) {
        return s.length() <= MAX_VALUE ? s : s.substring(0, MAX_VALUE);
    }

    /** Keeps the first user and password field met, the preferred names winning over the generic ones ("name"). */
    private static final class Matcher {
        final String method;
        String user, password;
        int userRank = Integer.MAX_VALUE, passwordRank = Integer.MAX_VALUE;

        Matcher(String method) { this.method = method; }

        void offer(String field, String value) {
            String f = field.strip().toLowerCase(Locale.ROOT);
            int u = USER_FIELDS.indexOf(f);
            if (u >= 0 && u < userRank) {
                userRank = u;
                user = clip(value);
            }
            int p = PASSWORD_FIELDS.indexOf(f);
            if (p >= 0 && p < passwordRank) {
                passwordRank = p;
                password = clip(value);
            }
        }

        PostedCredentials result() {
            if (user == null && password == null) return null;
            return new PostedCredentials(user == null ? "" : user, password == null ? "" : password, method);
        }
    }
}

package dev.vigil.detect.behavior.zeek;

import dev.vigil.detect.behavior.event.ConnState;
import dev.vigil.detect.behavior.event.Connection;
import dev.vigil.detect.behavior.event.DnsLookup;
import dev.vigil.detect.behavior.event.HttpExchange;
import dev.vigil.detect.behavior.event.LoginAttempt;
import dev.vigil.detect.behavior.event.NetworkEvent;
import dev.vigil.detect.behavior.event.SensorNotice;
import dev.vigil.detect.behavior.event.SmbAccess;
import dev.vigil.detect.behavior.event.SshSession;
import dev.vigil.detect.behavior.event.TlsHello;
import dev.vigil.detect.behavior.eve.EveTimestamp;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * A Zeek row to the event the behavioural detectors read. A row missing what every event needs (time,
 * addresses), or with a value of the wrong type, is malformed; a row that is well formed but states
 * nothing the detectors use (an FTP command other than a password, a DNS row without a query) gives null.
 */
final class ZeekEvents {
    private ZeekEvents() {}

    /**
     * Times past this (2100-01-01) are refused, and so are durations: an end time (start plus duration) then
     * always fits a long of nanoseconds, and differences of two times never overflow.
     */
    static final long MAX_SECONDS = 4_102_444_800L;

    /** @throws ZeekMalformed with the reason */
    static NetworkEvent event(ZeekLog log, ZeekRow r) {
        long ts = time(r.text("ts"));
        // a notice names its parties in src/dst/p; the connection fields are often unset (an address scan has no one connection)
        if (log == ZeekLog.NOTICE) return notice(ts, r);
        String src = address(r.text("id.orig_h"), "id.orig_h"), dst = address(r.text("id.resp_h"), "id.resp_h");
        int sp = port(r.text("id.orig_p"), "id.orig_p"), dp = port(r.text("id.resp_p"), "id.resp_p");
        return switch (log) {
            case CONN, OPEN_CONN -> {
                String proto = r.text("proto");
                if (proto == null || proto.isEmpty()) throw new ZeekMalformed("no proto");
                long dur = duration(r.text("duration"));
                yield new Connection(ts, dur, src, sp, dst, dp, proto.toLowerCase(Locale.ROOT), service(r.text("service")),
                        count(r.text("orig_bytes"), "orig_bytes", 0), count(r.text("resp_bytes"), "resp_bytes", 0),
                        count(r.text("orig_pkts"), "orig_pkts", 0), count(r.text("resp_pkts"), "resp_pkts", 0),
                        ConnState.ofZeek(r.text("conn_state")), log == ZeekLog.OPEN_CONN);
            }
            case DNS -> {
                String q = r.text("query");
                if (q == null || q.isEmpty()) yield null;
                String qtype = r.text("qtype_name");
                if (qtype == null) qtype = r.text("qtype");
                // Zeek logs a query and its answer as one row: a request, with the outcome when one came
                yield new DnsLookup(ts, src, sp, dst, dp, q, qtype, false, rcode(r), r.list("answers").size(), 0);
            }
            case HTTP -> {
                List<String> mime = r.list("resp_mime_types");
                yield new HttpExchange(ts, src, sp, dst, dp, r.text("host"), r.text("method"), r.text("uri"),
                        r.text("user_agent"), (int) count(r.text("status_code"), "status_code", -1),
                        count(r.text("request_body_len"), "request_body_len", 0),
                        count(r.text("response_body_len"), "response_body_len", 0), mime.isEmpty() ? null : mime.get(0),
                        nonEmpty(r.text("username")));
            }
            case SSL -> new TlsHello(ts, src, sp, dst, dp, nonEmpty(r.text("server_name")), nonEmpty(r.text("ja3")),
                    nonEmpty(r.text("ja4")), tlsVersion(r.text("version")));
            case SSH -> new SshSession(ts, src, sp, dst, dp, nonEmpty(r.text("client")), nonEmpty(r.text("server")),
                    bool(r.text("auth_success")), (int) Math.min(Integer.MAX_VALUE, count(r.text("auth_attempts"), "auth_attempts", -1)));
            case FTP -> {
                if (!"PASS".equalsIgnoreCase(r.text("command"))) yield null;
                long reply = count(r.text("reply_code"), "reply_code", -1);
                if (reply != 230 && reply != 530) yield null;
                yield new LoginAttempt(ts, src, sp, dst, dp, "ftp", nonEmpty(r.text("user")), reply == 230);
            }
            case SMB_MAPPING -> new SmbAccess(ts, src, sp, dst, dp, "TREE_CONNECT", null, nonEmpty(r.text("path")), null, null, null, null, null);
            case NOTICE -> null;
            case SMB_FILES -> {
                String action = r.text("action");
                if (action == null || action.isEmpty()) yield null;
                yield new SmbAccess(ts, src, sp, dst, dp, smbCommand(action), null, nonEmpty(r.text("path")),
                        nonEmpty(r.text("name")), null, null, null, null);
            }
        };
    }

    private static NetworkEvent notice(long ts, ZeekRow r) {
        String note = nonEmpty(r.text("note"));
        if (note == null) return null;
        String src = r.text("src"), dst = r.text("dst");
        if (src == null || src.isEmpty()) src = r.text("id.orig_h");
        if (dst == null || dst.isEmpty()) dst = r.text("id.resp_h");
        // notices about no host (capture loss, software versions) say nothing the detectors use
        if (src == null || src.isEmpty()) return null;
        src = address(src, "src");
        dst = dst == null || dst.isEmpty() ? null : address(dst, "dst");
        String p = r.text("p");
        int port = port(p == null || p.isEmpty() ? r.text("id.resp_p") : p, "p");
        String msg = r.text("msg");
        return new SensorNotice(ts, src, dst, port, note, msg == null ? "" : msg.length() > 500 ? msg.substring(0, 500) : msg);
    }

    /** Zeek's {@code time}: epoch seconds with a fraction, or (JSON logs written with ISO timestamps) an ISO-8601 time. */
    static long time(String s) {
        if (s == null || s.isEmpty()) throw new ZeekMalformed("no ts");
        if (s.length() > 10 && s.indexOf('T') > 0 && s.indexOf('-') > 0) {
            // four-digit years before 2100 only: later ones would overflow nanoseconds inside the parser
            int year = s.charAt(4) == '-' ? (int) count(s.substring(0, 4), "ts", -1) : -1;
            if (year < 1970 || year >= 2100) throw new ZeekMalformed("bad ts");
            long n;
            try {
                n = EveTimestamp.parseNanos(s);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new ZeekMalformed("bad ts");
            }
            if (n < 0 || n / 1_000_000_000L >= MAX_SECONDS) throw new ZeekMalformed("ts out of range");
            return n;
        }
        long n = seconds(s, "ts");
        if (n < 0) throw new ZeekMalformed("ts out of range");
        return n;
    }

    /** Zeek's {@code interval}; unset (a connection seen in one packet) is 0. */
    static long duration(String s) {
        if (s == null || s.isEmpty()) return 0;
        long n = seconds(s, "duration");
        if (n < 0) throw new ZeekMalformed("duration out of range");
        return n;
    }

    /** Decimal seconds to nanoseconds, exactly (digits past the ninth decimal are dropped). */
    static long seconds(String s, String field) {
        int n = s.length(), i = 0;
        boolean neg = false;
        if (n > 0 && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        long whole = 0;
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && digits < 12) {
            whole = whole * 10 + (s.charAt(i++) - '0');
            digits++;
        }
        long frac = 0;
        int fracDigits = 0;
        boolean plain = digits > 0 && digits < 12;
        if (plain && i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                if (fracDigits < 9) {
                    frac = frac * 10 + (s.charAt(i) - '0');
                    fracDigits++;
                }
                i++;
            }
        }
        if (plain && i == n) {
            if (whole >= MAX_SECONDS) throw new ZeekMalformed(field + " out of range");
            for (int k = fracDigits; k < 9; k++) frac *= 10;
            long v = whole * 1_000_000_000L + frac;
            return neg ? -v : v;
        }
        // exponents and other spellings a JSON writer may use; the length bound keeps BigDecimal cheap
        if (n > 64) throw new ZeekMalformed("bad " + field);
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new ZeekMalformed("bad " + field);
        }
        if (d.abs().compareTo(BigDecimal.valueOf(MAX_SECONDS)) >= 0) throw new ZeekMalformed(field + " out of range");
        return d.movePointRight(9).longValue();
    }

    static String address(String s, String field) {
        if (s == null || s.isEmpty()) throw new ZeekMalformed("no " + field);
        char c = s.charAt(0);
        if (s.length() > 45 || !(Character.digit(c, 16) >= 0 && c < 0x80 || c == ':')) throw new ZeekMalformed("bad " + field);
        try {
            InetAddress.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            throw new ZeekMalformed("bad " + field);
        }
        return s;
    }

    /** Unset ports (a log without them) are 0; ICMP's type and code sit in the port fields as Zeek logs them. */
    static int port(String s, String field) {
        if (s == null || s.isEmpty()) return 0;
        long v = count(s, field, 0);
        if (v > 65535) throw new ZeekMalformed("bad " + field);
        return (int) v;
    }

    /** A non-negative integer ({@code count}); {@code unset} when the field is unset or absent. */
    static long count(String s, String field, long unset) {
        if (s == null || s.isEmpty()) return unset;
        if (s.length() > 18) throw new ZeekMalformed("bad " + field);
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                // JSON writers may put a count as 12.0
                if (c == '.' && i > 0 && s.substring(i + 1).chars().allMatch(ch -> ch == '0')) return v;
                throw new ZeekMalformed("bad " + field);
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Boolean bool(String s) {
        if (s == null) return null;
        return switch (s) {
            case "T", "true", "True", "TRUE" -> Boolean.TRUE;
            case "F", "false", "False", "FALSE" -> Boolean.FALSE;
            default -> throw new ZeekMalformed("bad bool");
        };
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Zeek's analyzer names to the EVE app_proto names the detectors know ("ssl" is "tls"); the first of several. */
    static String service(String s) {
        if (s == null || s.isEmpty()) return null;
        int comma = s.indexOf(',');
        String first = (comma < 0 ? s : s.substring(0, comma)).toLowerCase(Locale.ROOT);
        if (first.startsWith("-")) first = first.substring(1);
        return switch (first) {
            case "" -> null;
            case "ssl" -> "tls";
            default -> first;
        };
    }

    private static String rcode(ZeekRow r) {
        String name = r.text("rcode_name");
        if (name != null && !name.isEmpty()) return name;
        String code = r.text("rcode");
        if (code == null || code.isEmpty()) return null;
        return switch (code) {
            case "0" -> "NOERROR";
            case "1" -> "FORMERR";
            case "2" -> "SERVFAIL";
            case "3" -> "NXDOMAIN";
            case "4" -> "NOTIMP";
            case "5" -> "REFUSED";
            default -> code.length() > 8 ? null : code;
        };
    }

    /** Zeek's version names in EVE's spelling, so the detectors see one vocabulary whichever sensor wrote the log. */
    static String tlsVersion(String v) {
        if (v == null || v.isEmpty()) return null;
        return switch (v) {
            case "TLSv10" -> "TLSv1";
            case "TLSv11" -> "TLS 1.1";
            case "TLSv12" -> "TLS 1.2";
            case "TLSv13" -> "TLS 1.3";
            default -> v;
        };
    }

    /** Zeek's {@code SMB::Action} to the SMB command names of EVE. */
    private static String smbCommand(String action) {
        String a = action.startsWith("SMB::") ? action.substring(5) : action;
        return switch (a) {
            case "FILE_OPEN" -> "CREATE";
            case "FILE_READ", "PIPE_READ" -> "READ";
            case "FILE_WRITE", "PIPE_WRITE" -> "WRITE";
            case "FILE_CLOSE", "PIPE_CLOSE" -> "CLOSE";
            default -> a.length() > 32 ? a.substring(0, 32) : a;
        };
    }
}

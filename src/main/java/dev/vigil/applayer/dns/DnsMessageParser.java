package dev.vigil.applayer.dns;

import dev.vigil.applayer.dns.DnsMessage.Address;
import dev.vigil.applayer.dns.DnsMessage.NameData;
import dev.vigil.applayer.dns.DnsMessage.Opt;
import dev.vigil.applayer.dns.DnsMessage.OptOption;
import dev.vigil.applayer.dns.DnsMessage.Question;
import dev.vigil.applayer.dns.DnsMessage.Raw;
import dev.vigil.applayer.dns.DnsMessage.Rr;
import dev.vigil.applayer.dns.DnsMessage.Soa;
import dev.vigil.applayer.dns.DnsMessage.Srv;
import dev.vigil.applayer.dns.DnsMessage.Sshfp;
import dev.vigil.applayer.dns.DnsMessage.Txt;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Parses a whole DNS message (RFC 1035 section 4) from a byte range. What parsed before a defect is
 * kept: a message whose questions parsed is returned even if a later section is cut or corrupt, and
 * the defect is reported with Suricata's event name (MALFORMED_DATA for the header, questions and
 * answers, INVALID_AUTHORITIES, INVALID_ADDITIONALS, INFINITE_LOOP, TOO_MANY_LABELS).
 */
public final class DnsMessageParser {
    static final int HEADER = 12;
    private final DnsName names = new DnsName();
    private final Consumer<String> anomalies;

    public DnsMessageParser(Consumer<String> anomalies) {
        this.anomalies = anomalies;
    }

    /**
     * The message in {@code b[off, off+len)}, or null when it is shorter than a header. A bad question
     * ends the parse there: the message keeps the header and the questions before it.
     */
    public DnsMessage parse(byte[] b, int off, int len) {
        if (len < HEADER) {
            anomalies.accept("MALFORMED_DATA");
            return null;
        }
        DnsMessage m = new DnsMessage();
        m.id = u16(b, off);
        m.flags = u16(b, off + 2);
        int qd = u16(b, off + 4), an = u16(b, off + 6), ns = u16(b, off + 8), ar = u16(b, off + 10);
        int p = off + HEADER, limit = off + len;
        if (qd == 0 && corruptCounts(qd, an, ns, ar, len)) {
            // the header lies about every section; when the bytes after it are exactly one question
            // (a zeroed question count), that question is what the sender asked
            int end = loneQuestionEnd(b, off, len);
            anomalies.accept("MALFORMED_DATA");
            if (end == limit) m.questions.add(new Question(names.read(b, off, len, p), names.truncated, u16(b, end - 4), u16(b, end - 2)));
            return m;
        }
        for (int i = 0; i < qd; i++) {
            byte[] name = names.read(b, off, len, p);
            if (name == null || names.end + 4 > limit) {
                // keep the header and the questions before the bad one; the rest cannot be located. A
                // whole name whose type and class the end of the message cut off is kept, with type 0
                // (reserved, never asked): what was asked for is what an analyst looks for
                if (name != null) m.questions.add(new Question(name, names.truncated, 0, 0));
                nameAnomaly("MALFORMED_DATA");
                return m;
            }
            p = names.end;
            m.questions.add(new Question(name, names.truncated, u16(b, p), u16(b, p + 2)));
            p += 4;
        }
        p = section(b, off, len, p, an, m.answers, "MALFORMED_DATA");
        if (p >= 0) p = section(b, off, len, p, ns, m.authorities, "INVALID_AUTHORITIES");
        if (p >= 0) section(b, off, len, p, ar, m.additionals, "INVALID_ADDITIONALS");
        return m;
    }

    /**
     * Section counts no message of {@code len} bytes can hold (each question takes at least 5 bytes,
     * each record 11), or more questions than any resolver sends: the header is corrupt.
     */
    static boolean corruptCounts(int qd, int an, int ns, int ar, int len) {
        return qd > 4 || HEADER + 5L * qd + 11L * (an + ns + ar) > len;
    }

    /** Where one question read right after the header ends (name, type, class), or -1 when none parses. */
    static int loneQuestionEnd(byte[] b, int off, int len) {
        DnsName n = new DnsName();
        if (len <= HEADER || n.read(b, off, len, off + HEADER) == null || n.end + 4 > off + len) return -1;
        return n.end + 4;
    }

    private int section(byte[] b, int off, int len, int p, int count, List<Rr> out, String event) {
        int limit = off + len;
        for (int i = 0; i < count; i++) {
            byte[] name = names.read(b, off, len, p);
            if (name == null || names.end + 10 > limit) {
                nameAnomaly(event);
                return -1;
            }
            boolean truncated = names.truncated;
            p = names.end;
            int type = u16(b, p), cls = u16(b, p + 2);
            long ttl = u32(b, p + 4);
            int rdlen = u16(b, p + 8);
            p += 10;
            if (p + rdlen > limit) {
                anomalies.accept(event);
                return -1;
            }
            out.add(new Rr(name, truncated, type, cls, ttl, rdata(b, off, len, type, p, rdlen)));
            p += rdlen;
        }
        return p;
    }

    private void nameAnomaly(String fallback) {
        anomalies.accept(switch (names.status) {
            case DnsName.LOOP -> "INFINITE_LOOP";
            case DnsName.TOO_MANY_LABELS -> "TOO_MANY_LABELS";
            default -> fallback;
        });
    }

    /** Decodes the rdata Suricata logs for {@code type}; null when it logs none or the rdata does not fit its type. */
    private Object rdata(byte[] b, int off, int len, int type, int p, int rdlen) {
        int end = p + rdlen;
        switch (type) {
            case RrTypes.A:
                return rdlen == 4 ? new Address((b[p] & 0xFF) + "." + (b[p + 1] & 0xFF) + "." + (b[p + 2] & 0xFF) + "." + (b[p + 3] & 0xFF)) : null;
            case RrTypes.AAAA: {
                if (rdlen != 16) return null;
                StringBuilder sb = new StringBuilder(39);
                for (int i = 0; i < 16; i += 2) {
                    if (i > 0) sb.append(':');
                    hex2(sb, b[p + i]);
                    hex2(sb, b[p + i + 1]);
                }
                return new Address(sb.toString());
            }
            case RrTypes.CNAME, RrTypes.NS, RrTypes.PTR: return nameAt(b, off, len, p, end);
            case RrTypes.MX: return rdlen >= 3 ? nameAt(b, off, len, p + 2, end) : null;
            case RrTypes.TXT, RrTypes.SPF: {
                List<byte[]> strings = new ArrayList<>(1);
                int q = p;
                while (q < end) {
                    int l = b[q] & 0xFF;
                    if (q + 1 + l > end) return null;
                    strings.add(java.util.Arrays.copyOfRange(b, q + 1, q + 1 + l));
                    q += 1 + l;
                }
                return new Txt(strings);
            }
            case RrTypes.NULL: return new Raw(java.util.Arrays.copyOfRange(b, p, end));
            case RrTypes.SOA: {
                byte[] mname = names.read(b, off, len, p);
                if (mname == null || names.end > end) return null;
                boolean mt = names.truncated;
                byte[] rname = names.read(b, off, len, names.end);
                if (rname == null || names.end + 20 > end) return null;
                boolean rt = names.truncated;
                int q = names.end;
                return new Soa(mname, mt, rname, rt, u32(b, q), u32(b, q + 4), u32(b, q + 8), u32(b, q + 12), u32(b, q + 16));
            }
            case RrTypes.SRV: {
                if (rdlen < 7) return null;
                byte[] target = names.read(b, off, len, p + 6);
                if (target == null || names.end > end) return null;
                return new Srv(u16(b, p), u16(b, p + 2), u16(b, p + 4), target);
            }
            case RrTypes.SSHFP:
                return rdlen >= 2 ? new Sshfp(b[p] & 0xFF, b[p + 1] & 0xFF, java.util.Arrays.copyOfRange(b, p + 2, end)) : null;
            case RrTypes.OPT: {
                List<OptOption> options = new ArrayList<>(0);
                int q = p;
                while (q + 4 <= end) {
                    int code = u16(b, q), l = u16(b, q + 2);
                    if (q + 4 + l > end) break;
                    options.add(new OptOption(code, java.util.Arrays.copyOfRange(b, q + 4, q + 4 + l)));
                    q += 4 + l;
                }
                return new Opt(options);
            }
            default:
                return null;
        }
    }

    private NameData nameAt(byte[] b, int off, int len, int p, int end) {
        byte[] name = names.read(b, off, len, p);
        if (name == null || names.end > end) return null;
        return new NameData(name, names.truncated);
    }

    private static void hex2(StringBuilder sb, byte v) {
        sb.append(Character.forDigit((v >> 4) & 15, 16)).append(Character.forDigit(v & 15, 16));
    }

    static int u16(byte[] b, int p) {
        return ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF);
    }

    static long u32(byte[] b, int p) {
        return ((long) u16(b, p) << 16) | u16(b, p + 2);
    }
}

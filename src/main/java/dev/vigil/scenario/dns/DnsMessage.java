package dev.vigil.scenario.dns;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes DNS queries and responses (RFC 1035) as stub resolvers and a Windows DNS server send them:
 * one question, answers that point back to the question's name with a compression pointer.
 */
public final class DnsMessage {
    public static final int A = 1, NS = 2, CNAME = 5, NULL = 10, MX = 15, TXT = 16, AAAA = 28, SRV = 33;
    public static final int NOERROR = 0, SERVFAIL = 2, NXDOMAIN = 3;

    /** One resource record of an answer section: name null means the question's name. */
    public record Answer(String name, int type, int ttl, byte[] rdata) {}

    private DnsMessage() {}

    /** A recursive query for {@code name}. */
    public static byte[] query(int id, String name, int type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32 + name.length());
        header(out, id, 0x0100, 1, 0);
        question(out, name, type);
        return out.toByteArray();
    }

    /** The response to {@link #query}: recursion available, the question echoed, then {@code answers}. */
    public static byte[] response(int id, String name, int type, int rcode, List<Answer> answers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + name.length() + 16 * answers.size());
        header(out, id, 0x8180 | (rcode & 0xF), 1, answers.size());
        question(out, name, type);
        for (Answer a : answers) {
            if (a.name() == null) {
                out.write(0xC0);
                out.write(12);
            } else {
                name(out, a.name());
            }
            u16(out, a.type());
            u16(out, 1);
            u16(out, a.ttl() >>> 16);
            u16(out, a.ttl() & 0xFFFF);
            u16(out, a.rdata().length);
            out.writeBytes(a.rdata());
        }
        return out.toByteArray();
    }

    public static Answer a(String ip, int ttl) {
        return new Answer(null, A, ttl, java.net.InetAddress.ofLiteral(ip).getAddress());
    }

    public static Answer aaaa(String ip, int ttl) {
        return new Answer(null, AAAA, ttl, java.net.InetAddress.ofLiteral(ip).getAddress());
    }

    /** A record of {@code type} for {@code owner} (not the question's name), e.g. the A at a CNAME's end. */
    public static Answer addressOf(String owner, String ip, int ttl) {
        byte[] addr = java.net.InetAddress.ofLiteral(ip).getAddress();
        return new Answer(owner, addr.length == 4 ? A : AAAA, ttl, addr);
    }

    public static Answer cname(String target, int ttl) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        name(b, target);
        return new Answer(null, CNAME, ttl, b.toByteArray());
    }

    /** TXT data as character-strings of at most 255 bytes each. */
    public static Answer txt(String text, int ttl) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream(t.length + t.length / 255 + 1);
        for (int off = 0; off < t.length || off == 0; off += 255) {
            int n = Math.min(255, t.length - off);
            b.write(n);
            b.write(t, off, n);
            if (t.length == 0) break;
        }
        return new Answer(null, TXT, ttl, b.toByteArray());
    }

    public static Answer nullRecord(byte[] data, int ttl) {
        return new Answer(null, NULL, ttl, data.clone());
    }

    public static Answer mx(int preference, String exchange, int ttl) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        u16(b, preference);
        name(b, exchange);
        return new Answer(null, MX, ttl, b.toByteArray());
    }

    /** Splits {@code name} into labels; labels must be 1–63 bytes and the whole name at most 253. */
    public static List<String> labels(String name) {
        if (name.length() > 253) throw new IllegalArgumentException("name longer than 253: " + name);
        List<String> out = new ArrayList<>();
        for (String l : name.split("\\.")) {
            if (l.isEmpty() || l.length() > 63) throw new IllegalArgumentException("bad label in " + name);
            out.add(l);
        }
        return out;
    }

    private static void header(ByteArrayOutputStream out, int id, int flags, int qd, int an) {
        u16(out, id);
        u16(out, flags);
        u16(out, qd);
        u16(out, an);
        u16(out, 0);
        u16(out, 0);
    }

    private static void question(ByteArrayOutputStream out, String name, int type) {
        name(out, name);
        u16(out, type);
        u16(out, 1);
    }

    private static void name(ByteArrayOutputStream out, String name) {
        for (String l : labels(name)) {
            out.write(l.length());
            out.writeBytes(l.getBytes(StandardCharsets.US_ASCII));
        }
        out.write(0);
    }

    private static void u16(ByteArrayOutputStream out, int v) {
        out.write((v >>> 8) & 0xFF);
        out.write(v & 0xFF);
    }
}

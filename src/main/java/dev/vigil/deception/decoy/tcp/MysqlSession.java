package dev.vigil.deception.decoy.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A MySQL server that greets (protocol v10, the configured version, a fresh scramble, caching_sha2_password
 * or, for a 5.x version, mysql_native_password), reads the client's HandshakeResponse41 and denies it with
 * ERR 1045, as a server denies a wrong password. The login record has the user name, the database and
 * client attributes asked for, and the auth response's length; the password itself never crosses the wire
 * (the client sends a hash over the scramble), so the record has none. TLS, LOCAL INFILE and compression
 * are not offered, so a client has no reason to ask for them.
 */
final class MysqlSession implements BannerSession {
    static final int CLIENT_CONNECT_WITH_DB = 0x8, CLIENT_PROTOCOL_41 = 0x200, CLIENT_SSL = 0x800, CLIENT_SECURE_CONNECTION = 0x8000,
            CLIENT_PLUGIN_AUTH = 0x80000, CLIENT_CONNECT_ATTRS = 0x100000, CLIENT_PLUGIN_AUTH_LENENC = 0x200000;
    /** What MySQL 8 offers, less SSL (0x800), COMPRESS (0x20) and LOCAL_FILES (0x80). */
    static final int CAPABILITIES = 0x01FF_F75F;
    /** Client attributes kept in the record at most. */
    private static final int MAX_ATTRS = 16;
    private static final AtomicInteger CONNECTION_IDS = new AtomicInteger(ThreadLocalRandom.current().nextInt(1000, 100_000));

    private final String version;
    private final int maxPacket;
    private final String peer;
    private final SessionReport report;
    private final byte[] buf;
    private int size;
    private boolean finished;

    MysqlSession(String version, int maxPacket, String peer, SessionReport report) {
        this.version = version;
        this.maxPacket = Math.max(64, maxPacket);
        this.peer = peer == null ? "localhost" : peer;
        this.report = report;
        this.buf = new byte[this.maxPacket + 4];
    }

    @Override
    public byte[] greeting() {
        boolean native5 = version.startsWith("5.");
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(10);
        p.writeBytes(version.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        le(p, CONNECTION_IDS.incrementAndGet(), 4);
        byte[] scramble = new byte[20];
        // scramble bytes are printable and never NUL, as the server makes them
        for (int i = 0; i < scramble.length; i++) scramble[i] = (byte) ThreadLocalRandom.current().nextInt(0x21, 0x7f);
        p.write(scramble, 0, 8);
        p.write(0);
        le(p, CAPABILITIES & 0xffff, 2);
        p.write(native5 ? 33 : 255);
        le(p, 0x0002, 2);
        le(p, CAPABILITIES >>> 16, 2);
        p.write(21);
        p.writeBytes(new byte[10]);
        p.write(scramble, 8, 12);
        p.write(0);
        p.writeBytes((native5 ? "mysql_native_password" : "caching_sha2_password").getBytes(StandardCharsets.US_ASCII));
        p.write(0);
        return packet(0, p.toByteArray());
    }

    @Override
    public byte[] receive(byte[] data, int offset, int length) {
        if (finished) return new byte[0];
        int n = Math.min(length, buf.length - size);
        System.arraycopy(data, offset, buf, size, n);
        size += n;
        if (size < 4) return new byte[0];
        int len = (buf[0] & 0xff) | (buf[1] & 0xff) << 8 | (buf[2] & 0xff) << 16;
        int seq = buf[3] & 0xff;
        if (len > maxPacket) {
            finished = true;
            report.record("error", Map.of("reason", "handshake packet too large", "bytes", (long) len));
            return err(seq + 1, 1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes");
        }
        if (size < 4 + len) return new byte[0];
        finished = true;
        return handshake(seq, len);
    }

    private byte[] handshake(int seq, int len) {
        Reader r = new Reader(buf, 4, 4 + len);
        int caps = len >= 4 ? r.le(4) : 0;
        if ((caps & CLIENT_PROTOCOL_41) == 0) {
            // HandshakeResponse320: 2 bytes of capabilities, 3 of max packet, then the user
            r = new Reader(buf, 4, 4 + len);
            caps = r.le(2);
            r.skip(3);
        } else {
            if (len == 32 && (caps & CLIENT_SSL) != 0) {
                report.record("error", Map.of("reason", "TLS requested"));
                return err(seq + 1, 1043, "08S01", "Bad handshake");
            }
            r.skip(4 + 1 + 23);
        }
        String user = r.cstring();
        if (user == null) {
            report.record("error", Map.of("reason", "malformed handshake response", "bytes", (long) len));
            return err(seq + 1, 1043, "08S01", "Bad handshake");
        }
        int authLength;
        boolean complete;
        if ((caps & CLIENT_PLUGIN_AUTH_LENENC) != 0) {
            long l = r.lenenc();
            complete = l >= 0 && l <= r.remaining();
            authLength = complete ? (int) l : 0;
            r.skip(authLength);
        } else if ((caps & CLIENT_SECURE_CONNECTION) != 0) {
            authLength = r.remaining() > 0 ? r.le(1) : 0;
            complete = authLength <= r.remaining();
            r.skip(authLength);
        } else {
            // the oldest clients send the auth response NUL-terminated
            authLength = r.untilNul();
            complete = true;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("auth_response_length", (long) authLength);
        if (complete) {
            String db = (caps & CLIENT_CONNECT_WITH_DB) != 0 ? r.cstring() : null;
            if (db != null && !db.isEmpty()) details.put("database", db);
            String plugin = (caps & CLIENT_PLUGIN_AUTH) != 0 ? r.cstring() : null;
            if (plugin != null && !plugin.isEmpty()) details.put("client_plugin", plugin);
            if ((caps & CLIENT_CONNECT_ATTRS) != 0) {
                Map<String, String> attrs = attributes(r);
                if (!attrs.isEmpty()) details.put("client_attributes", attrs);
            }
        }
        report.login("mysql", user, null, details);
        boolean password = authLength > 0;
        return err(seq + 1, 1045, "28000", "Access denied for user '" + user + "'@'" + peer + "' (using password: " + (password ? "YES" : "NO") + ")");
    }

    private static Map<String, String> attributes(Reader r) {
        Map<String, String> attrs = new LinkedHashMap<>();
        long total = r.lenenc();
        if (total < 0 || total > r.remaining()) return attrs;
        int end = r.pos + (int) total;
        while (r.pos < end && attrs.size() < MAX_ATTRS) {
            String k = r.lenencString(end), v = r.lenencString(end);
            if (k == null || v == null) break;
            attrs.put(k, v);
        }
        return attrs;
    }

    private static byte[] err(int seq, int code, String state, String message) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0xff);
        le(p, code, 2);
        p.write('#');
        p.writeBytes(state.getBytes(StandardCharsets.US_ASCII));
        p.writeBytes(message.getBytes(StandardCharsets.UTF_8));
        return packet(seq & 0xff, p.toByteArray());
    }

    private static byte[] packet(int seq, byte[] payload) {
        byte[] b = new byte[payload.length + 4];
        b[0] = (byte) payload.length;
        b[1] = (byte) (payload.length >> 8);
        b[2] = (byte) (payload.length >> 16);
        b[3] = (byte) seq;
        System.arraycopy(payload, 0, b, 4, payload.length);
        return b;
    }

    private static void le(ByteArrayOutputStream out, int v, int bytes) {
        for (int i = 0; i < bytes; i++) out.write(v >>> (8 * i) & 0xff);
    }

    @Override
    public boolean finished() { return finished; }

    /** A bounds-checked cursor over the packet: reads past the end give -1 or null, never an exception. */
    private static final class Reader {
        final byte[] b;
        final int end;
        int pos;

        Reader(byte[] b, int from, int end) {
            this.b = b;
            this.pos = from;
            this.end = end;
        }

        int remaining() { return Math.max(0, end - pos); }

        void skip(int n) { pos = (int) Math.min((long) end, (long) pos + Math.max(0, n)); }

        int le(int n) {
            if (remaining() < n) {
                pos = end;
                return 0;
            }
            int v = 0;
            for (int i = 0; i < n; i++) v |= (b[pos++] & 0xff) << (8 * i);
            return v;
        }

        /** A length-encoded integer, or -1 when absent or a NULL/undefined marker. */
        long lenenc() {
            if (remaining() < 1) return -1;
            int first = b[pos++] & 0xff;
            if (first < 0xfb) return first;
            int n = first == 0xfc ? 2 : first == 0xfd ? 3 : first == 0xfe ? 8 : -1;
            if (n < 0 || remaining() < n) return -1;
            long v = 0;
            for (int i = 0; i < n; i++) v |= (long) (b[pos++] & 0xff) << (8 * i);
            return v < 0 ? -1 : v;
        }

        String lenencString(int limit) {
            long n = lenenc();
            if (n < 0 || n > limit - pos) return null;
            String s = new String(b, pos, (int) n, StandardCharsets.UTF_8);
            pos += (int) n;
            return s;
        }

        /** Skips the bytes before the next NUL (or the packet's end) and the NUL; returns how many there were. */
        int untilNul() {
            int i = pos;
            while (i < end && b[i] != 0) i++;
            int n = i - pos;
            pos = Math.min(end, i + 1);
            return n;
        }

        /** A NUL-terminated string, or null when no NUL ends it within the packet (or nothing is left). */
        String cstring() {
            for (int i = pos; i < end; i++) {
                if (b[i] == 0) {
                    String s = new String(b, pos, i - pos, StandardCharsets.UTF_8);
                    pos = i + 1;
                    return s;
                }
            }
            if (pos < end) {
                // the last field may run to the end of the packet without its NUL
                String s = new String(b, pos, end - pos, StandardCharsets.UTF_8);
                pos = end;
                return s;
            }
            return null;
        }
    }
}

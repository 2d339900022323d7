package dev.vigil.deception.decoy.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Redis server with {@code requirepass} set, speaking RESP (multi-bulk arrays, and the inline commands
 * redis-cli and netcat users type): AUTH is a login record and WRONGPASS, every other command is recorded
 * and answered NOAUTH, as a protected server does. Command arguments are never interpreted. A protocol
 * error ends the session, as Redis ends it.
 */
final class RedisSession implements BannerSession {
    /** Arguments in one command at most (Redis allows far more; a decoy has no use for them). */
    static final int MAX_ARGS = 64;
    /** Characters of a command kept in its record. */
    static final int MAX_RECORDED = 1024;
    private static final byte[] NOAUTH = "-NOAUTH Authentication required.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final int maxLine;
    private final SessionReport report;
    private final byte[] buf;
    private int size;
    private boolean finished;

    RedisSession(String version, int maxLine, SessionReport report) {
        this.maxLine = Math.max(64, maxLine);
        this.report = report;
        // one command in flight at most: its arguments are each capped at maxLine, and their number at MAX_ARGS
        this.buf = new byte[Math.min(this.maxLine * 4, 1 << 20)];
    }

    @Override
    public byte[] greeting() { return new byte[0]; }

    @Override
    public byte[] receive(byte[] data, int offset, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = offset, end = offset + length;
        while (i < end && !finished) {
            int n = Math.min(end - i, buf.length - size);
            System.arraycopy(data, i, buf, size, n);
            size += n;
            i += n;
            drain(out);
            if (size == buf.length && !finished) error(out, "Protocol error: too big request");
        }
        return out.toByteArray();
    }

    /** Answers every complete command at the head of the buffer. */
    private void drain(ByteArrayOutputStream out) {
        int pos = 0;
        while (pos < size && !finished) {
            int[] next = {pos};
            List<String> args = buf[pos] == '*' ? multibulk(next, out) : inline(next, out);
            if (finished) return;
            if (args == null) break;
            pos = next[0];
            if (!args.isEmpty()) command(args, out);
        }
        System.arraycopy(buf, pos, buf, 0, size - pos);
        size -= pos;
    }

    private List<String> inline(int[] at, ByteArrayOutputStream out) {
        int eol = indexOf((byte) '\n', at[0]);
        if (eol < 0) {
            if (size - at[0] > maxLine) error(out, "Protocol error: too big inline request");
            return null;
        }
        String line = new String(buf, at[0], eol - at[0], StandardCharsets.UTF_8).strip();
        at[0] = eol + 1;
        List<String> args = new ArrayList<>();
        for (String a : line.split("\\s+", MAX_ARGS)) if (!a.isEmpty()) args.add(a);
        return args;
    }

    private List<String> multibulk(int[] at, ByteArrayOutputStream out) {
        int p = at[0] + 1;
        long count = number(p);
        if (count == INCOMPLETE) return null;
        if (count == BAD || count > MAX_ARGS) {
            error(out, count == BAD ? "Protocol error: invalid multibulk length" : "Protocol error: too many arguments");
            return null;
        }
        p = indexOf((byte) '\n', p) + 1;
        List<String> args = new ArrayList<>();
        for (long k = 0; k < count; k++) {
            if (p >= size) return null;
            if (buf[p] != '$') {
                error(out, "Protocol error: expected '$', got '" + (char) (buf[p] & 0x7f) + "'");
                return null;
            }
            long len = number(p + 1);
            if (len == INCOMPLETE) return null;
            if (len == BAD || len > maxLine) {
                error(out, "Protocol error: invalid bulk length");
                return null;
            }
            p = indexOf((byte) '\n', p + 1) + 1;
            if (size - p < len + 2) return null;
            args.add(new String(buf, p, (int) len, StandardCharsets.UTF_8));
            p += (int) len + 2;
        }
        at[0] = p;
        return args;
    }

    private static final long INCOMPLETE = -2, BAD = -3;

    /** The decimal number from {@code p} to the end of its line; INCOMPLETE without a line end yet, BAD if not a number. */
    private long number(int p) {
        int eol = indexOf((byte) '\n', p);
        if (eol < 0) return size - p > 24 ? BAD : INCOMPLETE;
        int end = eol > p && buf[eol - 1] == '\r' ? eol - 1 : eol;
        if (end == p || end - p > 18) return BAD;
        long v = 0;
        for (int i = p; i < end; i++) {
            if (buf[i] < '0' || buf[i] > '9') return BAD;
            v = v * 10 + (buf[i] - '0');
        }
        return v;
    }

    private void command(List<String> args, ByteArrayOutputStream out) {
        String name = args.getFirst().toUpperCase(Locale.ROOT);
        String text = String.join(" ", args);
        switch (name) {
            case "AUTH" -> {
                String user = args.size() >= 3 ? args.get(1) : "default";
                String pass = args.size() >= 3 ? args.get(2) : args.size() == 2 ? args.get(1) : "";
                if (args.size() < 2 || args.size() > 3) {
                    out.writeBytes("-ERR wrong number of arguments for 'auth' command\r\n".getBytes(StandardCharsets.US_ASCII));
                    report.command(clip(text));
                    return;
                }
                report.login("redis", clip(user), clip(pass), Map.of());
                out.writeBytes("-WRONGPASS invalid username-password pair or user is disabled.\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            case "QUIT" -> {
                report.command("QUIT");
                out.writeBytes("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                finished = true;
            }
            default -> {
                report.command(clip(text));
                out.writeBytes(NOAUTH);
            }
        }
    }

    private void error(ByteArrayOutputStream out, String message) {
        out.writeBytes(("-ERR " + message + "\r\n").getBytes(StandardCharsets.US_ASCII));
        report.record("error", Map.of("reason", message));
        finished = true;
    }

    private int indexOf(byte c, int from) {
        for (int i = Math.max(0, from); i < size; i++) if (buf[i] == c) return i;
        return -1;
    }

    private static String clip(String s) {
        return s.length() <= MAX_RECORDED ? s : s.substring(0, MAX_RECORDED);
    }

    @Override
    public boolean finished() { return finished; }
}

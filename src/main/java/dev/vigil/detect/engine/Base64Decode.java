package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code base64_decode[:bytes n][, offset n][, relative]} with the {@code base64_data} contents after it:
 * base64 from the buffer (at {@code offset} from its start, or from the cursor when {@code relative}, at
 * most {@code bytes} characters) decoded as RFC 4648 reads it, up to the first character that is not of
 * the alphabet (or padding), and the contents matched on the decoded bytes. Nothing decoded fails the
 * rule, as in Suricata; the cursor does not move. The decoded bytes are at most three quarters of the
 * buffer, so hostile input cannot make them grow.
 */
record Base64Decode(int bytes, int offset, boolean relative, List<Object> data) implements CursorKeyword {
    private static final Pattern OPTION = Pattern.compile("(bytes|offset)\\s+(\\d+)|relative");
    private static final byte[] VALUE = new byte[256];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) VALUE[alphabet.charAt(i)] = (byte) i;
    }

    static Base64Decode parse(String value, List<Object> data) throws RuleException {
        int bytes = 0, offset = 0;
        boolean relative = false;
        Matcher m = OPTION.matcher(value == null ? "" : value);
        while (m.find()) {
            if (m.group(1) == null) relative = true;
            else {
                long n = Long.parseLong(m.group(2));
                if (n > 65535) throw new RuleException("base64_decode", "base64_decode " + m.group(1) + " over 65535");
                if (m.group(1).equals("bytes")) bytes = (int) n;
                else offset = (int) n;
            }
        }
        return new Base64Decode(bytes, offset, relative, data);
    }

    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        long start = relative ? (long) cursor + offset : offset;
        if (start >= len) return -1;
        int end = bytes > 0 ? (int) Math.min(len, start + bytes) : len;
        byte[] out = decode(buf, (int) start, end);
        if (out.length == 0) return -1;
        if (data.isEmpty()) return cursor;
        // a decode's contents have their own cursor and variables: an inspector of their own
        return new BufferInspector().inspect(data, out, out.length) ? cursor : -1;
    }

    /** RFC 4648 base64 of {@code buf[from, to)}, up to the first byte outside the alphabet; a final partial group too. */
    static byte[] decode(byte[] buf, int from, int to) {
        byte[] out = new byte[(to - from) / 4 * 3 + 3];
        int n = 0, acc = 0, have = 0;
        for (int i = from; i < to; i++) {
            int v = VALUE[buf[i] & 0xFF];
            if (v < 0) break;
            acc = acc << 6 | v;
            if (++have == 4) {
                out[n++] = (byte) (acc >> 16);
                out[n++] = (byte) (acc >> 8);
                out[n++] = (byte) acc;
                acc = 0;
                have = 0;
            }
        }
        if (have == 2) out[n++] = (byte) (acc >> 4);
        else if (have == 3) {
            out[n++] = (byte) (acc >> 10);
            out[n++] = (byte) (acc >> 2);
        }
        return java.util.Arrays.copyOf(out, n);
    }

    @Override
    public boolean relative() { return relative; }
}

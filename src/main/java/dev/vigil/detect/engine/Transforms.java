package dev.vigil.detect.engine;

import java.util.List;
import java.util.Set;

/** The buffer transforms the engine applies so far, as Suricata defines them. */
final class Transforms {
    private Transforms() {}

    private static final Set<String> SUPPORTED = Set.of("dotprefix", "to_lowercase", "to_uppercase", "strip_whitespace", "compress_whitespace");

    static boolean supported(String name) { return SUPPORTED.contains(name); }

    static byte[] apply(List<String> transforms, byte[] v) {
        byte[] out = v;
        for (String t : transforms) out = apply(t, out);
        return out;
    }

    private static boolean space(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f';
    }

    private static byte[] apply(String t, byte[] v) {
        switch (t) {
            case "dotprefix" -> {
                byte[] o = new byte[v.length + 1];
                o[0] = '.';
                System.arraycopy(v, 0, o, 1, v.length);
                return o;
            }
            case "to_lowercase", "to_uppercase" -> {
                byte[] o = v.clone();
                boolean lower = t.equals("to_lowercase");
                for (int i = 0; i < o.length; i++) {
                    int c = o[i] & 0xFF;
                    if (lower && c >= 'A' && c <= 'Z') o[i] = (byte) (c + 32);
                    if (!lower && c >= 'a' && c <= 'z') o[i] = (byte) (c - 32);
                }
                return o;
            }
            case "strip_whitespace" -> {
                java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream(v.length);
                for (byte b : v) if (!space(b)) o.write(b);
                return o.toByteArray();
            }
            case "compress_whitespace" -> {
                java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream(v.length);
                boolean prev = false;
                for (byte b : v) {
                    boolean s = space(b);
                    if (s && prev) continue;
                    o.write(s ? ' ' : b);
                    prev = s;
                }
                return o.toByteArray();
            }
            default -> throw new IllegalArgumentException("transform " + t + " is not applied yet");
        }
    }
}

package dev.vigil.intel.stix.pattern;

import java.util.Arrays;

/** An IPv4 or IPv6 address or network in CIDR notation; a bare address is a /32 or /128. */
record Cidr(byte[] address, int prefix) {

    /** Null when the text is neither an address nor a CIDR network. */
    static Cidr parse(String s) {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] a = addr.indexOf(':') >= 0 ? v6(addr) : v4(addr);
        if (a == null) return null;
        int max = a.length * 8, prefix = max;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (p.isEmpty() || p.length() > 3) return null;
            prefix = 0;
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < '0' || c > '9') return null;
                prefix = prefix * 10 + (c - '0');
            }
            if (prefix > max) return null;
        }
        return new Cidr(a, prefix);
    }

    /** Whether every address of {@code inner} lies in this network. */
    boolean contains(Cidr inner) {
        if (inner.address.length != address.length || inner.prefix < prefix) return false;
        for (int bit = 0; bit < prefix; bit++) {
            int mask = 0x80 >>> (bit & 7);
            if ((address[bit >> 3] & mask) != (inner.address[bit >> 3] & mask)) return false;
        }
        return true;
    }

    /** Same network, host bits beyond the prefix ignored. */
    boolean sameNetwork(Cidr o) {
        return o.prefix == prefix && contains(o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.address, address);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(address) * 31 + prefix;
    }

    private static byte[] v4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return null;
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                char c = p.charAt(j);
                if (c < '0' || c > '9') return null;
                v = v * 10 + (c - '0');
            }
            if (v > 255) return null;
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] v6(String s) {
        if (s.length() > 45) return null;
        int dbl = s.indexOf("::");
        if (dbl >= 0 && s.indexOf("::", dbl + 1) >= 0) return null;
        String head = dbl >= 0 ? s.substring(0, dbl) : s;
        String tail = dbl >= 0 ? s.substring(dbl + 2) : "";
        int[] h = groups(head), t = groups(tail);
        if (h == null || t == null) return null;
        int total = h.length + t.length;
        if (dbl < 0 ? total != 8 : total > 7) return null;
        byte[] out = new byte[16];
        for (int i = 0; i < h.length; i++) {
            out[2 * i] = (byte) (h[i] >> 8);
            out[2 * i + 1] = (byte) h[i];
        }
        for (int i = 0; i < t.length; i++) {
            int g = 8 - t.length + i;
            out[2 * g] = (byte) (t[i] >> 8);
            out[2 * g + 1] = (byte) t[i];
        }
        return out;
    }

    private static int[] groups(String s) {
        if (s.isEmpty()) return new int[0];
        String[] parts = s.split(":", -1);
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 4) return null;
            int v = 0;
            for (int j = 0; j < p.length(); j++) {
                int d = StixPatternParser.hexDigit(p.charAt(j));
                if (d < 0) return null;
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }
}

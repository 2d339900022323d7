package dev.vigil.detect.ioc;

import com.google.common.net.InetAddresses;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The values one record shows, by field, normalised as {@link Atom} normalises indicator values. Reused
 * record after record by one thread; bounded (a record with thousands of DNS answers keeps the first
 * {@link #MAX_PER_FIELD} of each field).
 */
public final class ObservedValues {
    static final int MAX_PER_FIELD = 64;

    private final Map<IndicatorField, List<String>> values = new EnumMap<>(IndicatorField.class);
    private byte[] src, dst;
    private String srcText, dstText;

    public void clear() {
        for (List<String> l : values.values()) l.clear();
        src = dst = null;
        srcText = dstText = null;
    }

    /** The record's client and server addresses (either may be null); text that is no address is ignored. */
    public void endpoints(String srcIp, String dstIp) {
        src = parse(srcIp);
        dst = parse(dstIp);
        srcText = dstText = null;
    }

    public void add(IndicatorField field, String raw) {
        if (raw == null || raw.isEmpty() || field.address()) return;
        List<String> l = values.computeIfAbsent(field, k -> new ArrayList<>());
        if (l.size() >= MAX_PER_FIELD) return;
        String v;
        try {
            v = Atom.normalise(field, raw);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (!l.contains(v)) l.add(v);
    }

    List<String> of(IndicatorField field) {
        List<String> l = values.get(field);
        return l == null ? List.of() : l;
    }

    byte[] src() { return src; }
    byte[] dst() { return dst; }
    String srcText() {
        if (srcText == null && src != null) srcText = text(src);
        return srcText;
    }

    String dstText() {
        if (dstText == null && dst != null) dstText = text(dst);
        return dstText;
    }

    private static String text(byte[] a) {
        try {
            return InetAddresses.toAddrString(java.net.InetAddress.getByAddress(a));
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An address literal's bytes, or null; dotted quads (nearly every record) without a general parser. */
    static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty()) return null;
        byte[] v4 = dottedQuad(ip);
        if (v4 != null) return v4;
        if (ip.indexOf(':') < 0) return null;
        String t = ip.trim();
        return InetAddresses.isInetAddress(t) ? InetAddresses.forString(t).getAddress() : null;
    }

    private static byte[] dottedQuad(String s) {
        int n = s.length();
        if (n < 7 || n > 15) return null;
        byte[] out = new byte[4];
        int part = 0, value = 0, digits = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                // a leading zero makes the text ambiguous (octal to some parsers): left to the general parser, which refuses it
                if (digits == 1 && value == 0) return null;
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return null;
            } else if (c == '.' && digits > 0 && part < 3) {
                out[part++] = (byte) value;
                value = digits = 0;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0) return null;
        out[3] = (byte) value;
        return out;
    }
}

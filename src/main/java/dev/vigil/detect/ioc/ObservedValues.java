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
        srcText = src == null ? null : InetAddresses.toAddrString(InetAddresses.forString(strip(srcIp)));
        dstText = dst == null ? null : InetAddresses.toAddrString(InetAddresses.forString(strip(dstIp)));
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
    String srcText() { return srcText; }
    String dstText() { return dstText; }

    private static String strip(String s) {
        return s.trim();
    }

    private static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty()) return null;
        String t = ip.trim();
        return InetAddresses.isInetAddress(t) ? InetAddresses.forString(t).getAddress() : null;
    }
}

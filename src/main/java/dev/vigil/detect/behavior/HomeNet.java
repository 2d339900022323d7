package dev.vigil.detect.behavior;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The networks the defended organisation owns (Suricata's {@code HOME_NET}): detectors ask which side
 * of a connection is inside. Addresses are compared as numbers, so any text form of an address works.
 */
public final class HomeNet {
    private record Block(byte[] prefix, int bits) {}

    private final List<Block> blocks = new ArrayList<>();
    private final List<String> text = new ArrayList<>();

    /** RFC 1918, the RFC 4193 unique-local block and link-local: Suricata's default HOME_NET plus IPv6's private blocks. */
    public static final List<String> PRIVATE = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10");

    public HomeNet(List<String> cidrs) {
        for (String c : cidrs) {
            String s = c.trim();
            if (s.isEmpty()) continue;
            int slash = s.indexOf('/');
            byte[] a = parse(slash < 0 ? s : s.substring(0, slash));
            if (a == null) throw new IllegalArgumentException("not an address block: " + c);
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(s.substring(slash + 1));
            if (bits < 0 || bits > a.length * 8) throw new IllegalArgumentException("bad prefix length: " + c);
            blocks.add(new Block(a, bits));
            text.add(s);
        }
    }

    /**
     * From a Suricata variable value such as {@code [10.0.0.0/8,192.168.0.0/16]}; negations and
     * variable references cannot be resolved here and fall back to {@link #PRIVATE}.
     */
    public static HomeNet ofVariable(String value) {
        if (value == null || value.isBlank() || value.contains("!") || value.contains("$") || value.equalsIgnoreCase("any")) return new HomeNet(PRIVATE);
        String v = value.trim();
        if (v.startsWith("[")) v = v.substring(1);
        if (v.endsWith("]")) v = v.substring(0, v.length() - 1);
        return new HomeNet(List.of(v.split(",")));
    }

    /** Answers by address text: detectors ask about the same few thousand addresses again and again. */
    private final java.util.concurrent.ConcurrentHashMap<String, Boolean> answers = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_ANSWERS = 1 << 16;

    public boolean contains(String ip) {
        if (ip == null) return false;
        Boolean known = answers.get(ip);
        if (known != null) return known;
        byte[] a = parse(ip);
        boolean in = false;
        if (a != null) for (Block b : blocks) if (b.prefix.length == a.length && matches(b, a)) in = true;
        // a flood of new addresses empties the memo rather than growing it
        if (answers.size() >= MAX_ANSWERS) answers.clear();
        answers.put(ip, in);
        return in;
    }

    public List<String> blocks() { return List.copyOf(text); }

    /**
     * True for multicast and broadcast destinations (224.0.0.0/4, 255.255.255.255, ff00::/8): link
     * chatter (neighbour discovery, mDNS, SSDP) on timers of its own, never one peer.
     */
    public static boolean groupAddress(String ip) {
        byte[] a = parse(ip);
        if (a == null) return false;
        if (a.length == 4) return (a[0] & 0xF0) == 0xE0 || (a[0] & 0xFF) == 255 && (a[1] & 0xFF) == 255 && (a[2] & 0xFF) == 255 && (a[3] & 0xFF) == 255;
        return (a[0] & 0xFF) == 0xFF;
    }

    private static boolean matches(Block b, byte[] a) {
        int full = b.bits / 8, rest = b.bits % 8;
        for (int i = 0; i < full; i++) if (a[i] != b.prefix[i]) return false;
        if (rest == 0) return true;
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (b.prefix[full] & mask);
    }

    /** An address literal's bytes, or null for anything that is not one (names are never resolved). */
    static byte[] parse(String ip) {
        if (ip == null || ip.isEmpty()) return null;
        char c = ip.charAt(0);
        if (!(Character.digit(c, 16) >= 0 || c == ':')) return null;
        try {
            return InetAddress.ofLiteral(ip).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

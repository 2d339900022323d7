package dev.vigil.scenario.grade;

import java.net.InetAddress;

/**
 * An answer key's address: one IPv4/IPv6 address or a CIDR block. Addresses are compared as bytes, so
 * Suricata's uncompressed IPv6 text ({@code 2001:0db8:0000:...}) equals a key's {@code 2001:db8::...}.
 */
final class AddressBlock {
    private final String text;
    private final byte[] network;
    private final int prefix;

    private AddressBlock(String text, byte[] network, int prefix) {
        this.text = text;
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException for text that is not an address literal or a CIDR block */
    static AddressBlock parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] addr = bytes(slash < 0 ? t : t.substring(0, slash));
        if (addr == null) throw new IllegalArgumentException("not an address or CIDR block: " + text);
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length: " + text, e);
            }
            if (prefix < 0 || prefix > bits) throw new IllegalArgumentException("bad prefix length: " + text);
        }
        // host bits in a key's block (10.1.2.3/24) are meant as the block, not as an error
        for (int i = 0; i < addr.length; i++) addr[i] &= mask(i, prefix);
        return new AddressBlock(t, addr, prefix);
    }

    /** True when {@code ip} (an address literal as EVE writes it) lies in this block; false for null or unreadable text. */
    boolean contains(String ip) {
        if (ip == null) return false;
        byte[] a = bytes(ip.trim());
        if (a == null || a.length != network.length) return false;
        for (int i = 0; i < a.length; i++) {
            if ((a[i] & mask(i, prefix)) != network[i]) return false;
        }
        return true;
    }

    private static byte mask(int byteIndex, int prefix) {
        int bits = Math.clamp(prefix - byteIndex * 8L, 0, 8);
        return (byte) (0xFF << (8 - bits));
    }

    // ofLiteral never asks a resolver: an EVE file's text must not turn into DNS lookups
    private static byte[] bytes(String literal) {
        if (literal.isEmpty()) return null;
        try {
            return InetAddress.ofLiteral(literal).getAddress();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return text;
    }
}

package dev.vigil.intel.misp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A set of IPv4 and IPv6 blocks as sorted, merged [first, last] ranges per family: a lookup is one binary
 * search, however many blocks a warninglist holds (cloud-provider lists have tens of thousands).
 */
final class AddressRanges {
    private byte[][] firsts4 = new byte[0][], lasts4 = new byte[0][], firsts6 = new byte[0][], lasts6 = new byte[0][];
    private final List<byte[][]> pending4 = new ArrayList<>(), pending6 = new ArrayList<>();

    /** Adds a block; false when the text is neither an address nor a CIDR block. */
    boolean add(String text) {
        String t = text.trim();
        Values.Cidr c = Values.cidr(t);
        if (c == null) {
            InetAddress a = Values.ip(t);
            if (a == null) return false;
            c = new Values.Cidr(a.getAddress(), a instanceof Inet4Address ? 32 : 128);
        }
        byte[] first = c.address().clone(), last = c.address().clone();
        for (int bit = c.bits(); bit < first.length * 8; bit++) {
            int i = bit / 8, mask = 0x80 >>> (bit % 8);
            first[i] &= (byte) ~mask;
            last[i] |= (byte) mask;
        }
        (c.v4() ? pending4 : pending6).add(new byte[][] {first, last});
        return true;
    }

    /** Sorts and merges what {@link #add} collected; call once after the last add. */
    void freeze() {
        byte[][][] m4 = merge(pending4), m6 = merge(pending6);
        firsts4 = m4[0];
        lasts4 = m4[1];
        firsts6 = m6[0];
        lasts6 = m6[1];
        pending4.clear();
        pending6.clear();
    }

    private static byte[][][] merge(List<byte[][]> ranges) {
        ranges.sort(Comparator.comparing((byte[][] r) -> r[0], Arrays::compareUnsigned));
        List<byte[]> f = new ArrayList<>(), l = new ArrayList<>();
        for (byte[][] r : ranges) {
            if (!l.isEmpty() && Arrays.compareUnsigned(r[0], l.getLast()) <= 0) {
                if (Arrays.compareUnsigned(r[1], l.getLast()) > 0) l.set(l.size() - 1, r[1]);
            } else {
                f.add(r[0]);
                l.add(r[1]);
            }
        }
        return new byte[][][] {f.toArray(byte[][]::new), l.toArray(byte[][]::new)};
    }

    boolean contains(InetAddress a) {
        byte[] b = a.getAddress();
        byte[][] firsts = b.length == 4 ? firsts4 : firsts6, lasts = b.length == 4 ? lasts4 : lasts6;
        int found = floor(firsts, b);
        return found >= 0 && Arrays.compareUnsigned(b, lasts[found]) <= 0;
    }

    /** True when the whole block lies inside one range (a CIDR attribute inside RFC 1918 is on the list). */
    boolean containsBlock(Values.Cidr c) {
        byte[] first = c.address().clone(), last = c.address().clone();
        for (int bit = c.bits(); bit < first.length * 8; bit++) {
            int i = bit / 8, mask = 0x80 >>> (bit % 8);
            first[i] &= (byte) ~mask;
            last[i] |= (byte) mask;
        }
        try {
            InetAddress f = InetAddress.getByAddress(first), l = InetAddress.getByAddress(last);
            if (!contains(f) || !contains(l)) return false;
            // merged ranges are disjoint, so both ends in ranges means one range iff no gap: check they share it
            byte[][] firsts = first.length == 4 ? firsts4 : firsts6;
            int a = floor(firsts, first), b = floor(firsts, last);
            return a == b;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static int floor(byte[][] firsts, byte[] b) {
        int lo = 0, hi = firsts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Arrays.compareUnsigned(firsts[mid], b) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    int size() {
        return firsts4.length + firsts6.length;
    }
}

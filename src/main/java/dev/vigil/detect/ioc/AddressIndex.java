package dev.vigil.detect.ioc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Addresses and address blocks of one field, keyed by their masked value per prefix length: a lookup is
 * one hash probe per prefix length in use (a feed of single addresses and a few dozen block sizes costs a
 * few dozen probes), with no tree to walk and no per-entry node objects beyond the map's own.
 */
final class AddressIndex {
    private final LongKeyMap[] v4 = new LongKeyMap[33];
    private final Map<V6, int[]>[] v6 = newMaps(129);
    private int[] v4Lengths = new int[0], v6Lengths = new int[0];

    private record V6(long hi, long lo) {}

    @SuppressWarnings("unchecked")
    private static <K> Map<K, int[]>[] newMaps(int n) {
        return new Map[n];
    }

    void add(byte[] address, int bits, int clause) {
        if (address.length == 4) {
            long k = v4Key(address, bits);
            if (v4[bits] == null) v4[bits] = new LongKeyMap();
            v4[bits].add(k, clause);
        } else {
            V6 k = v6Key(address, bits);
            if (v6[bits] == null) v6[bits] = new HashMap<>();
            v6[bits].merge(k, new int[] {clause}, AddressIndex::concat);
        }
    }

    /** Fixes the prefix lengths to probe, longest first (the most specific entry is reported first). */
    void seal() {
        List<Integer> a = new ArrayList<>(), b = new ArrayList<>();
        for (int i = 32; i >= 0; i--) if (v4[i] != null) a.add(i);
        for (int i = 128; i >= 0; i--) if (v6[i] != null) b.add(i);
        v4Lengths = a.stream().mapToInt(Integer::intValue).toArray();
        v6Lengths = b.stream().mapToInt(Integer::intValue).toArray();
    }

    boolean isEmpty() {
        return v4Lengths.length == 0 && v6Lengths.length == 0;
    }

    /** How many prefix lengths a lookup of an address of this family probes. */
    int probes(byte[] address) {
        return address.length == 4 ? v4Lengths.length : address.length == 16 ? v6Lengths.length : 0;
    }

    /** The clauses whose address or block of the {@code i}-th probed length holds {@code address}, or null. */
    int[] probe(byte[] address, int i) {
        if (address.length == 4) {
            int bits = v4Lengths[i];
            return v4[bits].get(v4Key(address, bits));
        }
        int bits = v6Lengths[i];
        return v6[bits].get(v6Key(address, bits));
    }

    static boolean contains(byte[] block, int bits, byte[] address) {
        if (block.length != address.length) return false;
        for (int i = 0; i < block.length && bits > 0; i++, bits -= 8) {
            int m = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((block[i] & m) != (address[i] & m)) return false;
        }
        return true;
    }

    private static long v4Key(byte[] a, int bits) {
        long v = ((a[0] & 0xffL) << 24) | ((a[1] & 0xffL) << 16) | ((a[2] & 0xffL) << 8) | (a[3] & 0xffL);
        return bits == 0 ? 0 : v & (0xffffffffL << (32 - bits)) & 0xffffffffL;
    }

    private static V6 v6Key(byte[] a, int bits) {
        long hi = 0, lo = 0;
        for (int i = 0; i < 8; i++) hi = (hi << 8) | (a[i] & 0xffL);
        for (int i = 8; i < 16; i++) lo = (lo << 8) | (a[i] & 0xffL);
        if (bits < 64) {
            hi = bits == 0 ? 0 : hi & (-1L << (64 - bits));
            lo = 0;
        } else if (bits < 128) {
            lo = bits == 64 ? 0 : lo & (-1L << (128 - bits));
        }
        return new V6(hi, lo);
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}

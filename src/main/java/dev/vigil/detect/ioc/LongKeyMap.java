package dev.vigil.detect.ioc;

/**
 * An open-addressing map from a long key to clause ids, for the address index: no boxing on lookup (a
 * probe per prefix length per address is the hot path of matching) and about 20 bytes per entry.
 */
final class LongKeyMap {
    private long[] keys = new long[16];
    private int[][] values = new int[16][];
    private int size;

    void add(long key, int clause) {
        if ((size + 1) * 2 > keys.length) grow();
        int i = slot(key, keys.length);
        while (values[i] != null && keys[i] != key) i = (i + 1) & (keys.length - 1);
        if (values[i] == null) {
            keys[i] = key;
            values[i] = new int[] {clause};
            size++;
        } else {
            values[i] = AddressIndex.concat(values[i], new int[] {clause});
        }
    }

    int[] get(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, keys.length); ; i = (i + 1) & mask) {
            int[] v = values[i];
            if (v == null) return null;
            if (keys[i] == key) return v;
        }
    }

    private static int slot(long key, int length) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & (length - 1);
    }

    private void grow() {
        long[] k = keys;
        int[][] v = values;
        keys = new long[k.length * 2];
        values = new int[k.length * 2][];
        size = 0;
        for (int i = 0; i < k.length; i++) {
            if (v[i] == null) continue;
            int j = slot(k[i], keys.length);
            while (values[j] != null) j = (j + 1) & (keys.length - 1);
            keys[j] = k[i];
            values[j] = v[i];
            size++;
        }
    }
}

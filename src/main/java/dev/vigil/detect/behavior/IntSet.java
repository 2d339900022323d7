package dev.vigil.detect.behavior;

import java.util.Arrays;

/**
 * A small set of ints (ports, hashed addresses) in a sorted array that stops growing at a cap: a
 * detector only needs to know that a threshold was crossed, never the full set of a flood.
 */
final class IntSet {
    private int[] values = new int[4];
    private int size;
    private final int cap;

    IntSet(int cap) {
        this.cap = cap;
    }

    /** @return true when {@code v} was new and kept */
    boolean add(int v) {
        int i = Arrays.binarySearch(values, 0, size, v);
        if (i >= 0 || size >= cap) return false;
        i = -i - 1;
        if (size == values.length) values = Arrays.copyOf(values, Math.min(cap, values.length * 2));
        System.arraycopy(values, i, values, i + 1, size - i);
        values[i] = v;
        size++;
        return true;
    }

    boolean contains(int v) {
        return Arrays.binarySearch(values, 0, size, v) >= 0;
    }

    int size() { return size; }

    void clear() {
        size = 0;
        if (values.length > 16) values = new int[4];
    }

    /** The first {@code n} values, ascending (for evidence). */
    java.util.List<Integer> sample(int n) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < Math.min(n, size); i++) out.add(values[i]);
        return out;
    }
}

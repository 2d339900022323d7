package dev.vigil.applayer.quic;

/**
 * The CRYPTO stream of one side's Initial packet space, reassembled from frames that may arrive in any
 * order, repeated or overlapping, spread over several packets and datagrams (RFC 9000 section 19.6).
 * Only the first {@link #MAX_BYTES} bytes are kept: a ClientHello beyond that is not worth the memory.
 */
final class CryptoStream {
    /** Bound of the reassembled stream; a ClientHello (even with post-quantum key shares) is far smaller. */
    static final int MAX_BYTES = 64 * 1024;
    /** Bound of the number of separate received ranges, so hostile fragmentation cannot cost CPU. */
    static final int MAX_RANGES = 64;

    private byte[] data = new byte[2048];
    // Sorted, disjoint, non-adjacent received ranges [starts[i], ends[i]).
    private final int[] starts = new int[MAX_RANGES];
    private final int[] ends = new int[MAX_RANGES];
    private int ranges;

    /**
     * Adds {@code len} bytes at stream offset {@code offset}. Returns false when the data lies (partly)
     * beyond the bound or would need too many ranges: the caller reports it; what fits is kept.
     */
    boolean add(long offset, byte[] b, int off, int len) {
        if (len <= 0) return true;
        if (offset >= MAX_BYTES) return false;
        boolean fits = offset + len <= MAX_BYTES;
        int s = (int) offset;
        int e = fits ? s + len : MAX_BYTES;
        if (data.length < e) {
            byte[] n = new byte[Math.min(MAX_BYTES, Math.max(e, data.length * 2))];
            System.arraycopy(data, 0, n, 0, data.length);
            data = n;
        }
        System.arraycopy(b, off, data, s, e - s);
        return insert(s, e) && fits;
    }

    private boolean insert(int s, int e) {
        int i = 0;
        while (i < ranges && ends[i] < s) i++;
        int j = i;
        int ns = s, ne = e;
        while (j < ranges && starts[j] <= e) {
            ns = Math.min(ns, starts[j]);
            ne = Math.max(ne, ends[j]);
            j++;
        }
        int merged = j - i;
        if (merged == 0) {
            if (ranges == MAX_RANGES) return false;
            System.arraycopy(starts, i, starts, i + 1, ranges - i);
            System.arraycopy(ends, i, ends, i + 1, ranges - i);
            ranges++;
        } else if (merged > 1) {
            System.arraycopy(starts, j, starts, i + 1, ranges - j);
            System.arraycopy(ends, j, ends, i + 1, ranges - j);
            ranges -= merged - 1;
        }
        starts[i] = ns;
        ends[i] = ne;
        return true;
    }

    /** Number of bytes received without a hole from offset 0. */
    int contiguous() { return ranges > 0 && starts[0] == 0 ? ends[0] : 0; }

    byte[] bytes() { return data; }

    void reset() { ranges = 0; }
}

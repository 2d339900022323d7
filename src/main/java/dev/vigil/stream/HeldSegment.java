package dev.vigil.stream;

/**
 * Out-of-order bytes waiting for the hole before them to fill: a node of a direction's list, kept
 * sorted by sequence number, never overlapping its neighbours. A segment that overlapped held bytes
 * when it arrived is stored as the pieces that were new; each piece remembers the bounds of the
 * segment it came from, because overlap policies decide on the original segments' bounds.
 */
final class HeldSegment {
    /** Memcap cost of a node beyond its bytes: the node and the array headers, rounded up. */
    static final int OVERHEAD = 64;

    final int seq;
    final byte[] data;
    /** Sequence bounds of the segment this piece was cut from. */
    final int origSeq, origEnd;
    HeldSegment next;

    HeldSegment(int seq, byte[] data, int origSeq, int origEnd) {
        this.seq = seq;
        this.data = data;
        this.origSeq = origSeq;
        this.origEnd = origEnd;
    }

    int end() { return seq + data.length; }

    int cost() { return data.length + OVERHEAD; }
}

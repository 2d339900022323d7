package dev.vigil.stream;

/** Reassembly settings, in Suricata's terms ({@code stream.*} in suricata.yaml). */
public final class StreamConfig {
    /** {@code stream.reassembly.depth}: bytes reassembled per direction of a flow; 0 = unlimited. */
    public long depth = 1L << 20;
    /**
     * {@code stream.reassembly.memcap}: bytes of out-of-order segments all flows of one sensor may hold;
     * each worker gets its share. In-order bytes are delivered at once and never held.
     */
    public long memcap = 64L << 20;
    /** Out-of-order bytes one direction of one flow may hold before its oldest hole is declared a gap. */
    public int maxHeldPerDirection = 256 << 10;
    /** Which bytes win when segments overlap. */
    public OverlapPolicy policy = OverlapPolicy.BSD;
    /** {@code stream.inline}: an IPS-style view; bytes are delivered as sent, not waiting for the peer's ACK. */
    public boolean inline = false;
    /**
     * {@code stream.midstream}: reassemble a direction whose SYN was not seen, from its first data segment
     * on. Without it such a direction is not reassembled (as the flow stage opens no session for it).
     */
    public boolean midstream = false;

    public StreamConfig copyWithMemcap(long memcap) {
        StreamConfig c = new StreamConfig();
        c.depth = depth;
        c.memcap = memcap;
        c.maxHeldPerDirection = maxHeldPerDirection;
        c.policy = policy;
        c.inline = inline;
        c.midstream = midstream;
        return c;
    }
}

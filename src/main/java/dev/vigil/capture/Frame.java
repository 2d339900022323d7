package dev.vigil.capture;

import java.lang.foreign.MemorySegment;

/**
 * One captured frame as a reader hands it out: a window into the capture buffer plus the record
 * metadata. A reader refills the same instance for every record, so nothing is allocated per packet;
 * a consumer that needs the bytes later must copy them.
 */
public final class Frame {
    /** Buffer that holds the frame bytes (usually the whole memory-mapped capture file). */
    public MemorySegment data;
    /** Offset of the first frame byte in {@link #data}. */
    public long offset;
    /** Bytes present in the capture. */
    public int capLen;
    /** Bytes the frame had on the wire (>= capLen when the snaplen cut it). */
    public int wireLen;
    /** Capture timestamp, nanoseconds since the Unix epoch. */
    public long tsNanos;
    /** DLT/LINKTYPE of the interface the frame was captured on. */
    public int linkType;
    /** Interface index (pcapng IDB number; 0 for classic pcap). */
    public int interfaceId;
    /** 1-based number of the record in the input (Suricata's pcap_cnt). */
    public long number;

    public void set(MemorySegment data, long offset, int capLen, int wireLen, long tsNanos,
                    int linkType, int interfaceId, long number) {
        this.data = data;
        this.offset = offset;
        this.capLen = capLen;
        this.wireLen = wireLen;
        this.tsNanos = tsNanos;
        this.linkType = linkType;
        this.interfaceId = interfaceId;
        this.number = number;
    }
}

package dev.vigil.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for classic libpcap files: both byte orders, microsecond and nanosecond magics, caplen
 * smaller than the wire length, any snaplen. A record whose header is impossible (caplen beyond the
 * file or over the 256 KiB libpcap maximum) ends the read with a reported problem, as libpcap does.
 *
 * <p>Frames point into the mapping itself (no copy). Walking records over a large mapping is a chain
 * of dependent cache misses, though: where record n+1 starts is only known once record n's header
 * has come in from memory. So the reader also touches the input {@link #AHEAD} bytes beyond the
 * record it hands out, one load per cache line; those loads depend on nothing and overlap, and the
 * headers and frames are in cache by the time the walk and the decoder reach them (measured on
 * mixed.pcap: the bare record walk then takes about a third of the CPU time it takes without).
 */
public final class PcapReader implements PacketSource {
    static final int MAGIC_USEC = 0xA1B2C3D4;
    static final int MAGIC_NSEC = 0xA1B23C4D;
    /** Largest record libpcap itself accepts (MAXIMUM_SNAPLEN); bigger is corruption, not data. */
    static final int MAX_RECORD = 262_144 * 4;
    /** Distance the reader touches ahead of the current record, in bytes (a few records' worth). */
    static final int AHEAD = 2048;
    private static final int LINE = 64;

    private final MemorySegment seg;
    private final long size;
    private final ValueLayout.OfInt intLayout;
    private final boolean nanos;
    private final int linkType;
    private final int snapLen;
    private final List<String> problems = new ArrayList<>(1);
    private long pos;
    private long count;
    /** Input before this offset has been touched. */
    private long ahead;
    /** Sum of the touched bytes: kept so that the JIT cannot drop the loads. */
    private long touched;

    static boolean isPcapMagic(int beMagic) {
        return beMagic == MAGIC_USEC || beMagic == MAGIC_NSEC
                || beMagic == Integer.reverseBytes(MAGIC_USEC) || beMagic == Integer.reverseBytes(MAGIC_NSEC);
    }

    public PcapReader(MemorySegment seg) throws IOException {
        this.seg = seg;
        this.size = seg.byteSize();
        if (size < 24) throw new IOException("pcap: file header truncated (" + size + " of 24 bytes)");
        int be = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
        ByteOrder order;
        if (be == MAGIC_USEC || be == MAGIC_NSEC) order = ByteOrder.BIG_ENDIAN;
        else if (Integer.reverseBytes(be) == MAGIC_USEC || Integer.reverseBytes(be) == MAGIC_NSEC) order = ByteOrder.LITTLE_ENDIAN;
        else throw new IOException("pcap: bad magic 0x" + Integer.toHexString(be));
        this.intLayout = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        int magic = order == ByteOrder.BIG_ENDIAN ? be : Integer.reverseBytes(be);
        this.nanos = magic == MAGIC_NSEC;
        this.snapLen = seg.get(intLayout, 16);
        // the upper bits of the link-type field carry FCS information (pcap-linktype(7)); keep the type
        this.linkType = seg.get(intLayout, 20) & 0x0FFF_FFFF;
        this.pos = 24;
    }

    public int linkType() { return linkType; }
    public int snapLen() { return snapLen; }
    public boolean nanosecondResolution() { return nanos; }

    @Override
    public boolean next(Frame f) {
        if (pos >= size) return false;
        if (size - pos < 16) {
            problems.add("pcap: truncated record header at offset " + pos + " (" + (size - pos) + " bytes left)");
            pos = size;
            return false;
        }
        touchAhead();
        long secs = seg.get(intLayout, pos) & 0xFFFF_FFFFL;
        long frac = seg.get(intLayout, pos + 4) & 0xFFFF_FFFFL;
        long capLen = seg.get(intLayout, pos + 8) & 0xFFFF_FFFFL;
        long wireLen = seg.get(intLayout, pos + 12) & 0xFFFF_FFFFL;
        if (capLen > MAX_RECORD) {
            problems.add("pcap: record " + (count + 1) + " at offset " + pos + " claims caplen " + capLen + "; file is corrupt from here");
            pos = size;
            return false;
        }
        if (capLen > size - pos - 16) {
            problems.add("pcap: record " + (count + 1) + " at offset " + pos + " truncated (" + (size - pos - 16) + " of " + capLen + " bytes)");
            pos = size;
            return false;
        }
        long ts = secs * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        int wl = (int) Math.min(Math.max(wireLen, capLen), Integer.MAX_VALUE);
        f.set(seg, pos + 16, (int) capLen, wl, ts, linkType, 0, ++count);
        pos += 16 + capLen;
        return true;
    }

    private void touchAhead() {
        long target = Math.min(pos + AHEAD, size);
        long a = Math.max(ahead, pos), t = touched;
        while (a < target) {
            t += seg.get(ValueLayout.JAVA_BYTE, a);
            a += LINE;
        }
        ahead = a;
        touched = t;
    }

    @Override public long position() { return pos; }
    @Override public long size() { return size; }
    @Override public List<String> problems() { return problems; }
    @Override public void close() {}
}

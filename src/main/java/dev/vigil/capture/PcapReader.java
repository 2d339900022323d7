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
 * <p>Records are not handed out in place: the reader copies the input in chunks of {@link #CHUNK}
 * bytes into a buffer of its own and points each {@link Frame} into that buffer. Walking pcap
 * records straight over a large mapping is a chain of dependent cache misses (where record n+1
 * starts is only known once record n's header has arrived from memory); one bulk copy per chunk
 * streams at memory bandwidth instead and leaves the headers and frames in cache for the decoder.
 * As {@link Frame} says, a frame's bytes are valid until the next call of {@link #next}.
 */
public final class PcapReader implements PacketSource {
    static final int MAGIC_USEC = 0xA1B2C3D4;
    static final int MAGIC_NSEC = 0xA1B23C4D;
    /** Largest record libpcap itself accepts (MAXIMUM_SNAPLEN); bigger is corruption, not data. */
    static final int MAX_RECORD = 262_144 * 4;
    /** Bytes copied at a time: small enough to stay in a core's L2 cache while it is decoded. */
    static final int CHUNK = 256 * 1024;

    private final MemorySegment seg;
    private final long size;
    private final ValueLayout.OfInt intLayout;
    private final boolean nanos;
    private final int linkType;
    private final int snapLen;
    private final List<String> problems = new ArrayList<>(1);
    private long pos;
    private long count;
    // the window of the input the frames point into: input bytes [bufStart, bufStart + window.byteSize())
    private byte[] buf = new byte[0];
    private MemorySegment window = MemorySegment.ofArray(buf);
    private long bufStart;

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
        long at = pos - bufStart;
        if (pos < bufStart || at + 16 > window.byteSize()) {
            refill(16);
            at = 0;
        }
        long secs = window.get(intLayout, at) & 0xFFFF_FFFFL;
        long frac = window.get(intLayout, at + 4) & 0xFFFF_FFFFL;
        long capLen = window.get(intLayout, at + 8) & 0xFFFF_FFFFL;
        long wireLen = window.get(intLayout, at + 12) & 0xFFFF_FFFFL;
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
        if (at + 16 + capLen > window.byteSize()) {
            refill(16 + capLen);
            at = 0;
        }
        f.set(window, at + 16, (int) capLen, wl, ts, linkType, 0, ++count);
        pos += 16 + capLen;
        return true;
    }

    /** Copies the input from {@code pos} on into the buffer: at least {@code need} bytes (all there are), at most a chunk more. */
    private void refill(long need) {
        long len = Math.min(Math.max(CHUNK, need), size - pos);
        if (len > buf.length) buf = new byte[(int) Math.max(len, CHUNK)];
        MemorySegment.copy(seg, pos, MemorySegment.ofArray(buf), 0, len);
        // the window ends where the copied bytes end, as the mapping ends where the file does
        window = MemorySegment.ofArray(buf).asSlice(0, len);
        bufStart = pos;
    }

    @Override public long position() { return pos; }
    @Override public long size() { return size; }
    @Override public List<String> problems() { return problems; }
    @Override public void close() {}
}

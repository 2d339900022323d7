package dev.vigil.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for classic libpcap files: both byte orders, microsecond and nanosecond magics, the
 * "modified" (Kuznetsov) format with its longer record header, caplen smaller than the wire length,
 * any snaplen. There is no framing beyond each record's caplen, so a record header that is impossible
 * (caplen beyond the file or over {@link #recordLimit()}) ends the read with a reported problem, as
 * libpcap does; the records before it are kept.
 */
public final class PcapReader implements PacketSource {
    static final int MAGIC_USEC = 0xA1B2C3D4;
    static final int MAGIC_NSEC = 0xA1B23C4D;
    /** Alexey Kuznetsov's patched libpcap: 8 more record-header bytes (ifindex, protocol, type). */
    static final int MAGIC_MODIFIED = 0xA1B2CD34;
    /**
     * Largest caplen believed without a larger snaplen: four times libpcap's MAXIMUM_SNAPLEN, room for
     * GRO/TSO super-frames, while corrupt headers usually claim far more. With no framing around
     * records, such a claim is the only sign that the reader has lost its place.
     */
    static final int MAX_RECORD = 262_144 * 4;
    /** A snaplen raises the limit for link types with big records (USB, D-Bus), but only this far. */
    static final int MAX_SNAPLEN_LIMIT = 64 << 20;
    /**
     * Walking records over a large mapping is a chain of dependent cache misses: where record n+1
     * starts is known only once record n's header has arrived. Touching the input this far ahead, one
     * load per cache line, issues independent loads that overlap, so headers and frames are in cache
     * when the walk and the decoder reach them.
     */
    static final int AHEAD = 2048;
    private static final int LINE = 64;

    private final MemorySegment seg;
    private final long size;
    // layouts must be constants for the JIT to compile an access to a plain load: a layout held in a
    // field (chosen by the file's byte order) costs a full layout and alignment check per read
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private final boolean bigEndian;
    private final boolean nanos;
    private final int recordHeader;
    /** Before format 2.3 libpcap wrote caplen and len the other way round; 2.3 files may be either. */
    private final boolean alwaysSwapped;
    private final boolean maybeSwapped;
    private final int linkType;
    private final int snapLen;
    private final long recordLimit;
    /** A timestamp's fraction of a second is below this; resync rejects any header whose fraction is not. */
    private final long fracLimit;
    private final List<String> problems = new ArrayList<>(1);
    private long pos;
    private long count;
    /** Records that start at or after this offset are left to whoever reads the next range. */
    private long limit = Long.MAX_VALUE;
    /** Input before this offset has been touched. */
    private long ahead;
    /** Sum of the touched bytes: kept so that the JIT cannot drop the loads. */
    private long touched;

    static boolean isPcapMagic(int beMagic) {
        return isNativeMagic(beMagic) || isNativeMagic(Integer.reverseBytes(beMagic));
    }

    private static boolean isNativeMagic(int magic) {
        return magic == MAGIC_USEC || magic == MAGIC_NSEC || magic == MAGIC_MODIFIED;
    }

    public PcapReader(MemorySegment seg) throws IOException {
        this.seg = seg;
        this.size = seg.byteSize();
        if (size < 24) throw new IOException("pcap: file header truncated (" + size + " of 24 bytes)");
        int be = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 0);
        ByteOrder order;
        if (isNativeMagic(be)) order = ByteOrder.BIG_ENDIAN;
        else if (isNativeMagic(Integer.reverseBytes(be))) order = ByteOrder.LITTLE_ENDIAN;
        else throw new IOException("pcap: bad magic 0x" + Integer.toHexString(be));
        this.bigEndian = order == ByteOrder.BIG_ENDIAN;
        int magic = order == ByteOrder.BIG_ENDIAN ? be : Integer.reverseBytes(be);
        this.nanos = magic == MAGIC_NSEC;
        this.fracLimit = nanos ? 1_000_000_000L : 1_000_000L;
        this.recordHeader = magic == MAGIC_MODIFIED ? 24 : 16;
        ValueLayout.OfShort shortLayout = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        int major = seg.get(shortLayout, 4) & 0xFFFF;
        int minor = seg.get(shortLayout, 6) & 0xFFFF;
        // major 1 is the archaic pre-1994 layout that libpcap and Wireshark refuse too
        if (major != 2) throw new IOException("pcap: unsupported format version " + major + "." + minor);
        this.alwaysSwapped = minor < 3;
        this.maybeSwapped = minor == 3;
        this.snapLen = u32(16);
        this.recordLimit = Math.max(MAX_RECORD, Math.min(snapLen & 0xFFFF_FFFFL, MAX_SNAPLEN_LIMIT));
        // low 16 bits: the link type; bits 16-25 are reserved, the top bits describe the FCS (pcap-linktype(7))
        int linkField = u32(20);
        this.linkType = linkField & 0xFFFF;
        if ((linkField & 0x03FF_0000) != 0) {
            problems.add("pcap: reserved bits set in the link-type field (0x" + Integer.toHexString(linkField)
                    + "); read as link type " + linkType);
        }
        this.pos = 24;
    }

    public int linkType() { return linkType; }
    /** The mapped file the frames point into. */
    public MemorySegment segment() { return seg; }
    public int snapLen() { return snapLen; }
    /** Largest caplen this file's records may claim before the file counts as corrupt. */
    public long recordLimit() { return recordLimit; }
    public boolean nanosecondResolution() { return nanos; }

    /**
     * Continues reading at {@code offset}, which must be a record boundary, numbering the records
     * after {@code recordsBefore}. With {@link #stopAt} this reads one range of a file.
     */
    public void seek(long offset, long recordsBefore) {
        this.pos = Math.max(24, Math.min(offset, size));
        this.count = recordsBefore;
        this.ahead = pos;
    }

    /** Stops before the first record that starts at or after {@code offset}; {@link #position()} is then that record's start. */
    public void stopAt(long offset) { this.limit = offset; }

    /**
     * The first offset in {@code [from, to)} where a chain of plausible record headers starts (up to
     * {@code chain} records, or fewer when the file ends cleanly), or -1. A record header in the middle
     * of a file has no marker, so this is a guess: the caller must confirm it, e.g. by reading up to it
     * from a known boundary. The checks (fraction below one second, caplen within the limits and the
     * file, timestamps within a day of each other) make a false chain of four rare on real traffic.
     */
    public long resync(long from, long to, int chain) {
        // a record header must fit before the end of the file
        long end = Math.min(to, size - recordHeader + 1);
        // almost every offset fails on its fraction field: test that first, in a tight loop
        for (long o = Math.max(from, 24); o < end; o++) {
            if ((u32(o + 4) & 0xFFFF_FFFFL) >= fracLimit) continue;
            if (plausibleChain(o, chain)) return o;
        }
        return -1;
    }

    private boolean plausibleChain(long o, int chain) {
        long firstSecs = -1;
        for (int k = 0; k < chain; k++) {
            if (o == size) return k > 0;
            if (size - o < recordHeader) return false;
            long secs = u32(o) & 0xFFFF_FFFFL;
            long frac = u32(o + 4) & 0xFFFF_FFFFL;
            long capLen = u32(o + 8) & 0xFFFF_FFFFL;
            long wireLen = u32(o + 12) & 0xFFFF_FFFFL;
            if (alwaysSwapped) {
                long t = capLen;
                capLen = wireLen;
                wireLen = t;
            }
            if (frac >= fracLimit) return false;
            if (capLen == 0 || capLen > recordLimit || capLen > size - o - recordHeader) return false;
            if (!maybeSwapped && wireLen < capLen) return false;
            if (firstSecs < 0) firstSecs = secs;
            else if (Math.abs(secs - firstSecs) > 86_400) return false;
            o += recordHeader + capLen;
        }
        return true;
    }

    @Override
    public boolean next(Frame f) {
        if (pos >= size || pos >= limit) return false;
        if (size - pos < recordHeader) {
            problems.add("pcap: truncated record header at offset " + pos + " (" + (size - pos) + " bytes left)");
            pos = size;
            return false;
        }
        touchAhead();
        long secs = u32(pos) & 0xFFFF_FFFFL;
        long frac = u32(pos + 4) & 0xFFFF_FFFFL;
        long capLen = u32(pos + 8) & 0xFFFF_FFFFL;
        long wireLen = u32(pos + 12) & 0xFFFF_FFFFL;
        if (alwaysSwapped || (maybeSwapped && capLen > wireLen)) {
            long t = capLen;
            capLen = wireLen;
            wireLen = t;
        }
        if (capLen > recordLimit) {
            problems.add("pcap: record " + (count + 1) + " at offset " + pos + " claims caplen " + capLen + "; file is corrupt from here");
            pos = size;
            return false;
        }
        long data = pos + recordHeader;
        if (capLen > size - data) {
            problems.add("pcap: record " + (count + 1) + " at offset " + pos + " truncated (" + (size - data) + " of " + capLen + " bytes)");
            pos = size;
            return false;
        }
        // a fraction at or over one second is invalid but still meant as an offset: carry it over
        long ts = secs * 1_000_000_000L + (nanos ? frac : frac * 1000L);
        int wl = (int) Math.min(Math.max(wireLen, capLen), Integer.MAX_VALUE);
        f.set(seg, data, (int) capLen, wl, ts, linkType, 0, ++count);
        pos = data + capLen;
        return true;
    }

    /** The file's 32-bit field at {@code at}, in the file's byte order. */
    private int u32(long at) {
        int v = seg.get(LE_INT, at);
        return bigEndian ? Integer.reverseBytes(v) : v;
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

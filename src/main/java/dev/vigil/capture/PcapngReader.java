package dev.vigil.capture;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Reader for pcapng files (IETF draft-ietf-opsawg-pcapng). A file is a sequence of sections, each
 * opened by a Section Header Block that fixes the byte order of the section and starts a fresh list
 * of interfaces; packets name their interface by its index in that list, and each interface brings
 * its own link type, snaplen and timestamp unit.
 *
 * <p>Packets come from Enhanced, Simple and obsolete Packet Blocks; every other block type is skipped
 * by its length. Broken framing (a length that is too small, unaligned, past the end of the file or
 * not repeated in the trailer) ends the read, because nothing after it can be located reliably. A
 * block that is framed correctly but whose content is wrong (a packet longer than its block, an
 * unknown interface, an option running past its block) is skipped, so later packets survive. Either
 * way the reason lands in {@link #problems()}; {@link #next} never throws.
 */
public final class PcapngReader implements PacketSource {
    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 1;
    static final int PB = 2;
    static final int SPB = 3;
    static final int EPB = 6;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private static final int OPT_END = 0;
    private static final int IF_TSRESOL = 9;
    private static final int IF_TSOFFSET = 14;
    /** More interfaces than this in one section is an attack on memory, not a capture setup. */
    static final int MAX_INTERFACES = 1 << 16;
    /** Enough to diagnose a damaged file without letting a hostile one fill the heap with reports. */
    static final int MAX_PROBLEMS = 100;

    private record Interface(int linkType, long snapLen, TimeUnits units, long offsetSeconds) {}

    /** Stands in for a description too short to read, so the interfaces after it keep their numbers. */
    private static final Interface UNUSABLE = new Interface(-1, 0, TimeUnits.MICROSECONDS, 0);

    private final MemorySegment seg;
    private final long size;
    private final List<Interface> interfaces = new ArrayList<>();
    private final List<String> problems = new ArrayList<>(1);
    // constant layouts (the JIT compiles an access through one to a plain load; through a layout held in
    // a field, chosen by the section's byte order, every read pays a layout and alignment check)
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** The current section's byte order. */
    private boolean bigEndian;
    private long pos;
    private long count;
    private int section;
    /** Timestamp of the last timed packet: Simple Packet Blocks carry none and reuse it. */
    private long lastTs;
    private boolean reportedFarFuture;

    public PcapngReader(MemorySegment seg) throws IOException {
        this.seg = seg;
        this.size = seg.byteSize();
        String bad = enterSection(0);
        if (bad != null) throw new IOException("pcapng: " + bad);
    }

    @Override
    public boolean next(Frame f) {
        while (pos < size) {
            long start = pos;
            if (size - start < 12) return stop("truncated block header at offset " + start + " (" + (size - start) + " bytes left)");
            int type = i32(start);
            if (type == SHB) {
                String bad = enterSection(start);
                if (bad != null) return stop(bad);
                continue;
            }
            long len = u32(start + 4);
            String bad = framingError(start, len, type);
            if (bad != null) return stop(bad);
            pos = start + len;
            switch (type) {
                case EPB -> { if (enhancedPacket(start, len, f)) return true; }
                case PB -> { if (obsoletePacket(start, len, f)) return true; }
                case SPB -> { if (simplePacket(start, len, f)) return true; }
                case IDB -> interfaceDescription(start, len);
                default -> { } // name resolution, statistics, secrets, custom blocks: not ours to read
            }
        }
        return false;
    }

    /** Checks the length fields that locate the next block; any failure here ends the read. */
    private String framingError(long start, long len, int type) {
        String what = "block type 0x" + Integer.toHexString(type) + " at offset " + start;
        if (len < 12) return what + " claims length " + len + " (minimum 12)";
        if ((len & 3) != 0) return what + " claims length " + len + ", not a multiple of 4";
        if (len > size - start) return what + " truncated (" + (size - start) + " of " + len + " bytes)";
        long trailer = u32(start + len - 4);
        if (trailer != len) return what + ": length " + len + " in header but " + trailer + " in trailer";
        return null;
    }

    /** Reads a Section Header Block at {@code start}; returns a reason when the section is unusable. */
    private String enterSection(long start) {
        if (size - start < 28) return "truncated section header at offset " + start + " (" + (size - start) + " bytes)";
        if (seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), start) != SHB) {
            return "no section header block at offset " + start;
        }
        int bom = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), start + 8);
        ByteOrder order;
        if (bom == BYTE_ORDER_MAGIC) order = ByteOrder.BIG_ENDIAN;
        else if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) order = ByteOrder.LITTLE_ENDIAN;
        else return "section header at offset " + start + " has no valid byte-order magic (0x" + Integer.toHexString(bom) + ")";
        ValueLayout.OfInt i32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(order);
        long len = seg.get(i32, start + 4) & 0xFFFF_FFFFL;
        if (len < 28) return "section header at offset " + start + " claims length " + len + " (minimum 28)";
        if ((len & 3) != 0) return "section header at offset " + start + " claims length " + len + ", not a multiple of 4";
        if (len > size - start) return "section header at offset " + start + " truncated (" + (size - start) + " of " + len + " bytes)";
        long trailer = seg.get(i32, start + len - 4) & 0xFFFF_FFFFL;
        if (trailer != len) return "section header at offset " + start + ": length " + len + " in header but " + trailer + " in trailer";
        ValueLayout.OfShort i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(order);
        int major = seg.get(i16, start + 12) & 0xFFFF;
        int minor = seg.get(i16, start + 14) & 0xFFFF;
        // 1.2 was written by some early tools and means the same as 1.0; others change the layout
        if (major != 1 || (minor != 0 && minor != 2)) {
            return "section at offset " + start + " has unsupported version " + major + "." + minor;
        }
        bigEndian = order == ByteOrder.BIG_ENDIAN;
        interfaces.clear();
        section++;
        pos = start + len;
        return null;
    }

    private void interfaceDescription(long start, long len) {
        if (len < 20) {
            problem("interface description at offset " + start + " too short (" + len + " bytes); its packets will be skipped");
            interfaces.add(UNUSABLE);
            return;
        }
        if (interfaces.size() >= MAX_INTERFACES) {
            problem("more than " + MAX_INTERFACES + " interfaces in section " + section + "; interface at offset " + start + " ignored");
            return;
        }
        int linkType = u16(start + 8);
        long snapLen = u32(start + 12);
        TimeUnits units = TimeUnits.MICROSECONDS;
        long offsetSeconds = 0;
        long end = start + len - 4;
        long opt = start + 16;
        // options only refine the timestamps: a broken one costs precision, not the interface
        while (end - opt >= 4) {
            int code = u16(opt);
            int olen = u16(opt + 2);
            if (code == OPT_END) break;
            long value = opt + 4;
            if (olen > end - value) {
                problem("interface " + interfaces.size() + " of section " + section + ": option " + code
                        + " claims " + olen + " bytes, past its block; remaining options ignored");
                break;
            }
            if (code == IF_TSRESOL && olen >= 1) units = TimeUnits.fromOption(seg.get(ValueLayout.JAVA_BYTE, value));
            else if (code == IF_TSOFFSET && olen >= 8) offsetSeconds = i64(value);
            opt = value + ((olen + 3L) & ~3L);
        }
        interfaces.add(new Interface(linkType, snapLen, units, offsetSeconds));
    }

    private boolean enhancedPacket(long start, long len, Frame f) {
        if (len < 32) return skip("enhanced packet block at offset " + start + " too short (" + len + " bytes)");
        return packet(start, len, u32(start + 8), f);
    }

    private boolean obsoletePacket(long start, long len, Frame f) {
        if (len < 32) return skip("packet block at offset " + start + " too short (" + len + " bytes)");
        return packet(start, len, u16(start + 8), f);
    }

    /** EPB and the obsolete PB share the layout after the interface field. */
    private boolean packet(long start, long len, long interfaceId, Frame f) {
        if (interfaceId >= interfaces.size()) {
            return skip("packet at offset " + start + " names interface " + interfaceId + " but section " + section
                    + " defines " + interfaces.size());
        }
        Interface iface = interfaces.get((int) interfaceId);
        if (iface == UNUSABLE) return skip("packet at offset " + start + " names unreadable interface " + interfaceId);
        long capLen = u32(start + 20);
        long wireLen = u32(start + 24);
        if (capLen > len - 32 || capLen > Integer.MAX_VALUE) {
            return skip("packet at offset " + start + " claims " + capLen + " captured bytes in a " + len + "-byte block");
        }
        long units = (u32(start + 12) << 32) | u32(start + 16);
        long ts = TimeUnits.withOffset(iface.units.toNanos(units), iface.offsetSeconds);
        if (ts == Long.MAX_VALUE && !reportedFarFuture) {
            reportedFarFuture = true;
            problem("packet at offset " + start + " is timestamped after 2262; clamped (unit " + iface.units + ")");
        }
        lastTs = ts;
        f.set(seg, start + 28, (int) capLen, wireLength(wireLen, capLen), ts, iface.linkType, (int) interfaceId, ++count);
        return true;
    }

    private boolean simplePacket(long start, long len, Frame f) {
        if (len < 16) return skip("simple packet block at offset " + start + " too short (" + len + " bytes)");
        if (interfaces.isEmpty()) return skip("simple packet block at offset " + start + " before any interface in section " + section);
        Interface iface = interfaces.getFirst();
        if (iface == UNUSABLE) return skip("simple packet block at offset " + start + " but interface 0 is unreadable");
        long wireLen = u32(start + 8);
        // the block does not store the captured length: it is what the snaplen and the block allow
        long capLen = Math.min(wireLen, len - 16);
        if (iface.snapLen != 0) capLen = Math.min(capLen, iface.snapLen);
        if (capLen > Integer.MAX_VALUE) return skip("simple packet block at offset " + start + " holds " + capLen + " bytes, more than a frame can");
        f.set(seg, start + 12, (int) capLen, wireLength(wireLen, capLen), lastTs, iface.linkType, 0, ++count);
        return true;
    }

    private static int wireLength(long wireLen, long capLen) {
        return (int) Math.min(Math.max(wireLen, capLen), Integer.MAX_VALUE);
    }

    private long u32(long offset) {
        return i32(offset) & 0xFFFF_FFFFL;
    }

    private int i32(long offset) {
        int v = seg.get(LE_INT, offset);
        return bigEndian ? Integer.reverseBytes(v) : v;
    }

    private int u16(long offset) {
        short v = seg.get(LE_SHORT, offset);
        return (bigEndian ? Short.reverseBytes(v) : v) & 0xFFFF;
    }

    private long i64(long offset) {
        long v = seg.get(LE_LONG, offset);
        return bigEndian ? Long.reverseBytes(v) : v;
    }

    private boolean skip(String reason) {
        problem(reason + "; block skipped");
        return false;
    }

    private boolean stop(String reason) {
        problem(reason + "; reading stopped");
        pos = size;
        return false;
    }

    private void problem(String reason) {
        if (problems.size() < MAX_PROBLEMS) problems.add("pcapng: " + reason);
        else if (problems.size() == MAX_PROBLEMS) problems.add("pcapng: further problems not listed");
    }

    @Override public long position() { return pos; }
    @Override public long size() { return size; }
    @Override public List<String> problems() { return problems; }
    @Override public void close() {}
}

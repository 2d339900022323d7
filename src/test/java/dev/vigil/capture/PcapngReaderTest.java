package dev.vigil.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapngReaderTest {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    /** One record as a test sees it: the frame fields plus a copy of the bytes. */
    record Rec(long ts, int capLen, int wireLen, int linkType, int iface, long number, byte[] data) {}

    static List<Rec> readAll(PacketSource src) throws IOException {
        List<Rec> out = new ArrayList<>();
        Frame f = new Frame();
        while (src.next(f)) {
            byte[] data = f.data.asSlice(f.offset, f.capLen).toArray(ValueLayout.JAVA_BYTE);
            out.add(new Rec(f.tsNanos, f.capLen, f.wireLen, f.linkType, f.interfaceId, f.number, data));
        }
        return out;
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (seed + i);
        return b;
    }

    @Test
    void sectionsInBothByteOrdersEachWithTheirOwnInterfaces() throws IOException {
        PcapngBuilder b = new PcapngBuilder();
        b.section(LE).idb(LinkType.ETHERNET, 65535).idb(LinkType.RAW, 0, b.tsresol(9));
        b.epb(0, 1_700_000_000_123_456L, bytes(60, 1)).epb(1, 1_700_000_000_123_456_789L, bytes(40, 2));
        b.section(BE).idb(LinkType.NULL, 128, b.tsresol(3));
        b.epb(0, 1_600_000_000_500L, bytes(33, 3), 1500);

        PcapngReader r = new PcapngReader(b.segment());
        List<Rec> recs = readAll(r);

        assertThat(r.problems()).isEmpty();
        assertThat(recs).hasSize(3);
        assertThat(recs.get(0)).extracting(Rec::ts, Rec::linkType, Rec::iface, Rec::capLen, Rec::number)
                .containsExactly(1_700_000_000_123_456_000L, LinkType.ETHERNET, 0, 60, 1L);
        assertThat(recs.get(0).data()).isEqualTo(bytes(60, 1));
        assertThat(recs.get(1)).extracting(Rec::ts, Rec::linkType, Rec::iface)
                .containsExactly(1_700_000_000_123_456_789L, LinkType.RAW, 1);
        // the second section starts a fresh interface list: index 0 is its own NULL interface
        assertThat(recs.get(2)).extracting(Rec::ts, Rec::linkType, Rec::iface, Rec::capLen, Rec::wireLen)
                .containsExactly(1_600_000_000_500_000_000L, LinkType.NULL, 0, 33, 1500);
        assertThat(recs.get(2).data()).isEqualTo(bytes(33, 3));
        assertThat(r.position()).isEqualTo(r.size());
    }

    @Test
    void timestampResolutionsAndOffsetsAreExact() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(BE);
        b.idb(1, 0, b.tsresol(0));                           // 0: seconds
        b.idb(1, 0, b.tsresol(0x80 | 10));                   // 1: 1/1024 s
        b.idb(1, 0, b.tsresol(12));                          // 2: picoseconds, finer than a nanosecond
        b.idb(1, 0, b.tsresol(6), b.tsoffset(1_000_000_000)); // 3: microseconds plus a 10^9 s offset
        b.idb(1, 0, b.tsoffset(-100));                       // 4: default microseconds, negative offset
        b.idb(1, 0, b.tsresol(0x80 | 30));                   // 5: 2^-30 s
        b.epb(0, 1_234_567_890L, bytes(4, 0));
        b.epb(1, 1_234_567_890L * 1024 + 3, bytes(4, 0));
        b.epb(2, Long.parseUnsignedLong("12345678123456789999"), bytes(4, 0)); // over 2^63 ps: unsigned
        b.epb(3, 7_000_001L, bytes(4, 0));
        b.epb(4, 1_000_000_000_000_000L, bytes(4, 0));
        b.epb(5, (5L << 30) + (1L << 29), bytes(4, 0));
        List<Rec> recs = readAll(new PcapngReader(b.segment()));

        assertThat(recs).extracting(Rec::ts).containsExactly(
                1_234_567_890_000_000_000L,
                1_234_567_890_002_929_687L,          // 3/1024 s = 2929687.5 ns, truncated
                12_345_678_123_456_789L,             // ps / 1000, truncated
                1_000_000_007_000_001_000L,
                999_999_900_000_000_000L,
                5_500_000_000L);
        assertThat(recs).extracting(Rec::iface).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void simplePacketsUseInterfaceZeroItsSnaplenAndTheLastTime() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE).idb(LinkType.LINUX_SLL, 20).idb(LinkType.ETHERNET, 0);
        b.spb(50, bytes(20, 7));           // snaplen 20 cut it
        b.epb(1, 42_000_001L, bytes(10, 8));
        b.spb(9, bytes(9, 9));             // shorter than the snaplen: all of it
        List<Rec> recs = readAll(new PcapngReader(b.segment()));

        assertThat(recs).extracting(Rec::capLen, Rec::wireLen, Rec::linkType, Rec::iface)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(20, 50, LinkType.LINUX_SLL, 0),
                        org.assertj.core.groups.Tuple.tuple(10, 10, LinkType.ETHERNET, 1),
                        org.assertj.core.groups.Tuple.tuple(9, 9, LinkType.LINUX_SLL, 0));
        // a Simple Packet Block has no time: it keeps the capture clock where the last packet left it
        assertThat(recs).extracting(Rec::ts).containsExactly(0L, 42_000_001_000L, 42_000_001_000L);
        assertThat(recs.get(2).data()).isEqualTo(bytes(9, 9));
    }

    @Test
    void obsoletePacketBlocksAndUnknownBlocksAreHandled() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(BE).idb(LinkType.ETHERNET, 0);
        b.block(4, new byte[12]);                       // name resolution
        b.block(0x0BAD, bytes(13, 0));                  // custom block, odd body padded
        b.pb(0, 3_000_000L, bytes(14, 5), 100);
        b.block(5, new byte[20]);                       // interface statistics
        b.block(0x7FFF_1234, new byte[0]);              // unknown type, empty body
        b.epb(0, 4_000_000L, bytes(3, 6));
        PcapngReader r = new PcapngReader(b.segment());
        List<Rec> recs = readAll(r);

        assertThat(r.problems()).isEmpty();
        assertThat(recs).extracting(Rec::ts, Rec::capLen, Rec::wireLen)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(3_000_000_000L, 14, 100),
                        org.assertj.core.groups.Tuple.tuple(4_000_000_000L, 3, 3));
        assertThat(recs).extracting(Rec::number).containsExactly(1L, 2L);
    }

    @Test
    void firstBlockMustBeAUsableSectionHeader() {
        assertThatThrownBy(() -> new PcapngReader(MemorySegment.ofArray(new byte[10]))).isInstanceOf(IOException.class);
        byte[] badBom = new PcapngBuilder().section(LE).bytes();
        badBom[8] = 0x11;
        assertThatThrownBy(() -> new PcapngReader(MemorySegment.ofArray(badBom))).hasMessageContaining("byte-order");
        for (int[] v : new int[][] {{0, 1}, {1, 1}, {2, 0}}) {
            byte[] file = new PcapngBuilder().section(LE, v[0], v[1]).idb(1, 0).epb(0, 1, bytes(4, 0)).bytes();
            assertThatThrownBy(() -> new PcapngReader(MemorySegment.ofArray(file)))
                    .hasMessageContaining("unsupported version " + v[0] + "." + v[1]);
        }
    }

    @Test
    void versionOnePointTwoIsAccepted() throws IOException {
        byte[] file = new PcapngBuilder().section(BE, 1, 2).idb(1, 0).epb(0, 1, bytes(4, 0)).bytes();
        assertThat(readAll(new PcapngReader(MemorySegment.ofArray(file)))).hasSize(1);
    }

    @Test
    void laterSectionWithUnsupportedVersionStopsTheRead() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE).idb(1, 0).epb(0, 1, bytes(4, 0));
        b.section(BE, 2, 0).idb(1, 0).epb(0, 1, bytes(4, 0));
        PcapngReader r = new PcapngReader(b.segment());
        assertThat(readAll(r)).hasSize(1);
        assertThat(r.problems()).singleElement().asString().contains("unsupported version 2.0", "reading stopped");
    }

    /** A valid two-packet file followed by {@code tail}: the two packets must survive. */
    private static PcapngReader withTail(byte[] tail) throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE).idb(1, 0).epb(0, 1, bytes(8, 0)).epb(0, 2, bytes(8, 1));
        return new PcapngReader(b.raw(tail).segment());
    }

    private static byte[] le(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(ints.length * 4).order(LE);
        for (int i : ints) b.putInt(i);
        return b.array();
    }

    @Test
    void brokenFramingStopsAfterTheGoodPackets() throws IOException {
        assertStops(le(6, 8, 8), "minimum 12");
        assertStops(le(6, 14, 0, 14), "not a multiple of 4");
        assertStops(le(6, 64, 0, 0), "truncated (16 of 64 bytes)");
        assertStops(le(6, 16, 0, 20), "16 in header but 20 in trailer");
        assertStops(new byte[7], "truncated block header");
        // a file cut inside the last packet block: the usual truncated tail
        byte[] full = new PcapngBuilder().section(LE).idb(1, 0).epb(0, 1, bytes(8, 0)).epb(0, 2, bytes(8, 1)).epb(0, 3, bytes(100, 2)).bytes();
        PcapngReader r = new PcapngReader(MemorySegment.ofArray(Arrays.copyOf(full, full.length - 30)));
        assertThat(readAll(r)).hasSize(2);
        assertThat(r.problems()).singleElement().asString().contains("truncated", "reading stopped");
    }

    private static void assertStops(byte[] tail, String reason) throws IOException {
        PcapngReader r = withTail(tail);
        assertThat(readAll(r)).as(reason).hasSize(2);
        assertThat(r.problems()).singleElement().asString().contains(reason, "reading stopped");
        assertThat(r.position()).isEqualTo(r.size());
        Frame f = new Frame();
        assertThat(r.next(f)).isFalse(); // and it stays stopped
    }

    @Test
    void badContentInAWellFramedBlockSkipsOnlyThatBlock() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE).idb(1, 0);
        // caplen 200 in a block holding 8 bytes
        byte[] body = b.buf(28).putInt(0).putInt(0).putInt(1).putInt(200).putInt(200).putLong(0).array();
        b.block(PcapngReader.EPB, body);
        b.epb(3, 1, bytes(8, 0));                                 // no interface 3
        b.block(PcapngReader.EPB, new byte[8]);                   // too short for an EPB
        b.block(PcapngReader.SPB, new byte[0]);                   // too short for an SPB
        b.epb(0, 5, bytes(8, 0));
        PcapngReader r = new PcapngReader(b.segment());
        List<Rec> recs = readAll(r);

        assertThat(recs).extracting(Rec::ts).containsExactly(5_000L);
        assertThat(recs.getFirst().number()).isEqualTo(1);
        assertThat(r.problems()).hasSize(4).allSatisfy(p -> assertThat(p).contains("block skipped"));
        assertThat(r.problems().get(0)).contains("200 captured bytes");
        assertThat(r.problems().get(1)).contains("interface 3");
    }

    @Test
    void unreadableInterfaceKeepsTheNumbersOfTheOthers() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE).block(PcapngReader.IDB, new byte[4]).idb(LinkType.RAW, 0);
        b.epb(0, 1, bytes(4, 0)).epb(1, 2, bytes(4, 0)).spb(4, bytes(4, 0));
        PcapngReader r = new PcapngReader(b.segment());
        assertThat(readAll(r)).extracting(Rec::ts, Rec::iface, Rec::linkType).containsExactly(org.assertj.core.groups.Tuple.tuple(2_000L, 1, LinkType.RAW));
        assertThat(r.problems()).hasSize(3);
        assertThat(r.problems().get(0)).contains("too short");
        assertThat(r.problems().get(1)).contains("unreadable interface 0");
    }

    @Test
    void packetsBeforeAnyInterfaceAreSkipped() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(BE).epb(0, 1, bytes(4, 0)).spb(4, bytes(4, 0)).idb(1, 0).epb(0, 2, bytes(4, 0));
        PcapngReader r = new PcapngReader(b.segment());
        assertThat(readAll(r)).extracting(Rec::ts).containsExactly(2_000L);
        assertThat(r.problems()).hasSize(2);
    }

    @Test
    void absurdOptionLengthKeepsTheInterfaceWithDefaultTime() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE);
        byte[] bogus = b.buf(8).putShort((short) 9).putShort((short) 0xFFF0).putInt(0x09090909).array();
        b.block(PcapngReader.IDB, b.buf(16).putShort((short) LinkType.ETHERNET).putShort((short) 0).putInt(0).put(bogus).array());
        b.epb(0, 5, bytes(4, 0));
        PcapngReader r = new PcapngReader(b.segment());
        assertThat(readAll(r)).extracting(Rec::ts, Rec::linkType).containsExactly(org.assertj.core.groups.Tuple.tuple(5_000L, 1));
        assertThat(r.problems()).singleElement().asString().contains("option 9 claims 65520 bytes");
    }

    @Test
    void problemListIsBounded() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE).idb(1, 0);
        for (int i = 0; i < 500; i++) b.epb(7, i, bytes(4, 0));
        PcapngReader r = new PcapngReader(b.segment());
        assertThat(readAll(r)).isEmpty();
        assertThat(r.problems()).hasSize(PcapngReader.MAX_PROBLEMS + 1).last().asString().contains("further problems");
    }

    @Test
    void timeAfter2262IsClampedAndReportedOnce() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(LE);
        b.idb(1, 0, b.tsresol(0)).epb(0, Long.MAX_VALUE, bytes(4, 0)).epb(0, -1L, bytes(4, 0));
        PcapngReader r = new PcapngReader(b.segment());
        assertThat(readAll(r)).extracting(Rec::ts).containsExactly(Long.MAX_VALUE, Long.MAX_VALUE);
        assertThat(r.problems()).singleElement().asString().contains("after 2262");
    }

    @Test
    void cursorsOverOneSegmentAreIndependent() throws IOException {
        MemorySegment seg = new PcapngBuilder().section(LE).idb(1, 0).epb(0, 1, bytes(4, 0)).epb(0, 2, bytes(4, 0)).segment();
        PcapngReader a = new PcapngReader(seg), c = new PcapngReader(seg);
        Frame f = new Frame();
        assertThat(a.next(f)).isTrue();
        assertThat(a.next(f)).isTrue();
        assertThat(readAll(c)).hasSize(2);
        assertThat(a.next(f)).isFalse();
    }
}

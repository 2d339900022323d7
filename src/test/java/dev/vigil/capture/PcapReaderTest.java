package dev.vigil.capture;

import static dev.vigil.capture.PcapngReaderTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.vigil.capture.PcapngReaderTest.Rec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcapReaderTest {

    /** A classic pcap file; {@code headerExtra} bytes follow each 16-byte record header (modified format). */
    static final class Pcap {
        final ByteOrder order;
        final int headerExtra;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pcap(ByteOrder order, int magic, int major, int minor, int snapLen, int linkField) {
            this.order = order;
            this.headerExtra = magic == PcapReader.MAGIC_MODIFIED ? 8 : 0;
            out.writeBytes(ByteBuffer.allocate(24).order(order).putInt(magic).putShort((short) major).putShort((short) minor)
                    .putInt(0).putInt(0).putInt(snapLen).putInt(linkField).array());
        }

        Pcap(ByteOrder order, int magic) {
            this(order, magic, 2, 4, 65535, LinkType.ETHERNET);
        }

        Pcap record(long secs, long frac, int capLen, int wireLen, byte[] data) {
            out.writeBytes(ByteBuffer.allocate(16 + headerExtra).order(order).putInt((int) secs).putInt((int) frac)
                    .putInt(capLen).putInt(wireLen).array());
            out.writeBytes(data);
            return this;
        }

        Pcap record(long secs, long frac, byte[] data) {
            return record(secs, frac, data.length, data.length, data);
        }

        MemorySegment segment() {
            return MemorySegment.ofArray(out.toByteArray());
        }
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) n);
        return b;
    }

    @Test
    void bothByteOrdersAndBothResolutions() throws IOException {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            List<Rec> micro = readAll(new PcapReader(new Pcap(order, PcapReader.MAGIC_USEC).record(4_294_967_295L, 999_999, bytes(5)).segment()));
            assertThat(micro).extracting(Rec::ts, Rec::capLen, Rec::linkType).containsExactly(tuple(4_294_967_295_999_999_000L, 5, 1));
            List<Rec> nano = readAll(new PcapReader(new Pcap(order, PcapReader.MAGIC_NSEC).record(1_700_000_000, 123_456_789, bytes(7)).segment()));
            assertThat(nano).extracting(Rec::ts, Rec::data).containsExactly(tuple(1_700_000_000_123_456_789L, bytes(7)));
        }
    }

    @Test
    void modifiedFormatHasLongerRecordHeaders() throws IOException {
        Pcap p = new Pcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_MODIFIED).record(10, 5, bytes(9)).record(11, 6, bytes(3));
        MemorySegment seg = p.segment();
        assertThat(PcapReader.isPcapMagic(PcapReader.MAGIC_MODIFIED)).isTrue();
        assertThat(readAll(new PcapReader(seg))).extracting(Rec::ts, Rec::data)
                .containsExactly(tuple(10_000_005_000L, bytes(9)), tuple(11_000_006_000L, bytes(3)));
    }

    @Test
    void snaplenCutsAreKeptAndOddSnaplensAreFine() throws IOException {
        Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 4, 7, LinkType.RAW);
        p.record(1, 0, 7, 1514, bytes(7)).record(2, 0, 7, 3, bytes(7)); // caplen > len: len is at least caplen
        PcapReader r = new PcapReader(p.segment());
        assertThat(r.snapLen()).isEqualTo(7);
        assertThat(readAll(r)).extracting(Rec::capLen, Rec::wireLen, Rec::linkType).containsExactly(tuple(7, 1514, 101), tuple(7, 7, 101));
    }

    @Test
    void lengthsWereSwappedBeforeVersionTwoPointThree() throws IOException {
        Pcap old = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 2, 65535, 1).record(1, 0, 1500, 6, bytes(6));
        assertThat(readAll(new PcapReader(old.segment()))).extracting(Rec::capLen, Rec::wireLen).containsExactly(tuple(6, 1500));
        // 2.3 files may be either way round: only an impossible caplen > len is swapped
        Pcap maybe = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 3, 65535, 1)
                .record(1, 0, 1500, 6, bytes(6)).record(2, 0, 4, 60, bytes(4));
        assertThat(readAll(new PcapReader(maybe.segment()))).extracting(Rec::capLen, Rec::wireLen).containsExactly(tuple(6, 1500), tuple(4, 60));
    }

    @Test
    void headerProblems() throws IOException {
        assertThatThrownBy(() -> new PcapReader(MemorySegment.ofArray(new byte[23]))).hasMessageContaining("truncated");
        assertThatThrownBy(() -> new PcapReader(new Pcap(ByteOrder.BIG_ENDIAN, 0x12345678).segment())).hasMessageContaining("bad magic");
        assertThatThrownBy(() -> new PcapReader(new Pcap(ByteOrder.BIG_ENDIAN, PcapReader.MAGIC_USEC, 1, 4, 0, 1).segment()))
                .hasMessageContaining("version 1.4");
        // reserved bits in the link-type field: reported, and the low 16 bits still give the type
        PcapReader r = new PcapReader(new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 4, 0, 0x0030_0071).record(1, 0, bytes(3)).segment());
        assertThat(readAll(r)).extracting(Rec::linkType).containsExactly(LinkType.LINUX_SLL);
        assertThat(r.problems()).singleElement().asString().contains("reserved bits");
        // FCS bits are not reserved
        PcapReader fcs = new PcapReader(new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 4, 0, 0x1400_0001).segment());
        assertThat(fcs.linkType()).isEqualTo(1);
        assertThat(fcs.problems()).isEmpty();
    }

    @Test
    void truncatedTailIsReportedAfterTheGoodRecords() throws IOException {
        byte[] full = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC).record(1, 0, bytes(10)).record(2, 0, bytes(10)).out.toByteArray();
        for (int cut : new int[] {1, 5, 16, 25}) {
            PcapReader r = new PcapReader(MemorySegment.ofArray(Arrays.copyOf(full, full.length - cut)));
            assertThat(readAll(r)).as("cut %d", cut).hasSize(1);
            assertThat(r.problems()).singleElement().asString().contains("truncated");
            assertThat(r.position()).isEqualTo(r.size());
        }
    }

    @Test
    void absurdCaplenStopsTheRead() throws IOException {
        Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC).record(1, 0, bytes(10));
        p.record(2, 0, 0x7FFF_FFF0, 0x7FFF_FFF0, bytes(64));
        PcapReader r = new PcapReader(p.segment());
        assertThat(readAll(r)).hasSize(1);
        assertThat(r.problems()).singleElement().asString().contains("corrupt");
    }

    @Test
    void aLargeSnaplenAllowsLargeRecordsWithinReason() throws IOException {
        int big = 3 << 20;
        Pcap p = new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 4, 8 << 20, 220).record(1, 0, big, big, new byte[big]);
        PcapReader r = new PcapReader(p.segment());
        assertThat(readAll(r)).extracting(Rec::capLen).containsExactly(big);
        assertThat(r.problems()).isEmpty();
        assertThat(new PcapReader(new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 4, 65535, 1).segment()).recordLimit())
                .isEqualTo(PcapReader.MAX_RECORD);
        assertThat(new PcapReader(new Pcap(ByteOrder.LITTLE_ENDIAN, PcapReader.MAGIC_USEC, 2, 4, -1, 1).segment()).recordLimit())
                .isEqualTo(PcapReader.MAX_SNAPLEN_LIMIT);
    }

    @Test
    void writerOutputReadsBack() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET, 64, true)) {
            w.write(1_700_000_000_987_654_321L, bytes(100), 0, 100, 100);
            w.write(5L, bytes(3));
        }
        List<Rec> recs = readAll(new PcapReader(MemorySegment.ofArray(out.toByteArray())));
        assertThat(recs).extracting(Rec::ts, Rec::capLen, Rec::wireLen)
                .containsExactly(tuple(1_700_000_000_987_654_321L, 64, 100), tuple(5L, 3, 3));
    }
}

package dev.vigil.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CaptureFileTest {
    private static final long TWO_GIB = 1L << 31;

    @TempDir
    Path dir;

    /** A pcap of {@code n} records of incompressible bytes, so a cut gzip loses a proportional tail. */
    private static byte[] randomPcap(int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SplittableRandom rnd = new SplittableRandom(7);
        try (PcapWriter w = new PcapWriter(out, LinkType.ETHERNET)) {
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[200];
                rnd.nextBytes(b);
                w.write(1_000_000_000L * i, b);
            }
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    private static long count(CaptureFile cf, List<String> problems) throws IOException {
        try (PacketSource src = cf.cursor()) {
            Frame f = new Frame();
            long n = 0;
            while (src.next(f)) n++;
            problems.addAll(src.problems());
            return n;
        }
    }

    @Test
    void gzipInputIsInflated() throws IOException {
        Path file = Files.write(dir.resolve("a.pcap.gz"), gzip(randomPcap(50)));
        try (CaptureFile cf = CaptureFile.open(file)) {
            List<String> problems = new java.util.ArrayList<>();
            assertThat(cf.format()).isEqualTo(CaptureFile.Format.PCAP);
            assertThat(count(cf, problems)).isEqualTo(50);
            assertThat(problems).isEmpty();
            assertThat(cf.size()).isEqualTo(24 + 50 * 216);
        }
    }

    @Test
    void gzipPcapngIsDetectedAfterInflating() throws IOException {
        PcapngBuilder b = new PcapngBuilder().section(ByteOrder.BIG_ENDIAN).idb(1, 0).epb(0, 1, new byte[20]);
        Path file = Files.write(dir.resolve("b.pcapng.gz"), gzip(b.bytes()));
        try (CaptureFile cf = CaptureFile.open(file)) {
            assertThat(cf.format()).isEqualTo(CaptureFile.Format.PCAPNG);
            assertThat(count(cf, new java.util.ArrayList<>())).isEqualTo(1);
        }
    }

    @Test
    void truncatedGzipYieldsTheRecordsBeforeTheCutAndSaysSo() throws IOException {
        byte[] gz = gzip(randomPcap(100));
        Path file = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(gz, gz.length / 2));
        try (CaptureFile cf = CaptureFile.open(file)) {
            List<String> problems = new java.util.ArrayList<>();
            long n = count(cf, problems);
            assertThat(n).isBetween(30L, 60L);
            assertThat(problems.getFirst()).startsWith("gzip:").contains("truncated");
            // every cursor reports it, not only the first
            List<String> again = new java.util.ArrayList<>();
            assertThat(count(cf, again)).isEqualTo(n);
            assertThat(again.getFirst()).startsWith("gzip:");
        }
    }

    @Test
    void gzipThatInflatesToNothingIsRefused() throws IOException {
        Path file = Files.write(dir.resolve("junk.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3});
        assertThatThrownBy(() -> CaptureFile.open(file)).isInstanceOf(IOException.class).hasMessageContaining("gzip");
    }

    @Test
    void unknownAndEmptyFilesAreRefused() throws IOException {
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertThatThrownBy(() -> CaptureFile.open(empty)).hasMessageContaining("too short");
        Path text = Files.writeString(dir.resolve("text"), "hello, world\n");
        assertThatThrownBy(() -> CaptureFile.open(text)).hasMessageContaining("not a pcap or pcapng");
    }

    private void assumeRoomFor(long bytes) throws IOException {
        // the files below are sparse; the margin covers a file system that does not do holes
        long usable = Files.getFileStore(dir).getUsableSpace();
        assumeTrue(usable > bytes + (1L << 30), "needs " + bytes + " bytes of free disk for a sparse test file, have " + usable);
    }

    /**
     * A pcap over 2 GiB: a chain of 1 MiB records (the largest a record may claim) written only where
     * the headers are, the rest left as holes, so the file costs a few kilobytes of disk.
     */
    @Test
    void pcapOffsetsBeyondTwoGibibytes() throws IOException {
        int caplen = PcapReader.MAX_RECORD;
        int records = (int) (TWO_GIB / (16 + caplen)) + 2;
        long size = 24 + (long) records * (16 + caplen);
        assumeRoomFor(size);
        Path file = dir.resolve("big.pcap");
        byte[] marker = "past two gibibytes".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(PcapReader.MAGIC_USEC).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(caplen * 2).putInt(1);
            ch.write(h.flip(), 0);
            long pos = 24;
            for (int i = 0; i < records; i++) {
                ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(i).putInt(0).putInt(caplen).putInt(caplen);
                ch.write(r.flip(), pos);
                pos += 16 + caplen;
            }
            // at the very end, which also gives the file its full length (trailing holes would not)
            ch.write(ByteBuffer.wrap(marker), pos - marker.length);
            assertThat(ch.size()).isEqualTo(size);
        }
        try (CaptureFile cf = CaptureFile.open(file); PacketSource src = cf.cursor()) {
            Frame f = new Frame();
            int n = 0;
            while (src.next(f)) n++;
            assertThat(src.problems()).isEmpty();
            assertThat(n).isEqualTo(records);
            assertThat(f.offset).isGreaterThan(TWO_GIB);
            assertThat(f.tsNanos).isEqualTo((records - 1) * 1_000_000_000L);
            byte[] got = f.data.asSlice(f.offset + caplen - marker.length, marker.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertThat(got).isEqualTo(marker);
            assertThat(src.position()).isEqualTo(size).isEqualTo(src.size());
        }
    }

    /** A pcapng whose second packet sits beyond 2 GiB, behind one large (sparse) custom block. */
    @Test
    void pcapngOffsetsBeyondTwoGibibytes() throws IOException {
        long customLen = TWO_GIB + 4096;
        assumeRoomFor(customLen);
        PcapngBuilder head = new PcapngBuilder().section(ByteOrder.LITTLE_ENDIAN).idb(1, 0).epb(0, 1, new byte[8]);
        byte[] marker = "beyond".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tail = new PcapngBuilder().epb(0, 2, marker).bytes();
        Path file = dir.resolve("big.pcapng");
        long start;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
            byte[] h = head.bytes();
            ch.write(ByteBuffer.wrap(h), 0);
            start = h.length;
            ByteBuffer frame = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(0x0BAD).putInt((int) customLen);
            ch.write(frame.flip(), start);
            ByteBuffer trailer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) customLen);
            ch.write(trailer.flip(), start + customLen - 4);
            ch.write(ByteBuffer.wrap(tail), start + customLen);
        }
        try (CaptureFile cf = CaptureFile.open(file); PacketSource src = cf.cursor()) {
            Frame f = new Frame();
            assertThat(src.next(f)).isTrue();
            assertThat(src.next(f)).isTrue();
            assertThat(src.problems()).isEmpty();
            assertThat(f.offset).isEqualTo(start + customLen + 28).isGreaterThan(TWO_GIB);
            assertThat(f.data.asSlice(f.offset, marker.length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)).isEqualTo(marker);
            assertThat(src.next(f)).isFalse();
        }
    }
}

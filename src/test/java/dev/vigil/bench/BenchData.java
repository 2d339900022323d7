package dev.vigil.bench;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.LinkType;
import dev.vigil.capture.PacketSource;
import dev.vigil.capture.PcapReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input for the micro-benchmarks: a realistic frame mix held in memory as one classic pcap (little
 * endian, microseconds, Ethernet). By default it is every Ethernet frame of the source captures that
 * {@code shared/corpus/pcap/BENCH-RECIPE.md} merges into {@code mixed.pcap} (the pcapng sources are
 * skipped while the pcapng reader is a placeholder); {@code -Dvigil.bench.pcap=FILE} uses one file
 * instead, e.g. the recipe's {@code unit.pcap}. The corpus is found at {@code $VIGIL_CORPUS}, else
 * at the nearest {@code shared/corpus} above the working directory.
 */
final class BenchData {
    private BenchData() {}

    private static final Pattern SOURCE = Pattern.compile("\"\\$CORPUS/([^\"]+)\"");
    private static MemorySegment mix;
    private static String description;

    /** The in-memory capture (built once per JVM; JMH forks a JVM per benchmark class). */
    static synchronized MemorySegment mixCapture() {
        if (mix == null) {
            List<Path> sources = sources();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 << 20);
            ByteBuffer hdr = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
            hdr.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(262_144).putInt(LinkType.ETHERNET);
            out.writeBytes(hdr.array());
            long frames = 0;
            int used = 0;
            List<String> skipped = new ArrayList<>();
            Frame f = new Frame();
            ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (Path p : sources) {
                try (CaptureFile cf = CaptureFile.open(p); PacketSource src = cf.cursor()) {
                    while (src.next(f)) {
                        if (f.linkType != LinkType.ETHERNET) continue;
                        long sec = Math.floorDiv(f.tsNanos, 1_000_000_000L);
                        long usec = Math.floorMod(f.tsNanos, 1_000_000_000L) / 1000;
                        rec.clear();
                        rec.putInt((int) sec).putInt((int) usec).putInt(f.capLen).putInt(f.wireLen);
                        out.writeBytes(rec.array());
                        out.writeBytes(f.data.asSlice(f.offset, f.capLen).toArray(ValueLayout.JAVA_BYTE));
                        frames++;
                    }
                    used++;
                } catch (IOException e) {
                    // pcapng while its reader is a placeholder, or an unreadable file: left out of the mix
                    skipped.add(p.getFileName() + " (" + e.getMessage() + ")");
                }
            }
            if (frames == 0) throw new IllegalStateException("bench: no Ethernet frames in " + sources);
            byte[] bytes = out.toByteArray();
            MemorySegment seg = Arena.ofShared().allocate(bytes.length, 64);
            MemorySegment.copy(MemorySegment.ofArray(bytes), 0, seg, 0, bytes.length);
            mix = seg;
            description = String.format("%,d frames, %,d bytes from %d of %d captures", frames, bytes.length, used, sources.size());
            System.err.println("bench: frame mix: " + description);
            if (!skipped.isEmpty()) System.err.println("bench: skipped " + String.join(", ", skipped));
        }
        return mix;
    }

    /** Frame descriptors of the in-memory capture, for benchmarks that decode without reading. */
    static Frames frames() {
        MemorySegment seg = mixCapture();
        try {
            PcapReader r = new PcapReader(seg);
            Frame f = new Frame();
            List<long[]> rows = new ArrayList<>();
            while (r.next(f)) rows.add(new long[] {f.offset, f.capLen, f.wireLen, f.tsNanos, f.number});
            Frames out = new Frames(seg, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                long[] x = rows.get(i);
                out.offset[i] = x[0];
                out.capLen[i] = (int) x[1];
                out.wireLen[i] = (int) x[2];
                out.tsNanos[i] = x[3];
                out.number[i] = x[4];
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Structure-of-arrays view of every record of the in-memory capture. */
    static final class Frames {
        final MemorySegment seg;
        final int count;
        final long[] offset, tsNanos, number;
        final int[] capLen, wireLen;

        Frames(MemorySegment seg, int count) {
            this.seg = seg;
            this.count = count;
            offset = new long[count];
            tsNanos = new long[count];
            number = new long[count];
            capLen = new int[count];
            wireLen = new int[count];
        }

        /** Points {@code f} at frame {@code i} (what a reader's next() does, minus the header parsing). */
        void load(int i, Frame f) {
            f.set(seg, offset[i], capLen[i], wireLen[i], tsNanos[i], LinkType.ETHERNET, 0, number[i]);
        }
    }

    private static List<Path> sources() {
        String one = System.getProperty("vigil.bench.pcap");
        if (one != null && !one.isBlank()) return List.of(Path.of(one));
        Path dir = corpusPcapDir();
        Path recipe = dir.resolve("BENCH-RECIPE.md");
        List<Path> out = new ArrayList<>();
        try {
            Matcher m = SOURCE.matcher(Files.readString(recipe));
            while (m.find()) {
                Path p = dir.resolve(m.group(1));
                if (Files.isRegularFile(p) && !out.contains(p)) out.add(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bench: cannot read " + recipe, e);
        }
        if (out.isEmpty()) throw new IllegalStateException("bench: no source captures listed in " + recipe);
        return out;
    }

    static Path corpusPcapDir() {
        String env = System.getenv("VIGIL_CORPUS");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env, "pcap"))) return Path.of(env, "pcap");
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path c = d.resolve("shared").resolve("corpus").resolve("pcap");
            if (Files.isDirectory(c)) return c;
        }
        throw new IllegalStateException("CORPUS MISSING: set VIGIL_CORPUS (or -Dvigil.bench.pcap=FILE) to run the benchmarks");
    }
}

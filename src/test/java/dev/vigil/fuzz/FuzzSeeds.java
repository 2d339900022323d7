package dev.vigil.fuzz;

import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.Frame;
import dev.vigil.capture.PacketSource;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.provider.Arguments;
import org.opentest4j.TestAbortedException;

/**
 * Seed inputs for the fuzz targets, cut from the corpus captures. Seeds are kept small (libFuzzer
 * mutates short inputs much faster, and the interesting structure of a capture is in its first
 * records), and chosen from every category so each link type and container variant is represented.
 * Without the corpus the targets still run, from a single minimal seed.
 */
public final class FuzzSeeds {
    /** A seed of one selector byte followed by text in Latin-1: the layout of the text-parsing targets. */
    public static byte[] prefixed(int selector, String latin1) {
        byte[] t = latin1.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] b = new byte[t.length + 1];
        b[0] = (byte) selector;
        System.arraycopy(t, 0, b, 1, t.length);
        return b;
    }

    static final int MAX_SEED = 4096;

    private FuzzSeeds() {}

    /** Corpus captures (inflated if gzip) whose first bytes satisfy {@code format}, cut to MAX_SEED. */
    static Stream<Arguments> fileHeads(Predicate<byte[]> format, int limit, byte[] fallback) {
        List<byte[]> seeds = new ArrayList<>();
        for (Path file : captures()) {
            if (seeds.size() >= limit) break;
            byte[] head = head(file);
            if (head != null && format.test(head)) seeds.add(head);
        }
        if (seeds.isEmpty()) seeds.add(fallback);
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }

    /** Every 7th corpus capture, after the rare tunnels and link types and the container edge cases. */
    static List<Path> captures() {
        List<Path> all;
        try {
            all = Corpus.allCaptures();
        } catch (TestAbortedException absent) {
            return List.of();
        }
        List<Path> out = new ArrayList<>();
        // first the UDP tunnels and link types only a few captures have (GTP-U, AYIYA, Teredo, IPoIB, FDDI)
        for (Path p : all) {
            String s = p.getFileName().toString();
            if (s.contains("gtp") || s.contains("ayiya") || s.contains("teredo") || s.contains("ipoib") || s.contains("inverse-query")) out.add(p);
        }
        for (Path p : all) {
            String s = p.toString();
            if ((s.contains("/format/") || s.contains("/pcapng-suite/") || s.contains("/malformed/")) && !out.contains(p)) out.add(p);
        }
        for (int i = 0; i < all.size(); i += 7) if (!out.contains(all.get(i))) out.add(all.get(i));
        return out;
    }

    private static byte[] head(Path file) {
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            return in.readNBytes(MAX_SEED);
        } catch (IOException e) {
            return null;
        }
    }

    /** Frames of the corpus captures as {@link DecoderFuzzTest} encodes them, runs of up to four. */
    static Stream<Arguments> frames(int limit) {
        List<byte[]> seeds = new ArrayList<>();
        Frame f = new Frame();
        for (Path file : captures()) {
            if (seeds.size() >= limit) break;
            try (CaptureFile cf = CaptureFile.open(file); PacketSource src = cf.cursor()) {
                DecoderFuzzTest.Encoder run = new DecoderFuzzTest.Encoder();
                int taken = 0;
                while (taken < 12 && src.next(f)) {
                    if (!run.add(f)) continue;
                    taken++;
                    if (run.frames() == 4) {
                        seeds.add(run.bytes());
                        run = new DecoderFuzzTest.Encoder();
                    }
                }
                if (run.frames() > 0) seeds.add(run.bytes());
            } catch (IOException | RuntimeException unreadable) {
                // refused files give no frames
            }
        }
        if (seeds.isEmpty()) seeds.add(new byte[] {0, 0, 0, 20, 0x45, 0, 0, 20});
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }
}

package dev.vigil.intel.misp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a MISP feed's files come from: {@code manifest.json}, {@code <uuid>.json}, {@code hashes.csv}. A
 * directory here; an HTTP base URL is the same three names under a URL. Names are chosen by the reader
 * (never taken verbatim from feed content), and reads are bounded.
 */
@FunctionalInterface
public interface FeedSource {
    /** The file's bytes, at most {@code maxBytes}; null when the feed has no such file. */
    byte[] read(String name, long maxBytes) throws IOException;

    static FeedSource directory(Path dir) {
        return (name, maxBytes) -> {
            if (name.contains("/") || name.contains("\\") || name.startsWith(".")) throw new IOException("bad feed file name: " + name);
            Path p = dir.resolve(name);
            try (InputStream in = Files.newInputStream(p)) {
                byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (b.length > maxBytes) throw new IOException(name + ": larger than " + maxBytes + " bytes");
                return b;
            } catch (NoSuchFileException e) {
                return null;
            }
        };
    }
}

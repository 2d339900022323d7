package dev.vigil.capture;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;

/**
 * A capture file opened once and memory-mapped whole (files over 2 GiB included), from which any
 * number of independent {@link #cursor() cursors} read. Several workers can each walk the same
 * mapping without copying it. Gzip input is inflated once into a temporary file that is mapped and
 * deleted on close.
 */
public final class CaptureFile implements AutoCloseable {

    public enum Format { PCAP, PCAPNG }

    private final Path path;
    private final Path inflated;
    private final Arena arena;
    private final MemorySegment segment;
    private final Format format;
    /** Why the gzip input ended early, or null; every cursor reports it, as it bounds what they see. */
    private final String inflateProblem;

    private CaptureFile(Path path, Path inflated, Arena arena, MemorySegment segment, Format format, String inflateProblem) {
        this.path = path;
        this.inflated = inflated;
        this.arena = arena;
        this.segment = segment;
        this.format = format;
        this.inflateProblem = inflateProblem;
    }

    public static CaptureFile open(Path path) throws IOException {
        Path toMap = path;
        Path inflated = null;
        String inflateProblem = null;
        if (isGzip(path)) {
            inflated = Files.createTempFile("vigil-inflated-", ".pcap");
            try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
                Files.copy(in, inflated, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                // a truncated gzip still yields what was inflated before the damage
                if (Files.size(inflated) == 0) {
                    Files.deleteIfExists(inflated);
                    throw new IOException(path + ": gzip input could not be inflated: " + e.getMessage(), e);
                }
                inflateProblem = "gzip: input damaged or truncated after " + Files.size(inflated)
                        + " inflated bytes (" + e.getMessage() + "); reading what was recovered";
            }
            toMap = inflated;
        }
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(toMap, StandardOpenOption.READ)) {
            long size = ch.size();
            MemorySegment seg = size == 0 ? MemorySegment.NULL.reinterpret(0)
                    : ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            Format format = detect(seg, path);
            CaptureFile cf = new CaptureFile(path, inflated, arena, seg, format, inflateProblem);
            // a header that cannot be read fails here, once, rather than in every worker later
            cf.cursor().close();
            return cf;
        } catch (IOException | RuntimeException e) {
            arena.close();
            if (inflated != null) Files.deleteIfExists(inflated);
            throw e;
        }
    }

    private static boolean isGzip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static Format detect(MemorySegment seg, Path path) throws IOException {
        if (seg.byteSize() < 4) throw new IOException(path + ": too short to be a capture file (" + seg.byteSize() + " bytes)");
        int magic = seg.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0);
        if (PcapReader.isPcapMagic(magic)) return Format.PCAP;
        if (magic == 0x0A0D0D0A) return Format.PCAPNG;
        throw new IOException(path + ": not a pcap or pcapng file (magic 0x" + Integer.toHexString(magic) + ")");
    }

    /** A new, independent reader positioned at the first record. */
    public PacketSource cursor() throws IOException {
        PacketSource source = switch (format) {
            case PCAP -> new PcapReader(segment);
            case PCAPNG -> new PcapngReader(segment);
        };
        if (inflateProblem != null) source.problems().addFirst(inflateProblem);
        return source;
    }

    public Path path() { return path; }
    public Format format() { return format; }
    /** Size of the (inflated) capture in bytes. */
    public long size() { return segment.byteSize(); }

    @Override
    public void close() throws IOException {
        arena.close();
        if (inflated != null) Files.deleteIfExists(inflated);
    }
}

package dev.vigil.output;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * An output file that is rotated by size and by age: when it holds {@code maxBytes} or was opened
 * {@code intervalMillis} ago, it is renamed {@code NAME.yyyyMMdd-HHmmss} (UTC, when it was opened) and a new
 * {@code NAME} is started; of the renamed files the {@code keep} newest are kept (0: all). Rotation happens
 * only when the owner asks ({@link #rotateIfDue}), between whole records, so no record is ever split.
 */
public final class RotatingFile extends OutputStream {
    /** When a file is rotated: at this size (0: never for size), at this age (0: never for age), and how many old ones stay. */
    public record Policy(long maxBytes, long intervalMillis, int keep) {
        public boolean rotates() { return maxBytes > 0 || intervalMillis > 0; }
    }

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final Path file;
    private final Policy policy;
    private final LongSupplier clock;
    private OutputStream out;
    private long written, openedAt;
    /** Files rotated so far. */
    private long rotations;

    public RotatingFile(Path file, Policy policy, LongSupplier clockMillis) throws IOException {
        this.file = file.toAbsolutePath();
        this.policy = policy;
        this.clock = clockMillis;
        Files.createDirectories(this.file.getParent());
        open();
    }

    private void open() throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE), 1 << 16);
        written = 0;
        openedAt = clock.getAsLong();
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        written++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Rotates when the file is due (and not empty); call between records. */
    public void rotateIfDue() throws IOException {
        if (written == 0) return;
        boolean full = policy.maxBytes() > 0 && written >= policy.maxBytes();
        boolean old = policy.intervalMillis() > 0 && clock.getAsLong() - openedAt >= policy.intervalMillis();
        if (full || old) rotate();
    }

    private void rotate() throws IOException {
        out.close();
        String base = file.getFileName() + "." + STAMP.format(Instant.ofEpochMilli(openedAt));
        Path target = file.resolveSibling(base);
        for (int n = 1; Files.exists(target); n++) target = file.resolveSibling(base + "-" + n);
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        rotations++;
        open();
        if (policy.keep() > 0) prune();
    }

    /** Deletes the oldest rotated files beyond {@code keep} (their names sort in time order). */
    private void prune() throws IOException {
        String prefix = file.getFileName() + ".";
        List<Path> rotated = new ArrayList<>();
        try (Stream<Path> s = Files.list(file.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(rotated::add);
        }
        rotated.sort(java.util.Comparator.comparing(p -> p.getFileName().toString()));
        for (int i = 0; i < rotated.size() - policy.keep(); i++) Files.deleteIfExists(rotated.get(i));
    }

    public long rotations() { return rotations; }

    @Override
    public void close() throws IOException {
        out.close();
    }
}

package dev.vigil.detect.behavior.zeek;

import dev.vigil.detect.behavior.event.NetworkEvent;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a Zeek sensor's logs (one file, or a directory tree of them: hourly rotated, gzip-compressed,
 * Stratosphere-labelled, TSV or JSON) into the events the behavioural detectors read, so a site running
 * Zeek gets the same analytics as one running Vigil.
 *
 * <p>Events come out merged across all files in {@link NetworkEvent#orderNanos()} order, as far as bounded
 * memory allows. Zeek writes a connection when it ends and rotates by write time, so each file is nearly in
 * end-time order and files of different hours barely overlap: files are opened in order of their first
 * events (only those that overlap are open at once), each keeps a reorder heap that holds an event until
 * the file has read {@code reorderWindow} past it (and holds at least {@code minBufferedPerFile} events,
 * so small files are sorted whole), and the open files are merged by their heaps' heads. Memory is
 * bounded by {@code maxBufferedPerFile} times the files open at once. What is still out of order after
 * that is counted ({@link Stats#outOfOrder()}); the engine's own reorder buffer takes it.
 */
public final class ZeekLogs {
    private ZeekLogs() {}

    /**
     * @param reorderWindowSeconds how far past an event a file is read before the event is let go: Zeek
     *                             writes a TCP connection up to its inactivity timeout (5 min) after its end
     * @param minBufferedPerFile   events each file's heap holds whatever their times: a file this small is
     *                             sorted whole (some logs are concatenations, hours out of order)
     * @param maxBufferedPerFile   cap on each file's reorder heap; memory is this times the files open at once
     * @param maxLine              longer lines are skipped as malformed
     */
    public record Options(long reorderWindowSeconds, int minBufferedPerFile, int maxBufferedPerFile, int maxLine) {
        public Options {
            if (reorderWindowSeconds < 0 || minBufferedPerFile < 1 || maxBufferedPerFile < minBufferedPerFile || maxLine < 1) {
                throw new IllegalArgumentException("reader options out of range: " + reorderWindowSeconds + "s, " + minBufferedPerFile
                        + ".." + maxBufferedPerFile + " events, lines of " + maxLine);
            }
        }

        public static final Options DEFAULTS = new Options(600, 20_000, 50_000, 1 << 20);
    }

    /**
     * What a read found.
     *
     * @param files        log files read
     * @param skippedFiles files passed over, by reason ("unsupported log: weird", "not a Zeek log", ...)
     * @param rows         data rows read (events + ignored + malformed)
     * @param rowsByLog    data rows by log path ("conn", "dns", ...; logs not read appear under their path)
     * @param ignored      well-formed rows that state nothing the detectors use
     * @param malformed    rows skipped, by reason ("conn: bad id.orig_p", "line too long", ...)
     * @param unreadable   files that could not be opened or broke off (a truncated gzip); rows before the break count
     * @param outOfOrder   events delivered behind one delivered before them
     * @param maxLateNanos the furthest an event was delivered behind
     */
    public record Stats(long files, Map<String, Long> skippedFiles, long rows, Map<String, Long> rowsByLog, long events,
                        Map<String, Long> eventsByLog, long ignored, Map<String, Long> malformed, long unreadable,
                        long outOfOrder, long maxLateNanos, int maxOpenFiles) {
        public long malformedRows() {
            return malformed.values().stream().mapToLong(Long::longValue).sum();
        }

        public long rows(String log) { return rowsByLog.getOrDefault(log, 0L); }

        public long events(String log) { return eventsByLog.getOrDefault(log, 0L); }

        /** One line for the command's report: what was read, what was refused and why. */
        public String summary() {
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%,d files, %,d rows", files, rows));
            if (!rowsByLog.isEmpty()) {
                b.append(" (");
                new java.util.TreeMap<>(rowsByLog).forEach((k, v) -> b.append(k).append(' ').append(String.format(Locale.ROOT, "%,d", v)).append(", "));
                b.setLength(b.length() - 2);
                b.append(')');
            }
            b.append(String.format(Locale.ROOT, ", %,d events, %,d ignored, %,d malformed", events, ignored, malformedRows()));
            if (!malformed.isEmpty()) b.append(' ').append(new java.util.TreeMap<>(malformed));
            if (unreadable > 0) b.append(String.format(Locale.ROOT, ", %,d unreadable files", unreadable));
            if (!skippedFiles.isEmpty()) b.append(", skipped ").append(new java.util.TreeMap<>(skippedFiles));
            if (outOfOrder > 0) b.append(String.format(Locale.ROOT, ", %,d out of order (at most %.1f s late)", outOfOrder, maxLateNanos / 1e9));
            return b.toString();
        }
    }

    /** Reads with {@link Options#DEFAULTS}. @throws IOException only when {@code dirOrFile} cannot be listed */
    public static Stats read(Path dirOrFile, Consumer<NetworkEvent> out) throws IOException {
        return read(dirOrFile, Options.DEFAULTS, out);
    }

    public static Stats read(Path dirOrFile, Options options, Consumer<NetworkEvent> out) throws IOException {
        Tally tally = new Tally();
        List<Candidate> files = new ArrayList<>();
        for (Path p : candidates(dirOrFile)) {
            Candidate c = peek(p, options, tally);
            if (c != null) files.add(c);
        }
        // stable: files starting together keep path order, so a replay delivers ties the same way
        files.sort(Comparator.comparingLong(Candidate::start));
        merge(files, options, tally, out);
        return tally.snapshot();
    }

    /**
     * One log from a stream (compressed or not), its events in the order of its rows: for a pipe, where
     * there is nothing to merge. Never throws for what the stream holds; a read error ends it (counted).
     *
     * @param fileName the log's name, which tells JSON logs apart ("conn.log"); null when unknown
     */
    public static Stats read(InputStream stream, String fileName, Options options, Consumer<NetworkEvent> out) {
        Tally tally = new Tally();
        tally.files++;
        ZeekParser parser = new ZeekParser(fileName == null ? null : ZeekLog.ofFileName(fileName), tally);
        ZeekLineReader r;
        try {
            r = new ZeekLineReader(gunzipIfCompressed(new BufferedInputStream(stream, 1 << 16)), options.maxLine());
        } catch (IOException e) {
            tally.unreadable++;
            return tally.snapshot();
        }
        while (true) {
            String line;
            try {
                line = r.next();
            } catch (IOException | RuntimeException e) {
                // a corrupt gzip member: the JDK's inflater also throws unchecked exceptions for some
                tally.unreadable++;
                break;
            }
            if (line == null) break;
            parser.line(line, out);
        }
        if (r.tooLong() > 0) {
            tally.rows += r.tooLong();
            tally.malformed.merge("line too long", r.tooLong(), Long::sum);
        }
        return tally.snapshot();
    }

    /** The files a read of {@code dirOrFile} looks at: a file itself, or every file under a directory whose name says log. */
    public static List<Path> candidates(Path dirOrFile) throws IOException {
        if (!Files.isDirectory(dirOrFile)) {
            if (!Files.exists(dirOrFile)) throw new java.nio.file.NoSuchFileException(dirOrFile.toString());
            return List.of(dirOrFile);
        }
        try (Stream<Path> s = Files.walk(dirOrFile)) {
            return s.filter(Files::isRegularFile).filter(p -> logName(p.getFileName().toString())).sorted().toList();
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static boolean logName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.contains(".log") || n.endsWith(".labeled") || n.endsWith(".json") || n.endsWith(".json.gz");
    }

    private record Candidate(Path path, ZeekLog hint, long start) {}

    /**
     * A first look at a file: which log it is (skipping the ones not used) and when its first events
     * happen, so it is opened only when the merge gets there. Counts nothing but skips.
     */
    private static Candidate peek(Path p, Options o, Tally tally) {
        ZeekLog hint = ZeekLog.ofFileName(p.getFileName().toString());
        ZeekParser parser = new ZeekParser(hint, new Tally());
        long[] start = {Long.MAX_VALUE};
        try (InputStream in = open(p)) {
            ZeekLineReader r = new ZeekLineReader(in, o.maxLine());
            int rows = 0;
            while (rows < 256) {
                String line;
                try {
                    line = r.next();
                } catch (RuntimeException corrupt) {
                    // the JDK's inflater throws some corrupt gzip members unchecked; the merge counts the file
                    break;
                }
                if (line == null) break;
                if (!line.isEmpty() && line.charAt(0) != '#') rows++;
                parser.line(line, e -> start[0] = Math.min(start[0], e.orderNanos()));
            }
        } catch (IOException e) {
            // a file that breaks later is read up to the break (and counted) by the merge; one that does not open is not
            if (parser.lastLog == null && hint == null) {
                tally.unreadable++;
                return null;
            }
        }
        ZeekLog log = parser.lastLog != null ? parser.lastLog : parser.lastSkippedPath == null ? hint : null;
        if (log == null) {
            String why = parser.lastSkippedPath != null ? "unsupported log: " + parser.lastSkippedPath : "not a Zeek log";
            tally.skippedFiles.merge(why, 1L, Long::sum);
            return null;
        }
        return new Candidate(p, hint, start[0] == Long.MAX_VALUE ? Long.MIN_VALUE : start[0]);
    }

    static InputStream open(Path p) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
        try {
            return gunzipIfCompressed(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static InputStream gunzipIfCompressed(BufferedInputStream in) throws IOException {
        in.mark(2);
        int a = in.read(), b = in.read();
        in.reset();
        // by content, not name: rotated files are compressed whatever they are called
        return a == 0x1f && b == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
    }

    private static void merge(List<Candidate> files, Options o, Tally tally, Consumer<NetworkEvent> out) {
        long window = Math.max(0, Math.min(o.reorderWindowSeconds(), ZeekEvents.MAX_SECONDS)) * 1_000_000_000L;
        PriorityQueue<Source> open = new PriorityQueue<>(Comparator.comparingLong(Source::head).thenComparingInt(s -> s.order));
        int next = 0;
        long last = Long.MIN_VALUE;
        while (true) {
            long t = open.isEmpty() ? Long.MAX_VALUE : open.peek().head();
            // a file joins before anything later than its first events goes out
            while (next < files.size() && (files.get(next).start() <= t || open.isEmpty())) {
                Source s = new Source(files.get(next), next, o, window, tally);
                next++;
                if (s.fill()) open.add(s);
                tally.maxOpenFiles = Math.max(tally.maxOpenFiles, open.size());
                t = open.isEmpty() ? Long.MAX_VALUE : open.peek().head();
            }
            Source s = open.poll();
            if (s == null) break;
            NetworkEvent e = s.take();
            long at = e.orderNanos();
            if (at < last) {
                tally.outOfOrder++;
                tally.maxLateNanos = Math.max(tally.maxLateNanos, last - at);
            } else {
                last = at;
            }
            out.accept(e);
            if (s.fill()) open.add(s);
        }
    }

    /** One open file: its rows read ahead into a heap until the heap's head is a window behind the file's newest event. */
    private static final class Source implements Closeable {
        private record Held(NetworkEvent e, long seq) {}

        private static final Comparator<Held> ORDER = Comparator.<Held>comparingLong(h -> h.e.orderNanos()).thenComparingLong(Held::seq);

        final int order;
        private final Options o;
        private final long window;
        private final Tally tally;
        private final PriorityQueue<Held> heap = new PriorityQueue<>(ORDER);
        private ZeekParser parser;
        private ZeekLineReader reader;
        private InputStream in;
        private long newest = Long.MIN_VALUE, seq;
        private boolean done;

        Source(Candidate file, int order, Options o, long window, Tally tally) {
            this.order = order;
            this.o = o;
            this.window = window;
            this.tally = tally;
            tally.files++;
            try {
                in = open(file.path());
                reader = new ZeekLineReader(in, o.maxLine());
                parser = new ZeekParser(file.hint(), tally);
            } catch (IOException e) {
                tally.unreadable++;
                done = true;
            }
        }

        long head() { return heap.peek().e.orderNanos(); }

        NetworkEvent take() { return heap.poll().e; }

        /** Reads until the head may go; @return false when the file has nothing left */
        boolean fill() {
            while (!done && (heap.size() < o.minBufferedPerFile()
                    || heap.size() < o.maxBufferedPerFile() && newest - heap.peek().e.orderNanos() < window)) {
                String line;
                try {
                    line = reader.next();
                } catch (IOException | RuntimeException e) {
                    // a truncated or corrupt gzip: keep what was read
                    tally.unreadable++;
                    line = null;
                }
                if (line == null) {
                    close();
                    break;
                }
                parser.line(line, e -> {
                    heap.add(new Held(e, seq++));
                    if (e.orderNanos() > newest) newest = e.orderNanos();
                });
            }
            return !heap.isEmpty();
        }

        @Override
        public void close() {
            if (done) return;
            done = true;
            long tooLong = reader.tooLong();
            if (tooLong > 0) {
                tally.rows += tooLong;
                tally.malformed.merge("line too long", tooLong, Long::sum);
            }
            try {
                in.close();
            } catch (IOException ignored) {
                // nothing was lost: everything read is in the heap
            }
        }
    }
}

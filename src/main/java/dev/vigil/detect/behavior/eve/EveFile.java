package dev.vigil.detect.behavior.eve;

import dev.vigil.detect.behavior.event.NetworkEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/** Reads an eve.json (or eve.json.gz) file line by line into events; its size does not matter. */
public final class EveFile {
    private EveFile() {}

    /** Lines longer than this are counted as malformed and skipped unread. */
    public static final int MAX_LINE = 16 << 20;

    /** @return the reader, for its counters */
    public static EveEvents read(Path file, Consumer<NetworkEvent> out) throws IOException {
        return readWithRecordTime(file, (e, t) -> out.accept(e));
    }

    /** Each event with the time its record was written: the order a sensor reported in. */
    public static EveEvents readWithRecordTime(Path file, EveEvents.Sink out) throws IOException {
        EveEvents events = new EveEvents();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.length() > MAX_LINE) continue;
                events.lineWithRecordTime(line, out);
            }
        }
        return events;
    }
}

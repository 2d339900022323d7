package dev.vigil.detect.behavior.zeek;

import java.util.Map;
import java.util.TreeMap;

/** The reader's counters while it runs; {@link ZeekLogs.Stats} is their snapshot. */
final class Tally {
    long files, rows, events, ignored, outOfOrder, maxLateNanos, unreadable;
    int maxOpenFiles;
    final Map<String, Long> rowsByLog = new TreeMap<>(), eventsByLog = new TreeMap<>(), malformed = new TreeMap<>(),
            skippedFiles = new TreeMap<>();

    void malformed(String log, String reason) {
        malformed.merge(log == null ? reason : log + ": " + reason, 1L, Long::sum);
    }

    ZeekLogs.Stats snapshot() {
        return new ZeekLogs.Stats(files, Map.copyOf(skippedFiles), rows, Map.copyOf(rowsByLog), events, Map.copyOf(eventsByLog),
                ignored, Map.copyOf(malformed), unreadable, outOfOrder, maxLateNanos, maxOpenFiles);
    }
}

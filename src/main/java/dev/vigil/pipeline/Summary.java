package dev.vigil.pipeline;

import java.util.List;

/** What one run did: totals for the summary line, the benchmark and tests. */
public record Summary(long packets, long bytes, long inputBytes, long flows, long decoderEvents,
                      long invalidPackets, long internalErrors, long eveRecords, double seconds,
                      List<String> problems, Stats stats) {

    public double megabytesPerSecond() { return seconds <= 0 ? 0 : inputBytes / seconds / 1e6; }

    public double packetsPerSecond() { return seconds <= 0 ? 0 : packets / seconds; }
}

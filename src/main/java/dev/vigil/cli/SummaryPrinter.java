package dev.vigil.cli;

import dev.vigil.decode.Layer;
import dev.vigil.pipeline.Summary;
import java.io.PrintStream;

/** The human summary printed after a run. */
final class SummaryPrinter {
    private SummaryPrinter() {}

    static void print(PrintStream out, Summary s, int workers, int skippedFiles) {
        out.printf("packets:        %,d%n", s.packets());
        out.printf("bytes:          %,d%n", s.bytes());
        out.printf("flows:          %,d%n", s.flows());
        out.printf("decoder events: %,d (in %,d packets)%n", s.decoderEvents(), s.invalidPackets());
        long unsupported = s.stats().layers[Layer.UNSUPPORTED_LINK.ordinal()];
        if (unsupported > 0) out.printf("unsupported link type: %,d packets counted, not decoded%n", unsupported);
        if (s.internalErrors() > 0) out.printf("internal errors: %,d packets skipped (see log)%n", s.internalErrors());
        if (skippedFiles > 0) out.printf("skipped files:  %d (not pcap/pcapng)%n", skippedFiles);
        out.printf("eve records:    %,d%n", s.eveRecords());
        out.printf("throughput:     %.1f MB/s, %,.0f packets/s (%d workers, %.2f s)%n",
                s.megabytesPerSecond(), s.packetsPerSecond(), workers, s.seconds());
    }
}

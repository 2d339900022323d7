package dev.vigil.cli;

import dev.vigil.decode.Layer;
import dev.vigil.pipeline.Summary;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The human summary printed after a run. */
final class SummaryPrinter {
    private SummaryPrinter() {}

    /** "http 12, tls 40, failed 3": flows per detected protocol, busiest first. */
    static String appLayer(Summary s) {
        List<Map.Entry<String, Long>> flows = new ArrayList<>();
        s.stats().counters().forEach((k, v) -> {
            if (k.startsWith("app_layer.flow.") && v > 0) flows.add(Map.entry(k.substring("app_layer.flow.".length()), v));
        });
        flows.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        StringBuilder sb = new StringBuilder();
        for (var e : flows) sb.append(sb.isEmpty() ? "" : ", ").append(e.getKey()).append(' ').append(String.format("%,d", e.getValue()));
        return sb.isEmpty() ? "" : sb.append(" flows").toString();
    }

    static void print(PrintStream out, Summary s, int workers, int skippedFiles) {
        out.printf("packets:        %,d%n", s.packets());
        out.printf("bytes:          %,d%n", s.bytes());
        out.printf("flows:          %,d%n", s.flows());
        out.printf("decoder events: %,d (in %,d packets)%n", s.decoderEvents(), s.invalidPackets());
        long unsupported = s.stats().layers[Layer.UNSUPPORTED_LINK.ordinal()];
        if (unsupported > 0) out.printf("unsupported link type: %,d packets counted, not decoded%n", unsupported);
        if (s.internalErrors() > 0) out.printf("internal errors: %,d packets skipped (see log)%n", s.internalErrors());
        if (skippedFiles > 0) out.printf("skipped files:  %d (not pcap/pcapng)%n", skippedFiles);
        String apps = appLayer(s);
        if (!apps.isEmpty()) out.printf("app-layer:      %s%n", apps);
        out.printf("eve records:    %,d%n", s.eveRecords());
        out.printf("throughput:     %.1f MB/s, %,.0f packets/s (%d workers, %.2f s)%n",
                s.megabytesPerSecond(), s.packetsPerSecond(), workers, s.seconds());
    }
}

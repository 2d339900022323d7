package dev.vigil.scenario;

import dev.vigil.scenario.background.Background;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.wire.Timeline;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void scratch() throws Exception {
        long t0 = System.nanoTime();
        Organisation org = Organisation.build(1, Integer.getInteger("h", 5));
        Timeline tl = new Timeline(1);
        long start = java.time.Instant.parse("2026-03-02T00:00:00Z").getEpochSecond() * 1_000_000_000L;
        Background.schedule(tl, org, 1, start, start + Long.getLong("hours", 24) * 3_600_000_000_000L);
        Path p = Path.of("/tmp/scratch.pcap");
        TsharkCheck.write(tl, p);
        System.out.println("sessions " + tl.sessions() + " bytes " + Files.size(p) + " ms " + (System.nanoTime() - t0) / 1_000_000);
        if (!Boolean.getBoolean("notshark")) {
            var errs = TsharkCheck.expertErrors(p);
            System.out.println("errors " + errs.size());
            errs.stream().limit(20).forEach(System.out::println);
        }
    }
}

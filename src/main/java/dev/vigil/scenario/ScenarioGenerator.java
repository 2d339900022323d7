package dev.vigil.scenario;

import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import dev.vigil.scenario.background.Background;
import dev.vigil.scenario.campaign.Campaign;
import dev.vigil.scenario.campaign.Intrusion;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import dev.vigil.scenario.org.Organisation;
import dev.vigil.scenario.wire.Timeline;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Writes a scenario's capture (classic pcap, microsecond timestamps) and returns its answer key. */
public final class ScenarioGenerator {
    private ScenarioGenerator() {}

    /** What {@link #generate} wrote: the key and the packet count. */
    public record Result(AnswerKey key, long packets) {}

    public static Result generate(Campaign campaign, ScenarioOptions o, Path pcap) throws IOException {
        long start = o.startNanos();
        long end = o.endNanos();
        Organisation org = Organisation.build(o.seed(), o.hosts(), start);
        Timeline tl = new Timeline(o.seed());
        Intrusion in = new Intrusion(org, tl, o.seed(), start, end);
        Background.schedule(tl, org, o.seed(), start, end, java.util.Set.of(in.victim));
        List<Activity> planned = new ArrayList<>();
        java.util.SplittableRandom when = new java.util.SplittableRandom(o.seed() ^ 0x7768656EL);
        for (Campaign.Planned p : campaign.steps()) {
            // each seed moves every step a little (up to 1.5% of the span) so answer keys differ in time too
            double shift = when.nextDouble() * 0.015;
            planned.add(p.step().schedule(in, in.at(p.from() + shift), in.at(Math.min(1.0, p.until() + shift))));
        }
        Path parent = pcap.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        long packets;
        try (PcapWriter w = new PcapWriter(new BufferedOutputStream(Files.newOutputStream(pcap), 1 << 20), LinkType.ETHERNET)) {
            packets = tl.write(w::write);
        }
        List<Activity> done = new ArrayList<>();
        for (Activity a : planned) {
            long[] span = tl.span(a.id());
            if (span == null) continue; // nothing of it fell inside the span
            done.add(new Activity(a.id(), a.description(), a.technique(), a.source(), a.destination(), iso(span[0]), iso(span[1]),
                    a.detector(), a.hint()));
        }
        return new Result(new AnswerKey(campaign.name(), o.seed(), o.hosts(), iso(start), iso(end), Organisation.HOME_NET, List.copyOf(done),
                List.of(new dev.vigil.scenario.key.PlantedToken("credential", in.honeytokenUser, in.honeytokenPassword,
                        "backup service account in a script on the file share", "file share, backup script"))), packets);
    }

    /** ISO-8601 UTC with microseconds, the precision the pcap keeps. */
    public static String iso(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)).truncatedTo(ChronoUnit.MICROS).toString();
    }
}

package dev.vigil.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detect.ioc.IndicatorSightings;
import dev.vigil.intel.IntelStore;
import dev.vigil.intel.LocalIdentity;
import dev.vigil.intel.SightingMaker;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The intel store's part in {@code vigil analyze} and {@code vigil sensor}: the data directory's active
 * indicators are matched (loaded automatically when the directory holds a store), and what matched comes
 * back as STIX sightings by our identity, ready for {@code vigil intel push}.
 */
final class IntelSetup {
    private IntelSetup() {}

    /** Loads the active indicators into {@code config}; false when the data directory has no store (nothing to do). */
    static boolean load(Path dataDir, SensorConfig config, PrintStream err) {
        if (!Files.exists(dataDir.resolve(Database.FILE_NAME))) return false;
        long t0 = System.nanoTime();
        try (IntelStore s = IntelStore.open(dataDir)) {
            IntelStore.ActiveIndicators a = s.activeIndicators(Instant.now());
            config.indicators = a.set();
            config.sightings = new IndicatorSightings();
            StringBuilder refused = new StringBuilder();
            a.refused().forEach((why, n) -> refused.append(refused.isEmpty() ? "" : ", ").append(n).append(' ').append(why));
            err.printf("vigil: indicators: %d active of %d in %s (%.2f s)%s%n", a.set().indicatorCount(), a.seen(), dataDir.resolve(Database.FILE_NAME),
                    (System.nanoTime() - t0) / 1e9, refused.isEmpty() ? "" : "; not matched: " + refused);
            return true;
        }
    }

    /** Stores what the run sighted as STIX sightings; returns how many. */
    static int record(Path dataDir, SensorConfig config, PrintStream out) throws IOException {
        if (config.sightings == null) return 0;
        List<IndicatorSightings.Sighting> seen = config.sightings.sightings();
        if (seen.isEmpty()) return 0;
        ObjectNode me = LocalIdentity.load(dataDir, LocalIdentity.defaultName());
        List<ObjectNode> objs = new ArrayList<>();
        objs.add(me);
        objs.addAll(SightingMaker.make(seen, me.path("id").asText(), Instant.now()));
        try (IntelStore s = IntelStore.open(dataDir)) {
            IntelStore.ImportReport r = s.storeOwn(objs, null);
            for (String why : r.reasons) out.println("vigil: sighting not stored: " + why);
        }
        out.println("sightings: " + seen.size() + " indicators sighted, stored in " + dataDir.resolve(Database.FILE_NAME));
        return seen.size();
    }
}

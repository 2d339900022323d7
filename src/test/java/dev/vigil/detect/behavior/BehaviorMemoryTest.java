package dev.vigil.detect.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.behavior.eve.EveFile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ten days of traffic (espionage-contractor stretched over 240 hours from a Monday, 10 workstations):
 * the detectors' state levels off instead of growing with the days, because idle keys are evicted and
 * every table is capped. The second week's working days hold no more than the first week's did.
 */
class BehaviorMemoryTest {
    private static final long DAY = 86_400_000_000_000L;

    @Test
    void stateLevelsOffOverTenDays() throws Exception {
        ScenarioTrial.Prepared week = ScenarioTrial.prepare("espionage-contractor", 5, 10, 240);
        BehaviorConfig c = new BehaviorConfig();
        BehaviorEngine engine = new BehaviorEngine(c, BehaviorDetectors.create(c, week.home()), f -> { });
        List<Long> perDay = new ArrayList<>();
        List<String> detectorsPerDay = new ArrayList<>();
        long[] start = {Long.MIN_VALUE}, events = {0};
        EveFile.read(week.eve(), e -> {
            if (start[0] == Long.MIN_VALUE) start[0] = e.orderNanos();
            int day = (int) ((e.orderNanos() - start[0]) / DAY);
            while (perDay.size() <= day) {
                perDay.add(0L);
                StringBuilder b = new StringBuilder();
                for (BehaviorDetector d : engine.detectors()) b.append(d.name()).append('=').append(d.trackedKeys()).append(' ');
                detectorsPerDay.add(b.toString().trim());
            }
            perDay.set(day, Math.max(perDay.get(day), engine.trackedKeys()));
            engine.accept(e);
            events[0]++;
        });
        engine.finish();
        System.out.println("behaviour state over ten days, most keys held per day: " + perDay + " (" + events[0] + " events)");
        for (int d = 0; d < detectorsPerDay.size(); d++) System.out.println("  start of day " + (d + 1) + ": " + detectorsPerDay.get(d));
        assertThat(perDay).hasSizeGreaterThanOrEqualTo(10);
        // Tuesday and Wednesday of each week: the second week holds no more than the first, give or take a quarter
        long first = Math.max(perDay.get(1), perDay.get(2)), second = Math.max(perDay.get(8), perDay.get(9));
        assertThat(second).isLessThanOrEqualTo(first * 5 / 4);
        assertThat(engine.counters().get("pending")).isZero();
        assertThat(events[0]).isGreaterThan(100_000);
    }
}

package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import dev.vigil.flow.Flow;
import dev.vigil.testing.TestFlows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which matches become alerts under threshold and detection_filter, in packet time. */
class ThresholdsTest {
    private static final long S = 1_000_000_000L, T0 = 1_700_000_000L * S;

    private static Rule rule(String options) throws RuleException {
        return new RuleParser(RuleVars.defaults(), null).parse("alert tcp any any -> any any (" + options + " sid:9;)", "t", 1);
    }

    /** Alerts (true) for matches at the given seconds after T0, from the flow's side A. */
    private static List<Boolean> run(String keyword, String value, Flow f, double... seconds) throws RuleException {
        Rule r = rule(keyword + ":" + value + ";");
        Thresholds.Spec spec = Thresholds.Spec.parse(keyword, value);
        Thresholds t = new Thresholds();
        List<Boolean> out = new ArrayList<>();
        for (double sec : seconds) out.add(t.alerts(r, spec, f, false, T0 + (long) (sec * S)));
        return out;
    }

    private static final Flow F = TestFlows.tcp4(0x0A000001L, 1000, 0x0A000002L, 80, T0);

    @Test
    void limitThresholdBothAndDetectionFilter() throws RuleException {
        assertThat(run("threshold", "type limit, track by_src, count 2, seconds 60", F, 0, 1, 2, 3, 61, 62, 63))
                .containsExactly(true, true, false, false, true, true, false);
        assertThat(run("threshold", "type threshold, track by_src, count 3, seconds 60", F, 0, 1, 2, 3, 4, 5, 6))
                .containsExactly(false, false, true, false, false, true, false);
        assertThat(run("threshold", "type both, track by_dst, count 2, seconds 60", F, 0, 1, 2, 3, 70, 71))
                .containsExactly(false, true, false, false, false, true);
        assertThat(run("detection_filter", "track by_src, count 2, seconds 10", F, 0, 1, 2, 3, 20, 21, 22))
                .containsExactly(false, false, true, true, false, false, true);
    }

    @Test
    void aMatchALittleBehindCountsInTheWindowAJumpBackOpensANewOne() throws RuleException {
        // workers share the table and are a little apart in packet time; the next file of a run may start earlier
        assertThat(run("threshold", "type limit, track by_src, count 1, seconds 60", F, 10, 9.5, 5, 40, -45, -200, -199.9))
                .containsExactly(true, false, false, false, false, true, false);
    }

    @Test
    void backoffAlertsOnTheNthMatchThenAtMultiplesOfIt() throws RuleException {
        double[] times = new double[30];
        for (int i = 0; i < times.length; i++) times[i] = i * 100; // far apart: backoff has no window
        List<Boolean> a = run("threshold", "type backoff, track by_flow, count 3, multiplier 2", F, times);
        List<Integer> alerting = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) if (a.get(i)) alerting.add(i + 1);
        assertThat(alerting).containsExactly(3, 6, 12, 24);
        List<Boolean> b = run("threshold", "type backoff, track by_flow, count 1, multiplier 10", F, times);
        assertThat(b.stream().filter(x -> x).count()).as("matches 1 and 10 of 30").isEqualTo(2);
        assertThat(b.get(0)).isTrue();
        assertThat(b.get(9)).isTrue();
    }

    @Test
    void eachTrackedSourceCountsOnItsOwn() throws RuleException {
        Rule r = rule("threshold:type limit, track by_src, count 1, seconds 60;");
        Thresholds.Spec spec = Thresholds.Spec.parse("threshold", "type limit, track by_src, count 1, seconds 60");
        Thresholds t = new Thresholds();
        Flow other = TestFlows.tcp4(0x0A000009L, 1000, 0x0A000002L, 80, T0);
        assertThat(t.alerts(r, spec, F, false, T0)).isTrue();
        assertThat(t.alerts(r, spec, F, false, T0 + S)).isFalse();
        assertThat(t.alerts(r, spec, other, false, T0 + S)).as("another source").isTrue();
        assertThat(t.alerts(r, spec, F, true, T0 + S)).as("the server's side is another source too").isTrue();
        Thresholds.Spec byRule = Thresholds.Spec.parse("threshold", "type limit, track by_rule, count 1, seconds 60");
        Thresholds u = new Thresholds();
        assertThat(u.alerts(r, byRule, F, false, T0)).isTrue();
        assertThat(u.alerts(r, byRule, other, false, T0 + S)).as("by_rule: one count for all").isFalse();
    }
}

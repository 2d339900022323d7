package dev.vigil.scenario.grade;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.scenario.key.Activity;
import dev.vigil.scenario.key.AnswerKey;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * Scores findings (Vigil's alerts, or an analyst's written in the same EVE form) against a scenario's
 * answer key.
 *
 * <p>The EVE file is read one line at a time, so its size does not matter; records other than
 * {@code alert} are skipped, and a line that is not a JSON object, is longer than
 * {@link Options#maxLineChars}, or is an alert without a readable timestamp is counted as malformed and
 * skipped. A {@code .gz} file is read through gunzip.
 *
 * <p>An alert matches an activity when both hold:
 * <ul>
 * <li><b>time</b>: its timestamp lies in [activity start − slack, activity end + lateness], both ends
 *     included. Slack (default 60 s) forgives clock skew and detectors that fire on the first packets;
 *     lateness (default 1 h) lets detectors of beaconing or exfiltration, which can only judge a pattern
 *     after it has run for a while, alert after the activity has ended.</li>
 * <li><b>endpoints</b>, by address: {src_ip, dest_ip} is {source.ip, destination.ip} in either direction
 *     (a response's alert has them swapped), where a party given as a CIDR block contains the address and
 *     addresses compare as numbers (IPv6 text forms differ); a port the key gives must equal the alert's
 *     port on that party's side. Or by name: the alert's traffic names a party's domain or a subdomain of
 *     it ({@code dns} query/answer {@code rrname}, {@code http.hostname}, {@code tls.sni}, {@code quic.sni})
 *     and the other party's address is either end of the alert; ports are not compared then, because
 *     such alerts are often between the host and its resolver or proxy, not the named server. A party
 *     without an address matches only by name, and as the other party of a name match it matches any
 *     host.</li>
 * </ul>
 * An activity may be matched by many alerts and an alert may match several activities; for precision an
 * alert counts once, as matched if it matches any activity.
 */
public final class Grader {
    private Grader() {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * @param slack        how long before an activity's start an alert still belongs to it
     * @param lateness     how long after an activity's end an alert still belongs to it
     * @param maxLineChars longer EVE lines are counted as malformed without being held in memory
     */
    public record Options(Duration slack, Duration lateness, int maxLineChars) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(60), Duration.ofHours(1), 16 << 20);

        public Options {
            if (slack.isNegative() || lateness.isNegative()) throw new IllegalArgumentException("slack and lateness must not be negative");
            if (maxLineChars < 1) throw new IllegalArgumentException("maxLineChars must be positive");
        }

        public Options withSlack(Duration d) {
            return new Options(d, lateness, maxLineChars);
        }

        public Options withLateness(Duration d) {
            return new Options(slack, d, maxLineChars);
        }
    }

    /** Grades with the default slack and lateness. */
    public static GradeReport grade(AnswerKey key, Path eve) throws IOException {
        return grade(key, eve, Options.DEFAULTS);
    }

    public static GradeReport grade(AnswerKey key, Path eve, Options options) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(eve));
             InputStream in = eve.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
             Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return grade(key, r, options);
        }
    }

    /**
     * Grades the EVE lines {@code eve} yields (standard input, a test's text); the reader is not closed.
     *
     * @throws IllegalArgumentException when the key is unusable: an activity's time or address does not parse
     */
    public static GradeReport grade(AnswerKey key, Reader eve, Options options) throws IOException {
        checkSpan(key);
        List<Tally> tallies = new ArrayList<>();
        for (Activity a : key.activities() == null ? List.<Activity>of() : key.activities()) {
            tallies.add(new Tally(new ActivityMatcher(a, options.slack(), options.lateness())));
        }
        GradeReport.Input input = new GradeReport.Input();
        EveLines lines = new EveLines(eve, options.maxLineChars());
        for (String line = lines.next(); line != null; line = lines.next()) {
            input.lines++;
            if (lines.overlong()) {
                input.malformed++;
                continue;
            }
            if (line.isBlank()) continue;
            EveAlert alert;
            try {
                JsonNode record = JSON.readTree(line);
                if (!record.isObject()) {
                    input.malformed++;
                    continue;
                }
                alert = EveAlert.from(record);
            } catch (JacksonException | IllegalArgumentException e) {
                input.malformed++;
                continue;
            }
            if (alert == null) {
                input.otherRecords++;
                continue;
            }
            input.alerts++;
            boolean matched = false;
            for (Tally t : tallies) {
                if (t.matcher.matches(alert)) {
                    t.add(alert);
                    matched = true;
                }
            }
            if (matched) input.matchedAlerts++;
        }
        List<ActivityResult> results = new ArrayList<>(tallies.size());
        for (Tally t : tallies) results.add(t.result());
        return new GradeReport(key, options, results, input);
    }

    // the report reads the span later; a key that cannot be read should fail here, with its field named
    private static void checkSpan(AnswerKey key) {
        for (String[] f : new String[][] {{"start", key.start()}, {"end", key.end()}}) {
            if (f[1] == null) continue;
            try {
                EveTimestamp.parse(f[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("answer key " + f[0] + ": " + e.getMessage(), e);
            }
        }
    }

    /** What the alerts of one activity added up to so far. */
    private static final class Tally {
        private record SignatureKey(long id, String name) {}

        final ActivityMatcher matcher;
        long alerts;
        Instant first;
        boolean techniqueClaimed;
        // keyed by signature, so bounded by the rule set, not by the number of alerts
        final Map<SignatureKey, long[]> signatures = new TreeMap<>(
                Comparator.comparingLong(SignatureKey::id).thenComparing(SignatureKey::name));

        Tally(ActivityMatcher matcher) {
            this.matcher = matcher;
        }

        void add(EveAlert a) {
            alerts++;
            // EVE files are not in time order (workers write as they go), so the first is the minimum
            if (first == null || a.time().isBefore(first)) first = a.time();
            techniqueClaimed |= matcher.techniqueClaimedBy(a);
            signatures.computeIfAbsent(new SignatureKey(a.signatureId(), a.signature()), k -> new long[1])[0]++;
        }

        ActivityResult result() {
            Duration ttd = null;
            if (first != null) {
                ttd = Duration.between(matcher.start, first);
                if (ttd.isNegative()) ttd = Duration.ZERO;
            }
            List<Signature> sigs = new ArrayList<>();
            signatures.forEach((k, n) -> sigs.add(new Signature(k.id(), k.name(), n[0])));
            return new ActivityResult(matcher.activity, alerts, first, ttd, sigs, techniqueClaimed);
        }
    }
}

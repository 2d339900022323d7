package dev.vigil.scenario.grade;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.scenario.key.AnswerKey;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The score of one set of findings against an answer key: per activity found or missed, with its first
 * detection and the signatures that found it; recall, precision, false alerts and their rate per 50 hosts
 * per day of capture, times to detect, recall per detector kind. Undefined figures (precision without
 * alerts, recall without activities, a rate for a key without hosts or time span) are empty, printed as
 * {@code n/a} and written as JSON {@code null}, never made up.
 */
public final class GradeReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final double SECONDS_PER_DAY = 86_400;

    /** Counts of the EVE input, filled while it is read. */
    static final class Input {
        long lines;
        long alerts;
        long matchedAlerts;
        long otherRecords;
        long malformed;
    }

    /** How many activities of one detector kind were found. */
    public record DetectorRecall(int found, int total) {
        public double recall() {
            return total == 0 ? Double.NaN : (double) found / total;
        }
    }

    private final AnswerKey key;
    private final Grader.Options options;
    private final List<ActivityResult> activities;
    private final Input input;

    GradeReport(AnswerKey key, Grader.Options options, List<ActivityResult> activities, Input input) {
        this.key = key;
        this.options = options;
        this.activities = List.copyOf(activities);
        this.input = input;
    }

    public AnswerKey key() { return key; }

    public Grader.Options options() { return options; }

    /** Every activity of the key, in the key's order. */
    public List<ActivityResult> activities() { return activities; }

    public List<ActivityResult> found() {
        return activities.stream().filter(ActivityResult::found).toList();
    }

    public List<ActivityResult> missed() {
        return activities.stream().filter(r -> !r.found()).toList();
    }

    public Optional<ActivityResult> activity(String id) {
        return activities.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    public boolean allFound() {
        return activities.stream().allMatch(ActivityResult::found);
    }

    /** Found activities over all activities; empty for a key without activities. */
    public OptionalDouble recall() {
        return activities.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of((double) found().size() / activities.size());
    }

    /** Alert records read. */
    public long alerts() { return input.alerts; }

    /** Alerts that match at least one activity (each counted once). */
    public long matchedAlerts() { return input.matchedAlerts; }

    /** Alerts that match no activity. */
    public long falseAlerts() { return input.alerts - input.matchedAlerts; }

    /** Matched alerts over all alerts; empty when there are no alerts (nothing claimed, nothing to be precise about). */
    public OptionalDouble precision() {
        return input.alerts == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) input.matchedAlerts / input.alerts);
    }

    /** The capture's span as the key states it; empty when the key lacks it or it is not positive. */
    public Optional<Duration> span() {
        if (key.start() == null || key.end() == null) return Optional.empty();
        Duration d = Duration.between(EveTimestamp.parse(key.start()), EveTimestamp.parse(key.end()));
        return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
    }

    /**
     * False alerts scaled to 50 hosts and one day: false alerts ÷ (hosts ÷ 50) ÷ (span in days). Empty when
     * the key gives no hosts or no span.
     */
    public OptionalDouble falseAlertsPer50HostsPerDay() {
        Optional<Duration> span = span();
        if (key.hosts() <= 0 || span.isEmpty()) return OptionalDouble.empty();
        double days = span.get().toMillis() / 1000.0 / SECONDS_PER_DAY;
        return OptionalDouble.of(falseAlerts() / (key.hosts() / 50.0) / days);
    }

    /**
     * Every activity found and at most {@code maxPer50HostsPerDay} false alerts per 50 hosts per day (a key
     * whose rate is undefined passes only without false alerts).
     */
    public boolean passes(double maxPer50HostsPerDay) {
        if (!allFound()) return false;
        OptionalDouble rate = falseAlertsPer50HostsPerDay();
        return rate.isPresent() ? rate.getAsDouble() <= maxPer50HostsPerDay : falseAlerts() == 0;
    }

    public Optional<Duration> medianTimeToDetect() {
        List<Duration> t = found().stream().map(ActivityResult::timeToDetect).sorted().toList();
        if (t.isEmpty()) return Optional.empty();
        int mid = t.size() / 2;
        return Optional.of(t.size() % 2 == 1 ? t.get(mid) : t.get(mid - 1).plus(t.get(mid)).dividedBy(2));
    }

    public Optional<Duration> maxTimeToDetect() {
        return found().stream().map(ActivityResult::timeToDetect).max(Comparator.naturalOrder());
    }

    /** The earliest alert matching any activity. */
    public Optional<Instant> firstDetection() {
        return found().stream().map(ActivityResult::firstDetection).min(Comparator.naturalOrder());
    }

    /**
     * How long the campaign ran before anything of it was detected: the first detection minus the start of
     * the key's earliest activity (0 when that alert came within the slack before it).
     */
    public Optional<Duration> timeToFirstDetection() {
        Optional<Instant> first = firstDetection();
        Optional<Instant> campaignStart = activities.stream()
                .map(r -> EveTimestamp.parse(r.activity().start())).min(Comparator.naturalOrder());
        if (first.isEmpty() || campaignStart.isEmpty()) return Optional.empty();
        Duration d = Duration.between(campaignStart.get(), first.get());
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
    }

    /** Per detector kind the key names, in first-seen order. */
    public Map<String, DetectorRecall> byDetector() {
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (ActivityResult r : activities) {
            int[] c = counts.computeIfAbsent(r.detector() == null ? "(none)" : r.detector(), k -> new int[2]);
            if (r.found()) c[0]++;
            c[1]++;
        }
        Map<String, DetectorRecall> out = new LinkedHashMap<>();
        counts.forEach((k, c) -> out.put(k, new DetectorRecall(c[0], c[1])));
        return out;
    }

    /** EVE lines read, blank and malformed ones included. */
    public long lines() { return input.lines; }

    /** Records other than alerts (flow, dns, stats, ...), skipped. */
    public long otherRecords() { return input.otherRecords; }

    /** Lines that were not JSON objects, too long, or alerts without a readable timestamp. */
    public long malformedLines() { return input.malformed; }

    /**
     * A table for people; {@code training} adds, for each missed activity, the key's hint and what its
     * detector kind generally looks at.
     */
    public void print(PrintStream out, boolean training) {
        out.printf("Scenario %s (seed %d): %d hosts, %s to %s%n", key.scenario(), key.seed(), key.hosts(),
                key.start(), key.end());
        out.printf("Matching: %s before an activity to %s after it%n%n", duration(options.slack()), duration(options.lateness()));
        int idWidth = Math.max(8, activities.stream().mapToInt(r -> String.valueOf(r.id()).length()).max().orElse(0));
        int detWidth = Math.max(8, activities.stream().mapToInt(r -> String.valueOf(r.detector()).length()).max().orElse(0));
        String row = "%-" + idWidth + "s  %-" + detWidth + "s  %-6s %7s  %-27s %10s  %-9s  %s%n";
        out.printf(row, "activity", "detector", "found", "alerts", "first detection", "to detect", "technique", "signatures");
        for (ActivityResult r : activities) {
            out.printf(row, r.id(), r.detector(), r.found() ? "yes" : "MISSED", r.alerts(),
                    r.found() ? r.firstDetection().toString() : "-",
                    r.found() ? duration(r.timeToDetect()) : "-",
                    !r.found() ? "-" : r.techniqueClaimed() ? "yes" : "no",
                    signatures(r.signatures()));
        }
        out.println();
        out.printf("Recall      %d/%d = %s%n", found().size(), activities.size(), percent(recall()));
        out.printf("Precision   %d/%d = %s%n", matchedAlerts(), alerts(), percent(precision()));
        OptionalDouble rate = falseAlertsPer50HostsPerDay();
        out.printf("False alerts %d, %s per 50 hosts per day%n", falseAlerts(),
                rate.isPresent() ? String.format(Locale.ROOT, "%.2f", rate.getAsDouble()) : "n/a");
        out.printf("Time to detect: first %s, median %s, max %s%n", timeToFirstDetection().map(GradeReport::duration).orElse("n/a"),
                medianTimeToDetect().map(GradeReport::duration).orElse("n/a"),
                maxTimeToDetect().map(GradeReport::duration).orElse("n/a"));
        List<String> kinds = new ArrayList<>();
        byDetector().forEach((k, d) -> kinds.add(k + " " + d.found() + "/" + d.total()));
        out.println("By detector: " + String.join(", ", kinds));
        out.printf("Input: %d lines, %d alerts, %d other records, %d malformed%n", lines(), alerts(), otherRecords(), malformedLines());
        if (training && !missed().isEmpty()) {
            out.println();
            out.println("Hints for missed activities:");
            for (ActivityResult r : missed()) {
                out.printf("  %s (%s): %s%n", r.id(), r.detector(), r.activity().description() == null ? "" : r.activity().description());
                if (r.activity().hint() != null) out.println("    hint: " + r.activity().hint());
                String general = TrainingHints.forDetector(r.detector());
                if (general != null) out.println("    " + r.detector() + " in general: " + general);
            }
        }
    }

    /** The same for machines, with snake_case names as EVE has them; undefined figures are null. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("scenario", key.scenario());
        root.put("seed", key.seed());
        root.put("hosts", key.hosts());
        root.put("start", key.start());
        root.put("end", key.end());
        ObjectNode matching = root.putObject("matching");
        matching.put("slack_seconds", seconds(options.slack()));
        matching.put("lateness_seconds", seconds(options.lateness()));
        ArrayNode list = root.putArray("activities");
        for (ActivityResult r : activities) {
            ObjectNode a = list.addObject();
            a.put("id", r.id());
            a.put("detector", r.detector());
            a.put("technique_id", r.activity().technique() == null ? null : r.activity().technique().id());
            a.put("found", r.found());
            a.put("alerts", r.alerts());
            a.put("first_detection", r.found() ? r.firstDetection().toString() : null);
            if (r.found()) a.put("time_to_detect_seconds", seconds(r.timeToDetect()));
            else a.putNull("time_to_detect_seconds");
            a.put("technique_claimed", r.techniqueClaimed());
            ArrayNode sigs = a.putArray("signatures");
            for (Signature s : r.signatures()) {
                ObjectNode o = sigs.addObject();
                o.put("signature_id", s.id());
                o.put("signature", s.name());
                o.put("alerts", s.alerts());
            }
        }
        ObjectNode totals = root.putObject("totals");
        totals.put("activities", activities.size());
        totals.put("found", found().size());
        ArrayNode missed = totals.putArray("missed");
        missed().forEach(r -> missed.add(r.id()));
        number(totals, "recall", recall());
        totals.put("alerts", alerts());
        totals.put("matched_alerts", matchedAlerts());
        totals.put("false_alerts", falseAlerts());
        number(totals, "precision", precision());
        number(totals, "false_alerts_per_50_hosts_per_day", falseAlertsPer50HostsPerDay());
        totals.put("first_detection", firstDetection().map(Instant::toString).orElse(null));
        number(totals, "time_to_first_detection_seconds", seconds(timeToFirstDetection()));
        number(totals, "median_time_to_detect_seconds", seconds(medianTimeToDetect()));
        number(totals, "max_time_to_detect_seconds", seconds(maxTimeToDetect()));
        ObjectNode detectors = root.putObject("detectors");
        byDetector().forEach((k, d) -> {
            ObjectNode o = detectors.putObject(k);
            o.put("found", d.found());
            o.put("total", d.total());
            o.put("recall", d.recall());
        });
        ObjectNode in = root.putObject("input");
        in.put("lines", lines());
        in.put("alerts", alerts());
        in.put("other_records", otherRecords());
        in.put("malformed_lines", malformedLines());
        try {
            return JSON.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serializes", e);
        }
    }

    private static void number(ObjectNode o, String name, OptionalDouble v) {
        if (v.isPresent()) o.put(name, v.getAsDouble());
        else o.putNull(name);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static OptionalDouble seconds(Optional<Duration> d) {
        return d.isPresent() ? OptionalDouble.of(seconds(d.get())) : OptionalDouble.empty();
    }

    private static String percent(OptionalDouble v) {
        return v.isPresent() ? String.format(Locale.ROOT, "%.1f%%", v.getAsDouble() * 100) : "n/a";
    }

    private static String signatures(List<Signature> sigs) {
        if (sigs.isEmpty()) return "";
        List<String> parts = new ArrayList<>();
        for (Signature s : sigs) parts.add(s.id() + " " + s.name() + (s.alerts() > 1 ? " (x" + s.alerts() + ")" : ""));
        return String.join("; ", parts);
    }

    /** Short human form: {@code 0.25s}, {@code 42s}, {@code 2m05s}, {@code 1h02m03s}. */
    static String duration(Duration d) {
        long s = d.getSeconds();
        if (s < 60) {
            String t = String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0).replaceAll("0+$", "").replaceAll("\\.$", "");
            return t + "s";
        }
        long h = s / 3600, m = s / 60 % 60, sec = s % 60;
        return h > 0 ? String.format(Locale.ROOT, "%dh%02dm%02ds", h, m, sec) : String.format(Locale.ROOT, "%dm%02ds", m, sec);
    }
}

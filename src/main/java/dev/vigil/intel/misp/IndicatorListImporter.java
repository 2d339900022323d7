package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Plain indicator lists (one value per line, {@code #} comments) and CSV lists (optional header; columns
 * value, type, comment) -> STIX indicators. The type is taken from the type column when there is one (MISP type
 * names and common synonyms), else inferred from the value: IPv4/IPv6 address or CIDR block, URL, e-mail,
 * md5/sha1/sha256/sha512 by length, domain. A 32-hex value is a JA3 fingerprint only when labelled so.
 * Indicator ids are UUIDv5 over type and value, so the same value from two lists is one indicator.
 */
public final class IndicatorListImporter {
    /** A line that gave no indicator, and why. */
    public record BadLine(int line, String reason) {}

    /** What a list gave. {@code lines == indicators + bad + duplicates + warninglisted + blank/comment/header}. */
    public record Result(List<ObjectNode> indicators, int lines, int badCount, List<BadLine> bad, int duplicates, List<BadLine> warninglisted) {}

    /** Where the list came from and when: the indicators' {@code created}/{@code valid_from}, and their creator. */
    public record Options(Instant validFrom, String createdByRef, List<String> labels, Warninglists warninglists, int maxLines, int maxLineLength) {
        public static Options at(Instant validFrom) {
            return new Options(validFrom, null, List.of(), Warninglists.none(), 5_000_000, 8192);
        }

        public Options withWarninglists(Warninglists w) {
            return new Options(validFrom, createdByRef, labels, w, maxLines, maxLineLength);
        }

        public Options withCreator(String identityId) {
            return new Options(validFrom, identityId, labels, warninglists, maxLines, maxLineLength);
        }
    }

    static final int MAX_BAD_KEPT = 1000;
    private static final Map<String, String> TYPE_SYNONYMS = Map.ofEntries(
            Map.entry("ip", "ip-dst"), Map.entry("ipv4", "ip-dst"), Map.entry("ipv6", "ip-dst"), Map.entry("cidr", "ip-dst"),
            Map.entry("ip-address", "ip-dst"), Map.entry("ipv4-addr", "ip-dst"), Map.entry("ipv6-addr", "ip-dst"),
            Map.entry("domain-name", "domain"), Map.entry("fqdn", "hostname"), Map.entry("uri", "url"),
            Map.entry("e-mail", "email"), Map.entry("email-addr", "email"), Map.entry("sha-1", "sha1"), Map.entry("sha-256", "sha256"),
            Map.entry("sha-512", "sha512"), Map.entry("ja3", "ja3-fingerprint-md5"), Map.entry("ja3-md5", "ja3-fingerprint-md5"),
            Map.entry("ja3_md5", "ja3-fingerprint-md5"));

    private final Options options;

    public IndicatorListImporter(Options options) {
        this.options = options;
    }

    public Result importPlain(byte[] data) {
        return run(data, false);
    }

    public Result importCsv(byte[] data) {
        return run(data, true);
    }

    /** MISP type for a value (and an optional label such as "ja3"); null when it is none we know. */
    public static String inferType(String value, String label) {
        String v = value.trim();
        if (label != null && !label.isBlank()) {
            String l = label.trim().toLowerCase(Locale.ROOT);
            String t = TYPE_SYNONYMS.getOrDefault(l, l);
            return MispAttributeTypes.patternable(t) ? t : null;
        }
        if (Values.ip(v) != null || Values.cidr(v) != null) return "ip-dst";
        if (Values.url(v)) return "url";
        if (Values.email(v)) return "email";
        if (Values.hex(v, 32)) return "md5";
        if (Values.hex(v, 40)) return "sha1";
        if (Values.hex(v, 64)) return "sha256";
        if (Values.hex(v, 128)) return "sha512";
        if (Values.hostname(v) && v.indexOf('.') > 0) return "domain";
        return null;
    }

    private Result run(byte[] data, boolean csv) {
        List<ObjectNode> out = new ArrayList<>();
        List<BadLine> bad = new ArrayList<>(), warned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int badCount = 0, dup = 0, lineNo = 0;
        int valueCol = 0, typeCol = csv ? 1 : -1, commentCol = csv ? 2 : -1;
        boolean headerChecked = !csv;
        String text = new String(data, StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length() && lineNo < options.maxLines()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end);
            start = end + 1;
            lineNo++;
            String s = line.strip();
            if (lineNo == 1 && s.startsWith("\uFEFF")) s = s.substring(1);
            if (s.isEmpty() || s.startsWith("#")) continue;
            String reason = null;
            String value = null, label = null, comment = null;
            if (s.length() > options.maxLineLength()) {
                reason = "line longer than " + options.maxLineLength() + " characters";
            } else if (csv) {
                List<String> cells = Csv.split(s);
                if (cells == null) {
                    reason = "unbalanced quotes";
                } else if (!headerChecked) {
                    headerChecked = true;
                    int v = -1, t = -1, c = -1;
                    for (int i = 0; i < cells.size(); i++) {
                        String h = cells.get(i).trim().toLowerCase(Locale.ROOT);
                        if (v < 0 && (h.equals("value") || h.equals("indicator") || h.equals("ioc") || h.equals("observable"))) v = i;
                        else if (t < 0 && (h.equals("type") || h.equals("indicator_type") || h.equals("kind"))) t = i;
                        else if (c < 0 && (h.equals("comment") || h.equals("description") || h.equals("note"))) c = i;
                    }
                    if (v >= 0) {
                        valueCol = v;
                        typeCol = t;
                        commentCol = c;
                        continue;
                    }
                }
                if (reason == null) {
                    value = cell(cells, valueCol);
                    label = cell(cells, typeCol);
                    comment = cell(cells, commentCol);
                }
            } else {
                int hash = s.indexOf(" #");
                value = hash > 0 ? s.substring(0, hash).strip() : s;
            }
            if (reason == null && (value == null || value.isBlank())) reason = "no value";
            String type = null;
            if (reason == null) {
                type = inferType(value, label);
                if (type == null) reason = label != null && !label.isBlank() ? "unknown type '" + label.strip() + "'" : "value of no known indicator type";
            }
            String pattern = null;
            if (reason == null) {
                try {
                    pattern = PatternText.observation(MispAttributeTypes.rule(type).map(value.strip()));
                } catch (Unmappable u) {
                    reason = type + ": " + u.getMessage();
                }
            }
            if (reason != null) {
                badCount++;
                if (bad.size() < MAX_BAD_KEPT) bad.add(new BadLine(lineNo, reason));
                continue;
            }
            String list = options.warninglists().match(type, value.strip());
            if (list != null) {
                if (warned.size() < MAX_BAD_KEPT) warned.add(new BadLine(lineNo, "warninglist: " + list));
                continue;
            }
            String id = "indicator--" + MispIds.uuid5(MispIds.VIGIL_NAMESPACE, "list-indicator:" + pattern);
            if (!seen.add(id)) {
                dup++;
                continue;
            }
            out.add(indicator(id, type, pattern, comment));
        }
        return new Result(out, lineNo, badCount, bad, dup, warned);
    }

    private ObjectNode indicator(String id, String type, String pattern, String comment) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("type", "indicator").put("spec_version", "2.1").put("id", id);
        if (options.createdByRef() != null) o.put("created_by_ref", options.createdByRef());
        String t = MispIds.millis(options.validFrom());
        o.put("created", t).put("modified", t);
        if (comment != null && !comment.isBlank()) o.put("description", comment.strip());
        o.put("pattern", pattern).put("pattern_type", "stix").put("pattern_version", "2.1").put("valid_from", MispIds.seconds(options.validFrom()));
        var labels = o.putArray("labels");
        labels.add("misp:type=\"" + type + "\"");
        options.labels().forEach(labels::add);
        return o;
    }

    private static String cell(List<String> cells, int i) {
        return i >= 0 && i < cells.size() ? cells.get(i) : null;
    }

    /** One CSV record on one line (RFC 4180 quoting; a quoted field cannot span lines here). */
    static final class Csv {
        private Csv() {}

        static List<String> split(String line) {
            List<String> out = new ArrayList<>();
            StringBuilder b = new StringBuilder();
            boolean quoted = false, wasQuoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            b.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        b.append(c);
                    }
                } else if (c == '"' && b.toString().isBlank() && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                    b.setLength(0);
                } else if (c == ',') {
                    out.add(b.toString());
                    b.setLength(0);
                    wasQuoted = false;
                } else {
                    b.append(c);
                }
            }
            if (quoted) return null;
            out.add(b.toString());
            return out;
        }
    }
}

package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One MISP warninglist ({@code name, type, list, matching_attributes}) with the matcher its type calls for:
 * cidr = merged address ranges, string = hash set, hostname = the value or any parent domain in a hash set,
 * substring = contains, regex = PHP-style {@code /re/flags} run on a step budget so a hostile pattern or value
 * cannot hang an import.
 */
public final class Warninglist {
    /** Regexes run against at most this many characters... */
    static final int MAX_REGEX_INPUT = 2048;
    /** ...and give up (no match) after this many character reads. */
    static final long REGEX_BUDGET = 200_000;

    private final String name;
    private final String type;
    private final Set<String> matchingAttributes;
    private final AddressRanges ranges = new AddressRanges();
    private final Set<String> strings = new HashSet<>();
    private final List<String> substrings = new ArrayList<>();
    private final List<Pattern> regexes = new ArrayList<>();
    private final int rejected;

    private Warninglist(String name, String type, Set<String> matchingAttributes, List<String> entries) {
        this.name = name;
        this.type = type;
        this.matchingAttributes = matchingAttributes;
        int bad = 0;
        for (String e : entries) {
            String t = e.trim();
            if (t.isEmpty()) continue;
            boolean ok = switch (type) {
                case "cidr" -> ranges.add(t);
                case "string" -> strings.add(t.toLowerCase(Locale.ROOT)) || true;
                case "hostname" -> strings.add(hostKey(t)) || true;
                case "substring" -> substrings.add(t.toLowerCase(Locale.ROOT));
                case "regex" -> addRegex(t);
                default -> false;
            };
            if (!ok) bad++;
        }
        ranges.freeze();
        this.rejected = bad;
    }

    /** Parses one warninglist document. */
    public static Warninglist of(JsonNode doc) throws MispImportException {
        if (doc == null || !doc.isObject()) throw new MispImportException("warninglist is not a JSON object");
        String name = doc.path("name").asText("");
        String type = doc.path("type").asText("");
        if (name.isEmpty()) throw new MispImportException("warninglist without name");
        if (!Set.of("cidr", "string", "hostname", "substring", "regex").contains(type)) {
            throw new MispImportException("warninglist " + name + ": unknown type '" + type + "'");
        }
        JsonNode list = doc.path("list");
        if (!list.isArray()) throw new MispImportException("warninglist " + name + ": no list");
        List<String> entries = new ArrayList<>();
        for (JsonNode e : list) if (e.isTextual()) entries.add(e.asText());
        Set<String> matching = new LinkedHashSet<>();
        for (JsonNode m : doc.path("matching_attributes")) if (m.isTextual()) matching.add(m.asText());
        return new Warninglist(name, type, matching, entries);
    }

    public String name() {
        return name;
    }

    public String type() {
        return type;
    }

    public Set<String> matchingAttributes() {
        return matchingAttributes;
    }

    /** Entries that could not be used (a cidr entry that is no block, a regex that does not compile). */
    public int rejectedEntries() {
        return rejected;
    }

    /** Whether this list applies to a MISP attribute type (an empty matching_attributes means every type). */
    public boolean appliesTo(String attributeType) {
        return matchingAttributes.isEmpty() || matchingAttributes.contains(attributeType);
    }

    /** Whether one (already split) value is on the list. */
    public boolean matches(String value) {
        if (value == null) return false;
        String v = value.trim();
        if (v.isEmpty()) return false;
        switch (type) {
            case "cidr": {
                Values.Cidr c = Values.cidr(v);
                if (c != null) return ranges.containsBlock(c);
                InetAddress a = Values.ip(v);
                return a != null && ranges.contains(a);
            }
            case "string":
                return strings.contains(v.toLowerCase(Locale.ROOT));
            case "hostname": {
                String h = hostKey(v);
                while (true) {
                    if (strings.contains(h)) return true;
                    int dot = h.indexOf('.');
                    if (dot < 0) return false;
                    h = h.substring(dot + 1);
                }
            }
            case "substring": {
                String l = v.toLowerCase(Locale.ROOT);
                for (String s : substrings) if (l.contains(s)) return true;
                return false;
            }
            case "regex": {
                if (v.length() > MAX_REGEX_INPUT) return false;
                for (Pattern p : regexes) {
                    try {
                        if (p.matcher(new Budgeted(v)).find()) return true;
                    } catch (Budgeted.Exhausted e) {
                        // a pathological pattern/value pair is treated as no match, and the import goes on
                    }
                }
                return false;
            }
            default:
                return false;
        }
    }

    private static String hostKey(String s) {
        String h = s.trim().toLowerCase(Locale.ROOT);
        while (h.startsWith(".")) h = h.substring(1);
        while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h;
    }

    private boolean addRegex(String t) {
        String body = t;
        int flags = 0;
        if (t.length() >= 2 && !Character.isLetterOrDigit(t.charAt(0)) && t.charAt(0) != '\\') {
            char delim = t.charAt(0);
            int end = t.lastIndexOf(delim);
            if (end > 0) {
                body = t.substring(1, end);
                for (char f : t.substring(end + 1).toCharArray()) {
                    switch (f) {
                        case 'i' -> flags |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
                        case 'm' -> flags |= Pattern.MULTILINE;
                        case 's' -> flags |= Pattern.DOTALL;
                        case 'x' -> flags |= Pattern.COMMENTS;
                        case 'u' -> flags |= Pattern.UNICODE_CASE;
                        default -> { return false; }
                    }
                }
            }
        }
        try {
            regexes.add(Pattern.compile(body, flags));
            return true;
        } catch (PatternSyntaxException e) {
            return false;
        }
    }

    /** A CharSequence that stops a regex after {@link #REGEX_BUDGET} reads: Java regexes backtrack without limit. */
    private static final class Budgeted implements CharSequence {
        static final class Exhausted extends RuntimeException {
            Exhausted() {
                super("regex budget exhausted", null, false, false);
            }
        }

        private final String s;
        private final long[] left;

        Budgeted(String s) {
            this(s, new long[] {REGEX_BUDGET});
        }

        private Budgeted(String s, long[] left) {
            this.s = s;
            this.left = left;
        }

        @Override
        public char charAt(int i) {
            if (--left[0] < 0) throw new Exhausted();
            return s.charAt(i);
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public CharSequence subSequence(int a, int b) {
            return new Budgeted(s.substring(a, b), left);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}

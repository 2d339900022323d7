package dev.vigil.intel.taxii;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * {@code match[version]}: any of {@code first}, {@code last}, {@code all} and exact version timestamps
 * (a version passes when it satisfies any token). Absent, TAXII means {@code last}. "First"/"last" are
 * judged among the versions that pass the spec_version filter.
 */
public record VersionMatch(boolean first, boolean last, boolean all, Set<Instant> exact) {
    public static final VersionMatch LAST = new VersionMatch(false, true, false, Set.of());
    public static final VersionMatch ALL = new VersionMatch(false, false, true, Set.of());

    public VersionMatch {
        exact = Set.copyOf(exact);
    }

    /** Parses the comma-separated parameter; a token that is neither keyword nor RFC 3339 is a 400. */
    public static VersionMatch parse(String param) {
        if (param == null) return LAST;
        boolean first = false, last = false, all = false;
        Set<Instant> exact = new LinkedHashSet<>();
        for (String raw : param.split(",", 257)) {
            String t = raw.trim();
            switch (t) {
                case "first" -> first = true;
                case "last" -> last = true;
                case "all" -> all = true;
                default -> {
                    Instant i = TaxiiTime.parseOrNull(t);
                    if (i == null) throw TaxiiException.badRequest("match[version] value '" + abbreviate(t) + "' is not first, last, all or a timestamp");
                    exact.add(i);
                }
            }
            if (exact.size() > 256) throw TaxiiException.badRequest("too many match[version] values");
        }
        return new VersionMatch(first, last, all, exact);
    }

    static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "…";
    }
}

package dev.vigil.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which versions of each object a query returns (TAXII {@code match[version]}): any union of the
 * first, the last and exact versions, or all of them. {@link #LAST} is the default.
 *
 * @param exact version timestamps in microseconds
 */
public record VersionFilter(boolean all, boolean first, boolean last, List<Long> exact) {
    public static final int MAX_EXACT = 200;
    public static final VersionFilter LAST = new VersionFilter(false, false, true, List.of());
    public static final VersionFilter FIRST = new VersionFilter(false, true, false, List.of());
    public static final VersionFilter ALL = new VersionFilter(true, false, false, List.of());

    public VersionFilter {
        exact = List.copyOf(exact);
        if (exact.size() > MAX_EXACT) throw new IllegalArgumentException("more than " + MAX_EXACT + " versions asked for");
        if (!all && !first && !last && exact.isEmpty()) throw new IllegalArgumentException("a version filter must select something");
    }

    /** Exact versions, as RFC 3339 timestamps. */
    public static VersionFilter exact(String... timestamps) {
        List<Long> micros = new ArrayList<>();
        for (String t : timestamps) micros.add(StixTime.micros(t));
        return new VersionFilter(false, false, false, micros);
    }

    /**
     * Parses a TAXII {@code match[version]} value such as {@code first,2016-12-25T12:30:59.444Z};
     * null or blank means the default, {@link #LAST}. {@link IllegalArgumentException} on a bad item.
     */
    public static VersionFilter parse(String taxiiValue) {
        if (taxiiValue == null || taxiiValue.isBlank()) return LAST;
        boolean all = false, first = false, last = false;
        List<Long> exact = new ArrayList<>();
        for (String raw : taxiiValue.split(",", MAX_EXACT + 2)) {
            String item = raw.strip();
            switch (item.toLowerCase(Locale.ROOT)) {
                case "all" -> all = true;
                case "first" -> first = true;
                case "last" -> last = true;
                case "" -> throw new IllegalArgumentException("empty item in match[version]");
                default -> exact.add(StixTime.micros(item));
            }
        }
        return new VersionFilter(all, first, last, exact);
    }

    String canonical() {
        return (all ? "A" : "") + (first ? "F" : "") + (last ? "L" : "") + exact.stream().sorted().toList();
    }
}

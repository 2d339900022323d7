package dev.vigil.store;

import java.util.List;
import java.util.Objects;

/**
 * The TAXII object filters. Within one list the values are alternatives (OR); the lists and
 * {@code addedAfter} must all hold (AND). An empty list means no filter on that field.
 *
 * @param addedAfter   RFC 3339; only versions whose {@code date_added} is strictly later, or null
 * @param specVersions null or empty: for each object only its latest spec_version
 * @param limit        null: the repository's page cap; larger values are capped too
 * @param next         the {@code next} of the previous page of this same query, or null for the first page
 */
public record Query(String addedAfter, List<String> ids, List<String> types, VersionFilter versions,
                    List<String> specVersions, Integer limit, String next) {
    public static final int MAX_LIST = 500;

    public Query {
        ids = bounded(ids, "ids");
        types = bounded(types, "types");
        specVersions = bounded(specVersions, "spec versions");
        versions = versions == null ? VersionFilter.LAST : versions;
        if (limit != null && limit < 1) throw new IllegalArgumentException("limit must be positive: " + limit);
        if (addedAfter != null) StixTime.micros(addedAfter);
    }

    public static Query all() {
        return new Query(null, List.of(), List.of(), VersionFilter.LAST, List.of(), null, null);
    }

    public Query addedAfter(String rfc3339) {
        return new Query(rfc3339, ids, types, versions, specVersions, limit, next);
    }

    public Query ids(String... values) {
        return new Query(addedAfter, List.of(values), types, versions, specVersions, limit, next);
    }

    public Query types(String... values) {
        return new Query(addedAfter, ids, List.of(values), versions, specVersions, limit, next);
    }

    public Query versions(VersionFilter filter) {
        return new Query(addedAfter, ids, types, filter, specVersions, limit, next);
    }

    public Query specVersions(String... values) {
        return new Query(addedAfter, ids, types, versions, List.of(values), limit, next);
    }

    public Query limit(int value) {
        return new Query(addedAfter, ids, types, versions, specVersions, value, next);
    }

    public Query next(String token) {
        return new Query(addedAfter, ids, types, versions, specVersions, limit, token);
    }

    /** Everything that selects rows (not limit, not next): a next token is only valid for the same selection. */
    String selectionKey(String collectionId) {
        return String.join("\u0001", Objects.toString(collectionId), Objects.toString(addedAfter == null ? null : StixTime.micros(addedAfter)),
                ids.stream().sorted().toList().toString(), types.stream().sorted().toList().toString(),
                versions.canonical(), specVersions.stream().sorted().toList().toString());
    }

    private static List<String> bounded(List<String> values, String what) {
        if (values == null) return List.of();
        if (values.size() > MAX_LIST) throw new IllegalArgumentException("more than " + MAX_LIST + " " + what);
        for (String v : values) {
            if (v == null || v.isBlank() || v.length() > 300) throw new IllegalArgumentException("bad value in " + what + ": " + v);
        }
        return List.copyOf(values);
    }
}

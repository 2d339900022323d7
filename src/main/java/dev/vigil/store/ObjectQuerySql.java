package dev.vigil.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes the SQL of one TAXII object query. The filters apply in the reference server's order:
 * first the per-row ones (collection, added_after, id, type), then spec_version (the listed ones, or
 * each object's latest among the rows left), then version (first/last among the rows left).
 * Correlated sub-queries on the (id, version) key keep a page's cost proportional to the page, not to
 * the collection: the outer scan walks the (date_added, id, version) index from the cursor on.
 */
final class ObjectQuerySql {
    enum Shape { OBJECTS, MANIFEST, VERSION_KEYS }

    record Sql(String text, List<Object> params) {}

    private final String collectionId;
    private final String source;
    private final Query query;
    private final Long addedAfter;
    private final StringBuilder sql = new StringBuilder(512);
    private final List<Object> params = new ArrayList<>();

    private ObjectQuerySql(String collectionId, Query query) {
        this.collectionId = collectionId;
        this.source = collectionId == null ? "stix_object" : "stix_collection_object";
        this.query = query;
        this.addedAfter = query.addedAfter() == null ? null : StixTime.micros(query.addedAfter());
    }

    /** @param limit rows to fetch, or 0 for all (only for VERSION_KEYS) */
    static Sql build(String collectionId, Query query, Shape shape, PageCursor after, int limit) {
        return new ObjectQuerySql(collectionId, query).write(shape, after, limit);
    }

    private Sql write(Shape shape, PageCursor after, int limit) {
        boolean joined = collectionId != null && shape != Shape.VERSION_KEYS;
        String o = joined ? "o" : "s";
        sql.append("SELECT ");
        switch (shape) {
            case OBJECTS -> sql.append("s.id, s.type, s.spec_version, ").append(o).append(".created, ").append(o).append(".modified, s.version_micros, ")
                    .append(o).append(".revoked, s.date_added, ").append(o).append(".body");
            case MANIFEST -> sql.append("s.id, s.type, s.spec_version, ").append(o).append(".created, ").append(o).append(".modified, s.version_micros, s.date_added");
            case VERSION_KEYS -> sql.append("s.version_micros");
        }
        sql.append(" FROM ").append(source).append(" s");
        if (joined) sql.append(" JOIN stix_object o ON o.id = s.id AND o.version_micros = s.version_micros");
        sql.append(" WHERE 1 = 1");
        rowFilters("s");
        specFilter();
        versionFilter();
        if (after != null) {
            // a row-value comparison, so that both databases seek the (date_added, id, version) index to it
            sql.append(" AND (s.date_added, s.id, s.version_micros) > (?, ?, ?)");
            Collections.addAll(params, after.dateAdded(), after.id(), after.versionMicros());
        }
        sql.append(" ORDER BY s.date_added, s.id, s.version_micros");
        if (limit > 0) {
            sql.append(" LIMIT ?");
            params.add(limit);
        }
        return new Sql(sql.toString(), List.copyOf(params));
    }

    /** Filters that hold or fail for each row on its own. */
    private void rowFilters(String alias) {
        versionScope(alias);
        in(alias + ".id", query.ids());
        in(alias + ".type", query.types());
    }

    /** The row filters that can differ between versions of one object (id and type cannot). */
    private void versionScope(String alias) {
        if (collectionId != null) {
            sql.append(" AND ").append(alias).append(".collection_id = ?");
            params.add(collectionId);
        }
        if (addedAfter != null) {
            sql.append(" AND ").append(alias).append(".date_added > ?");
            params.add(addedAfter);
        }
    }

    /** The same object's other rows that passed the row filters. */
    private void sameObject(String alias) {
        sql.append(" FROM ").append(source).append(' ').append(alias).append(" WHERE ").append(alias).append(".id = s.id");
        versionScope(alias);
    }

    private void specFilter() {
        if (!query.specVersions().isEmpty()) {
            in("s.spec_version", query.specVersions());
            return;
        }
        sql.append(" AND s.spec_version = (SELECT max(u.spec_version)");
        sameObject("u");
        sql.append(')');
    }

    private void versionFilter() {
        VersionFilter v = query.versions();
        if (v.all()) return;
        sql.append(" AND (1 = 0");
        if (v.last()) extreme("max");
        if (v.first()) extreme("min");
        if (!v.exact().isEmpty()) {
            sql.append(" OR s.version_micros IN (").append(placeholders(v.exact().size())).append(')');
            params.addAll(v.exact());
        }
        sql.append(')');
    }

    /** first/last among the object's versions that passed the spec_version filter. */
    private void extreme(String fn) {
        sql.append(" OR s.version_micros = (SELECT ").append(fn).append("(t.version_micros)");
        sameObject("t");
        if (query.specVersions().isEmpty()) {
            // s passed the default filter, so its spec_version is the object's latest
            sql.append(" AND t.spec_version = s.spec_version");
        } else {
            in("t.spec_version", query.specVersions());
        }
        sql.append(')');
    }

    private void in(String column, List<String> values) {
        if (values.isEmpty()) return;
        sql.append(" AND ").append(column).append(" IN (").append(placeholders(values.size())).append(')');
        params.addAll(values);
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}

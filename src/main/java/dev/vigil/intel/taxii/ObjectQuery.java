package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One page request against a collection, as the objects, one-object, manifest and versions endpoints
 * make it. Empty sets mean "no filter". {@code specVersions} empty means TAXII's default: per object id,
 * only the versions carrying that id's highest spec_version.
 *
 * @param addedAfter exclusive lower bound on date_added, or null
 * @param limit      page size, already capped by the server (&ge; 1)
 * @param next       the opaque cursor from the previous page of the same query, or null
 * @param view       the outbound filter for the caller: returns the object to serve (possibly a redacted
 *                   copy) or null to withhold it; withheld objects do not count toward the page
 * @param viewKey    names {@code view} when it is a function of the object alone for every query with this
 *                   key (the server's view for one partner, under a policy fixed while it serves): a
 *                   backend may then reuse a page computed for an equal query; null, never
 */
public record ObjectQuery(
        Instant addedAfter, int limit, String next, Set<String> ids, Set<String> types,
        VersionMatch versions, Set<String> specVersions, UnaryOperator<ObjectNode> view, String viewKey) {

    public ObjectQuery(Instant addedAfter, int limit, String next, Set<String> ids, Set<String> types, VersionMatch versions,
                       Set<String> specVersions, UnaryOperator<ObjectNode> view) {
        this(addedAfter, limit, next, ids, types, versions, specVersions, view, null);
    }

    public ObjectQuery {
        if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
        ids = Set.copyOf(ids);
        types = Set.copyOf(types);
        specVersions = Set.copyOf(specVersions);
        if (versions == null) versions = VersionMatch.LAST;
        if (view == null) view = UnaryOperator.identity();
    }

    public static ObjectQuery all(int limit) {
        return new ObjectQuery(null, limit, null, Set.of(), Set.of(), VersionMatch.ALL, Set.of("2.0", "2.1"), null);
    }

    public ObjectQuery withNext(String cursor) {
        return new ObjectQuery(addedAfter, limit, cursor, ids, types, versions, specVersions, view, viewKey);
    }
}

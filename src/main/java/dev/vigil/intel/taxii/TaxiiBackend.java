package dev.vigil.intel.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The storage a {@link TaxiiServer} serves from. Plain JSON in and out; permissions, negotiation, paging
 * parameters and the HTTP shape stay in the server. Implementations must be thread-safe.
 *
 * <p>Semantics every implementation must keep (the test class {@code TaxiiBackendContractTest} checks
 * them; a new implementation subclasses it):
 * <ul>
 *   <li><b>date_added</b> is assigned by the backend when it stores a version, at microsecond precision,
 *       and strictly increases from one add request to the next (all versions of one request may share
 *       it). Otherwise an incremental client paging with {@code added_after} (exclusive) skips data.</li>
 *   <li><b>Identity</b> of a stored version is (object id, version instant); adding it again is reported
 *       as a success and changes nothing (TAXII adds are idempotent, so clients may retry).</li>
 *   <li><b>Version</b> = {@code modified}, else {@code created}; an object with neither (some SCOs) has one
 *       version, reported as its date_added. <b>spec_version</b> absent means "2.0".</li>
 *   <li><b>Query order</b> is (date_added, id, version instant), a total order. The {@code next} cursor
 *       is opaque and names the last record returned (keyset), never an offset, so inserts and deletes
 *       between pages neither repeat nor skip records; every filter of the query is applied again on
 *       every page. A malformed cursor is {@link TaxiiException} 400.</li>
 *   <li><b>Filters</b>: ids/types OR within a set, AND across; version selection ({@link VersionMatch})
 *       over all versions of an id that pass the spec_version filter, then {@code added_after}, then the
 *       query's {@code view} (withheld objects are skipped and do not count toward {@code limit}).</li>
 *   <li>{@code more} is true only when another visible record follows the page.</li>
 * </ul>
 */
public interface TaxiiBackend {

    /** API root names (the path segment under the server, e.g. {@code "trustgroup1"}), in display order. */
    List<String> apiRoots();

    /** The API root resource ({@code title}, {@code description}, ...), or empty when unknown. */
    Optional<ObjectNode> apiRoot(String root);

    /**
     * The collections of a root as stored: {@code id}, {@code title}, {@code description}, {@code alias},
     * {@code media_types}. The server adds {@code can_read}/{@code can_write} for the caller.
     * Unknown root: empty list.
     */
    List<ObjectNode> collections(String root);

    default Optional<ObjectNode> collection(String root, String collectionId) {
        return collections(root).stream().filter(c -> collectionId.equals(c.path("id").asText())).findFirst();
    }

    /** One page of stored versions matching the query. Unknown collection: an empty page. */
    VersionPage query(String root, String collectionId, ObjectQuery query);

    /**
     * Stores the objects of one add request (already checked to be JSON objects by the server) and
     * returns the status resource: every object is a success, or a failure with a message (missing or
     * malformed {@code id}/{@code type}, capacity exhausted, ...); {@code refused} are failures too. {@code submitter} is recorded so the
     * status can be shown to its submitter only.
     */
    AddResult add(String root, String collectionId, List<ObjectNode> objects, List<Refusal> refused, String submitter);

    /** {@link #add(String, String, List, List, String)} with nothing refused before the backend saw it. */
    default AddResult add(String root, String collectionId, List<ObjectNode> objects, String submitter) {
        return add(root, collectionId, objects, List.of(), submitter);
    }

    /**
     * An element of a posted envelope that the server refused before the backend saw it (duplicate property
     * names, say): it counts in the status resource as a failure, under the id and version it appeared to have.
     */
    record Refusal(String id, String version, String message) {}

    /** The version a posted object names: its {@code modified}, else its {@code created}; null when neither is a string. */
    static String versionText(ObjectNode o) {
        JsonNode v = o.path("modified").isTextual() ? o.get("modified") : o.get("created");
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    /** Deletes the versions of one object that match; returns how many were deleted. */
    int delete(String root, String collectionId, String objectId, VersionMatch versions, java.util.Set<String> specVersions);

    /** A status resource and its submitter, or empty when unknown in this root. */
    Optional<StatusRecord> status(String root, String statusId);

    /** A stored status resource with the partner that made the request. */
    record StatusRecord(String submitter, ObjectNode status) {}
}

package dev.vigil.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The TAXII status resource of one POST: which objects were stored, refused or still pending.
 *
 * @param status {@code complete} or {@code pending}
 */
public record PostStatus(String id, String status, String requestTimestamp, List<Detail> successes,
                         List<Detail> failures, List<Detail> pendings) {
    public static final String COMPLETE = "complete";
    public static final String PENDING = "pending";

    /** One object of the request; {@code message} may be null. */
    public record Detail(String id, String version, String message) {}

    public PostStatus {
        if (id == null || id.isBlank() || id.length() > 250) throw new IllegalArgumentException("bad status id: " + id);
        if (!COMPLETE.equals(status) && !PENDING.equals(status)) throw new IllegalArgumentException("status must be complete or pending: " + status);
        StixTime.micros(requestTimestamp);
        successes = List.copyOf(successes);
        failures = List.copyOf(failures);
        pendings = List.copyOf(pendings);
    }

    /** A finished POST, from what {@link StixRepository#put} reported. */
    public static PostStatus complete(String id, String requestTimestamp, List<PutResult> results) {
        List<Detail> ok = new ArrayList<>(), failed = new ArrayList<>();
        for (PutResult r : results) {
            if (r.succeeded()) ok.add(new Detail(r.id(), r.version(), null));
            else failed.add(new Detail(r.id() == null ? "" : r.id(), r.version(), r.reason()));
        }
        return new PostStatus(id, COMPLETE, requestTimestamp, ok, failed, List.of());
    }

    public int totalCount() {
        return successes.size() + failures.size() + pendings.size();
    }
}

package dev.vigil.store;

/**
 * One version of a STIX object as handed to the store: the fields the store filters on, and the
 * object's JSON exactly as it is to be served back.
 *
 * @param versionMicros {@code modified} (or {@code created} for objects without one) in microseconds;
 *                      {@link #of} computes it
 * @param modified      null for objects that have no {@code modified} (SCOs, marking-definitions)
 */
public record StoredObject(String id, String type, String specVersion, String created, String modified,
                           long versionMicros, boolean revoked, String json) {

    /**
     * Builds the record, deriving the version from {@code modified}, else {@code created}. A missing
     * spec_version means STIX 2.0 (2.0 objects do not carry one). Bad timestamps do not throw here:
     * {@link StixRepository#put} reports the object as failed, with the reason, and stores the rest.
     */
    public static StoredObject of(String id, String type, String specVersion, String created, String modified,
                                  boolean revoked, String json) {
        String version = modified != null ? modified : created;
        long micros;
        try {
            micros = StixTime.micros(version);
        } catch (IllegalArgumentException e) {
            micros = Long.MIN_VALUE;
        }
        return new StoredObject(id, type, specVersion == null ? "2.0" : specVersion, created, modified, micros, revoked, json);
    }

    /** The STIX timestamp that names this version. */
    public String version() {
        return modified != null ? modified : created;
    }
}

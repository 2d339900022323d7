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
        // an SCO has no created or modified, and its id is made from its content: one version, always the same
        if (created == null && modified == null) created = UNVERSIONED;
        String version = modified != null ? modified : created;
        long micros;
        try {
            micros = StixTime.micros(version);
        } catch (IllegalArgumentException e) {
            micros = Long.MIN_VALUE;
        }
        return new StoredObject(id, type, specVersion == null ? "2.0" : specVersion, created, modified, micros, revoked, json);
    }

    /**
     * The version stored for objects that carry none (observables, whose deterministic ids already name
     * their content): fixed, so storing the same observable twice is one version, not two.
     */
    public static final String UNVERSIONED = "1970-01-01T00:00:00.000Z";

    /** The STIX timestamp that names this version. */
    public String version() {
        return modified != null ? modified : created;
    }
}

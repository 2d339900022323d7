package dev.vigil.store;

/** A stored version as read back, with the {@code date_added} the server gave it (in its collection, if read through one). */
public record StoredVersion(String id, String type, String specVersion, String created, String modified,
                            long versionMicros, boolean revoked, String dateAdded, String json) {

    /** The STIX timestamp that names this version. */
    public String version() {
        return modified != null ? modified : created;
    }

    public String mediaType() {
        return ManifestEntry.mediaType(specVersion);
    }
}

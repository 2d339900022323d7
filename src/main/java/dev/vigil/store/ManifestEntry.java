package dev.vigil.store;

/** One line of a TAXII manifest: a version that is in a collection, without its body. */
public record ManifestEntry(String id, String dateAdded, String version, String mediaType) {
    static String mediaType(String specVersion) {
        return "application/stix+json;version=" + specVersion;
    }
}

package dev.vigil.intel.taxii;

import java.util.Map;

/**
 * An authenticated caller: a sharing partner with read/write rights per collection id. The key
 * {@code "*"} grants its rights on every collection. An anonymous caller (discovery only) has no rights.
 */
public record Partner(String name, Map<String, Access> collections) {
    public static final Partner ANONYMOUS = new Partner("anonymous", Map.of());

    public Partner {
        collections = Map.copyOf(collections);
    }

    /** What a partner may do with one collection. */
    public record Access(boolean read, boolean write) {
        public static final Access NONE = new Access(false, false);

        /** Parses "read", "write", "read-write" (also "rw", "none"). */
        public static Access parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "read", "r" -> new Access(true, false);
                case "write", "w" -> new Access(false, true);
                case "read-write", "readwrite", "rw" -> new Access(true, true);
                case "none", "" -> NONE;
                default -> throw new IllegalArgumentException("unknown access '" + text + "' (read, write, read-write, none)");
            };
        }
    }

    public Access access(String collectionId) {
        Access a = collections.get(collectionId);
        if (a == null) a = collections.get("*");
        return a == null ? Access.NONE : a;
    }

    public boolean canRead(String collectionId) {
        return access(collectionId).read();
    }

    public boolean canWrite(String collectionId) {
        return access(collectionId).write();
    }

    public boolean isAnonymous() {
        return this == ANONYMOUS;
    }
}

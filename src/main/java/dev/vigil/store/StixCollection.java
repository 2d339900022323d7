package dev.vigil.store;

import java.util.List;

/**
 * A TAXII collection as stored. Who may read or write it is decided per requesting user by the
 * TAXII layer, so {@code can_read}/{@code can_write} are not kept here.
 *
 * @param mediaTypes e.g. {@code application/stix+json;version=2.1}
 */
public record StixCollection(String id, String title, String description, String alias, List<String> mediaTypes) {
    public StixCollection {
        if (id == null || id.isBlank() || id.length() > 250) throw new IllegalArgumentException("bad collection id: " + id);
        if (title == null || title.isBlank() || title.length() > 1000) throw new IllegalArgumentException("a collection needs a title of at most 1000 characters");
        if (alias != null && (alias.isBlank() || alias.length() > 250)) throw new IllegalArgumentException("bad alias: " + alias);
        mediaTypes = mediaTypes == null ? List.of() : List.copyOf(mediaTypes);
        for (String m : mediaTypes) {
            if (m == null || m.isBlank() || m.contains(",") || m.length() > 200) throw new IllegalArgumentException("bad media type: " + m);
        }
    }
}

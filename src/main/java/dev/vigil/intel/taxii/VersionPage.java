package dev.vigil.intel.taxii;

import java.util.List;

/**
 * A page of stored versions in (date_added, id, version) order. {@code next} is non-null exactly when
 * {@code more} is true: the server never leaves a client to page by date alone.
 */
public record VersionPage(List<StoredVersion> records, boolean more, String next) {
    public VersionPage {
        records = List.copyOf(records);
        if (more != (next != null)) throw new IllegalArgumentException("next must be present exactly when more is true");
    }
}

package dev.vigil.store;

import java.util.List;

/**
 * One page of a query. When {@code more} is true {@code next} is never null: repeating the same query
 * with it continues exactly after the last item, however many items share one {@code date_added}.
 *
 * @param dateAddedFirst {@code date_added} of the first item, null on an empty page
 * @param dateAddedLast  {@code date_added} of the last item, null on an empty page
 */
public record Page<T>(List<T> items, boolean more, String next, String dateAddedFirst, String dateAddedLast) {
    public Page {
        items = List.copyOf(items);
    }
}

package dev.vigil.deception.document;

import java.time.LocalDate;

/** How documents name a reporting period: {@code 2026Q3}. */
final class Quarter {
    private Quarter() {}

    static String of(LocalDate d) {
        return d.getYear() + "Q" + ((d.getMonthValue() - 1) / 3 + 1);
    }
}

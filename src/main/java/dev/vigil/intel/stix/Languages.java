package dev.vigil.intel.stix;

import java.util.HashSet;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Set;

/** ISO 639 language and ISO 3166 country codes as the JDK knows them, for {@code lang}, {@code languages}, {@code country}. */
final class Languages {
    private static final Set<String> LANGUAGES = new HashSet<>();
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    static {
        for (String two : Locale.getISOLanguages()) {
            LANGUAGES.add(two);
            try {
                LANGUAGES.add(Locale.of(two).getISO3Language());
            } catch (MissingResourceException e) {
                // a two-letter code without a three-letter twin stays usable on its own
            }
        }
    }

    private Languages() {}

    static boolean isLanguage(String code) {
        return code != null && LANGUAGES.contains(code.toLowerCase(Locale.ROOT));
    }

    /** An RFC 5646 tag whose primary subtag is an ISO 639 language. */
    static boolean isTag(String tag) {
        if (tag == null || !tag.matches("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")) return false;
        int dash = tag.indexOf('-');
        return isLanguage(dash < 0 ? tag : tag.substring(0, dash));
    }

    static boolean isCountry(String code) {
        return code != null && code.length() == 2 && COUNTRIES.contains(code.toUpperCase(Locale.ROOT));
    }
}

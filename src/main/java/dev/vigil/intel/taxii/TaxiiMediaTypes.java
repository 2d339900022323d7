package dev.vigil.intel.taxii;

import java.util.Locale;

/**
 * TAXII 2.1 media types and the two negotiation checks the spec demands: an {@code Accept} that admits
 * TAXII 2.1 (else 406) and a POST body typed as TAXII (else 415). Wildcards are honoured because
 * refusing {@code application/json, *}{@code /*} broke OpenCTI against medallion (opencti#4246); an explicit
 * {@code version=2.0} is refused so a 2.0 client learns at once that it talks to a 2.1 server.
 */
public final class TaxiiMediaTypes {
    public static final String TAXII_21 = "application/taxii+json;version=2.1";
    public static final String STIX_21 = "application/stix+json;version=2.1";
    public static final String STIX_20 = "application/stix+json;version=2.0";

    private TaxiiMediaTypes() {}

    /** True when some entry of the {@code Accept} header (q &gt; 0) admits a TAXII 2.1 body. */
    public static boolean acceptsTaxii(String accept) {
        if (accept == null || accept.isBlank() || accept.length() > 4096) return false;
        for (String range : accept.split(",", 64)) {
            MediaType m = MediaType.parse(range);
            if (m == null || m.quality() <= 0) continue;
            if (m.type().equals("*") && m.subtype().equals("*")) return true;
            if (m.type().equals("application") && m.subtype().equals("*")) return true;
            if (m.type().equals("application") && m.subtype().equals("taxii+json")
                    && (m.version() == null || m.version().equals("2.1"))) return true;
        }
        return false;
    }

    /** True when a request body's {@code Content-Type} is TAXII JSON of version 2.1 (or unversioned). */
    public static boolean isTaxiiContent(String contentType) {
        if (contentType == null || contentType.length() > 1024) return false;
        MediaType m = MediaType.parse(contentType);
        return m != null && m.type().equals("application") && m.subtype().equals("taxii+json")
                && (m.version() == null || m.version().equals("2.1"));
    }

    /** One media range: lower-cased type/subtype, the {@code version} parameter and the q-value. */
    record MediaType(String type, String subtype, String version, double quality) {
        static MediaType parse(String text) {
            String[] parts = text.split(";", 16);
            String full = parts[0].trim().toLowerCase(Locale.ROOT);
            int slash = full.indexOf('/');
            if (slash <= 0 || slash == full.length() - 1) return null;
            String version = null;
            double q = 1.0;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                if (eq <= 0) continue;
                String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = p.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) value = value.substring(1, value.length() - 1);
                if (name.equals("version")) version = value;
                else if (name.equals("q")) {
                    try {
                        q = Double.parseDouble(value);
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            return new MediaType(full.substring(0, slash), full.substring(slash + 1), version, q);
        }
    }
}

package dev.vigil.intel.taxii;

import java.io.InputStream;
import java.util.Map;

/**
 * An HTTP request as the TAXII handler sees it, independent of the web framework.
 *
 * @param path     the raw (still percent-encoded) request path
 * @param rawQuery the raw query string without '?', or null
 * @param headers  header values by lower-case name (the ones the handler reads: accept, authorization,
 *                 content-type, content-length, host)
 * @param body     the request body stream (read at most max_content_length + 1 bytes), or null
 * @param secure   whether the request arrived over TLS (for URLs derived from the request)
 */
public record TaxiiRequest(String method, String path, String rawQuery, Map<String, String> headers, InputStream body, boolean secure) {
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }
}

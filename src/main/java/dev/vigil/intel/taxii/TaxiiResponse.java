package dev.vigil.intel.taxii;

import java.util.Map;

/** An HTTP response: status, extra headers and body; the Content-Type is always TAXII 2.1. */
public record TaxiiResponse(int status, Map<String, String> headers, byte[] body) {
    public TaxiiResponse {
        headers = Map.copyOf(headers);
    }

    public String contentType() {
        return TaxiiMediaTypes.TAXII_21;
    }
}

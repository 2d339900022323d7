package dev.vigil.intel.taxii;

import java.io.IOException;
import java.net.URI;

/** A TAXII call that failed: the URL, the HTTP status (0 for transport failures) and TAXII's error title. */
public final class TaxiiClientException extends IOException {
    private final URI url;
    private final int httpStatus;
    private final String taxiiTitle;

    public TaxiiClientException(URI url, int httpStatus, String taxiiTitle, String detail, Throwable cause) {
        super(message(url, httpStatus, taxiiTitle, detail), cause);
        this.url = url;
        this.httpStatus = httpStatus;
        this.taxiiTitle = taxiiTitle;
    }

    private static String message(URI url, int status, String title, String detail) {
        StringBuilder b = new StringBuilder("TAXII request to ").append(url).append(" failed");
        if (status > 0) b.append(": HTTP ").append(status);
        if (title != null) b.append(" \"").append(title).append('"');
        if (detail != null) b.append(" — ").append(detail);
        return b.toString();
    }

    public URI url() {
        return url;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The {@code title} of the server's TAXII error resource, or null when it sent none. */
    public String taxiiTitle() {
        return taxiiTitle;
    }
}

package dev.vigil.intel.taxii;

/** A request the server refuses, carried to the response as TAXII's error resource with this HTTP status. */
public final class TaxiiException extends RuntimeException {
    private final int httpStatus;
    private final String title;

    public TaxiiException(int httpStatus, String title, String description) {
        super(description == null ? title : title + ": " + description);
        this.httpStatus = httpStatus;
        this.title = title;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String title() {
        return title;
    }

    public String description() {
        String m = getMessage();
        return m.equals(title) ? null : m.substring(title.length() + 2);
    }

    static TaxiiException badRequest(String description) {
        return new TaxiiException(400, "Bad request", description);
    }

    static TaxiiException notFound(String description) {
        return new TaxiiException(404, "Not found", description);
    }
}

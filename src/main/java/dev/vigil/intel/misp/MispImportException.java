package dev.vigil.intel.misp;

/** The one exception the MISP importers declare: the input as a whole is not a MISP event (or feed file). */
public class MispImportException extends Exception {
    public MispImportException(String message) {
        super(message);
    }

    public MispImportException(String message, Throwable cause) {
        super(message, cause);
    }
}

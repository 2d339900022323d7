package dev.vigil.store;

/** The database failed (connection lost, disk full, migration refused): not a problem with the caller's input. */
public final class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}

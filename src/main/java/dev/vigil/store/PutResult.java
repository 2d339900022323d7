package dev.vigil.store;

/** What a put did with one object. {@code version} is null only when the object was too broken to name one. */
public record PutResult(String id, String version, Outcome outcome, String reason) {
    public enum Outcome {
        /** new to the target (the collection, or the store when no collection was named) */
        ADDED,
        /** the same (id, version) was there with other content: replaced, with a new date_added */
        REPLACED,
        /** the same (id, version) was there with the same content: nothing changed, date_added kept */
        ALREADY_PRESENT,
        /** refused; {@code reason} says why */
        FAILED
    }

    public boolean succeeded() {
        return outcome != Outcome.FAILED;
    }
}

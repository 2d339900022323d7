package dev.vigil.intel.stix.pattern;

/**
 * A pattern that parsed but cannot be evaluated against the given observations: data of the wrong kind where the
 * pattern demands it (a string that is no timestamp compared with a timestamp, a malformed CIDR literal), malformed
 * observed-data, or a search that ran out of its step budget.
 */
public final class PatternMatchException extends Exception {
    public PatternMatchException(String message) {
        super(message);
    }
}

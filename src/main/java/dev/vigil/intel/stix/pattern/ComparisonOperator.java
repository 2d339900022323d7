package dev.vigil.intel.stix.pattern;

/** The operators of a comparison; {@code ==} parses as {@link #EQ}, {@code <>} as {@link #NEQ}. */
public enum ComparisonOperator {
    EQ("="), NEQ("!="), LT("<"), LE("<="), GT(">"), GE(">="), IN("IN"), LIKE("LIKE"), MATCHES("MATCHES"),
    ISSUBSET("ISSUBSET"), ISSUPERSET("ISSUPERSET");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }
}

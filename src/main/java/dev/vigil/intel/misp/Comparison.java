package dev.vigil.intel.misp;

/**
 * One STIX pattern comparison, {@code path op literal}. The literal is kept typed (String, Long, Double)
 * so the same comparison can render a pattern and build the matching SCO for observed-data.
 */
public record Comparison(String path, String op, Object literal) {
    public Comparison {
        if (!(literal instanceof String || literal instanceof Long || literal instanceof Double)) {
            throw new IllegalArgumentException("literal must be String, Long or Double: " + literal);
        }
    }

    public static Comparison eq(String path, Object literal) {
        return new Comparison(path, "=", literal);
    }

    /** The root SCO type of the object path ({@code file} in {@code file:hashes.MD5}). */
    public String rootType() {
        return path.substring(0, path.indexOf(':'));
    }

    public String render() {
        return path + " " + op + " " + PatternText.literal(literal);
    }
}

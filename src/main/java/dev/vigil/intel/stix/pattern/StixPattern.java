package dev.vigil.intel.stix.pattern;

import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Observation;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A parsed STIX pattern (STIX 2.1 patterning, or 2.0 with {@link #parse(String, Version)}). Immutable; equal
 * patterns have equal trees; {@link #toString()} is the canonical text, which parses back to an equal pattern.
 */
public final class StixPattern {
    /** 2.0 differs in one place: START/STOP take plain string literals. */
    public enum Version { V2_0, V2_1 }

    private final ObservationExpression root;

    private StixPattern(ObservationExpression root) {
        this.root = root;
    }

    public static StixPattern parse(String text) throws StixPatternException {
        return parse(text, Version.V2_1);
    }

    public static StixPattern parse(String text, Version version) throws StixPatternException {
        return new StixPattern(StixPatternParser.parse(text, version == Version.V2_0));
    }

    public static StixPattern of(ObservationExpression root) {
        return new StixPattern(Objects.requireNonNull(root));
    }

    public ObservationExpression root() {
        return root;
    }

    /** Every bracketed observation expression, left to right. */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        collect(root, out);
        return out;
    }

    private static void collect(ObservationExpression e, List<Observation> out) {
        switch (e) {
            case Observation o -> out.add(o);
            case Combination c -> c.operands().forEach(x -> collect(x, out));
            case Qualified q -> collect(q.expression(), out);
        }
    }

    /** Calls {@code visitor} with each comparison (or EXISTS test) and the observation expression it sits in. */
    public void forEachComparison(BiConsumer<Observation, ComparisonExpression> visitor) {
        for (Observation o : observations()) for (ComparisonExpression c : o.comparisons()) visitor.accept(o, c);
    }

    /**
     * True when the whole pattern is one or more unqualified observations joined by OR, each a
     * {@linkplain Observation#simpleDisjunctionType() simple disjunction}: then a single event decides it.
     */
    public boolean isLineRateDetectable() {
        return lineRate(root);
    }

    private static boolean lineRate(ObservationExpression e) {
        return switch (e) {
            case Observation o -> o.simpleDisjunctionType().isPresent();
            case Combination c -> c.op() == ObservationExpression.Op.OR && c.operands().stream().allMatch(StixPattern::lineRate);
            case Qualified q -> false;
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StixPattern p && p.root.equals(root);
    }

    @Override
    public int hashCode() {
        return root.hashCode();
    }

    @Override
    public String toString() {
        return PatternPrinter.observation(root);
    }
}

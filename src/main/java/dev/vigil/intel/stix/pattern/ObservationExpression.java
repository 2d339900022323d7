package dev.vigil.intel.stix.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The pattern level: bracketed observations combined with AND, OR, FOLLOWEDBY, each optionally qualified. */
public sealed interface ObservationExpression {

    /** {@code [comparison expression]}: everything inside must hold for one observed-data. */
    record Observation(ComparisonExpression comparison) implements ObservationExpression {
        /** Every comparison and EXISTS test inside the brackets, left to right. */
        public List<ComparisonExpression> comparisons() {
            List<ComparisonExpression> out = new ArrayList<>();
            collect(comparison, out);
            return out;
        }

        private static void collect(ComparisonExpression e, List<ComparisonExpression> out) {
            if (e instanceof ComparisonExpression.Junction j) for (ComparisonExpression o : j.operands()) collect(o, out);
            else out.add(e);
        }

        /**
         * The object type if this observation is a plain disjunction of positive {@code =}, {@code IN} or
         * {@code ISSUBSET} comparisons all on one SCO type: the part an indicator set can test per event at line rate.
         */
        public Optional<String> simpleDisjunctionType() {
            if (!onlyOr(comparison)) return Optional.empty();
            String type = null;
            for (ComparisonExpression c : comparisons()) {
                if (!(c instanceof ComparisonExpression.Comparison cmp) || cmp.negated()) return Optional.empty();
                switch (cmp.operator()) {
                    case EQ, IN, ISSUBSET -> { }
                    default -> { return Optional.empty(); }
                }
                if (type == null) type = cmp.path().objectType();
                else if (!type.equals(cmp.path().objectType())) return Optional.empty();
            }
            return Optional.ofNullable(type);
        }

        private static boolean onlyOr(ComparisonExpression e) {
            if (e instanceof ComparisonExpression.Junction j) {
                if (j.op() != ComparisonExpression.Op.OR) return false;
                for (ComparisonExpression o : j.operands()) if (!onlyOr(o)) return false;
            }
            return true;
        }

        @Override
        public String toString() {
            return PatternPrinter.observation(this);
        }
    }

    /** Two or more operands joined by one operator, evaluated left to right. */
    record Combination(Op op, List<ObservationExpression> operands) implements ObservationExpression {
        public Combination {
            operands = List.copyOf(operands);
            if (operands.size() < 2) throw new IllegalArgumentException("a combination needs two operands");
        }

        @Override
        public String toString() {
            return PatternPrinter.observation(this);
        }
    }

    record Qualified(ObservationExpression expression, Qualifier qualifier) implements ObservationExpression {
        @Override
        public String toString() {
            return PatternPrinter.observation(this);
        }
    }

    enum Op { AND, OR, FOLLOWEDBY }
}

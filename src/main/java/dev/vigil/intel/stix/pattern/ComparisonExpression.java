package dev.vigil.intel.stix.pattern;

import java.util.List;

/** What sits between {@code [} and {@code ]}: comparisons joined by AND (binds tighter) and OR. */
public sealed interface ComparisonExpression {

    /** {@code path [NOT] op literal}. */
    record Comparison(ObjectPath path, boolean negated, ComparisonOperator operator, Literal value) implements ComparisonExpression {
        @Override
        public String toString() {
            return PatternPrinter.comparison(this);
        }
    }

    /** {@code [NOT] EXISTS path}. */
    record Exists(ObjectPath path, boolean negated) implements ComparisonExpression {
        @Override
        public String toString() {
            return PatternPrinter.comparison(this);
        }
    }

    /** Two or more operands joined by one operator; a nested junction of the same operator came from parentheses. */
    record Junction(Op op, List<ComparisonExpression> operands) implements ComparisonExpression {
        public Junction {
            operands = List.copyOf(operands);
            if (operands.size() < 2) throw new IllegalArgumentException("a junction needs two operands");
        }

        @Override
        public String toString() {
            return PatternPrinter.comparison(this);
        }
    }

    enum Op { AND, OR }
}

package dev.vigil.intel.stix.pattern;

import dev.vigil.intel.stix.pattern.ComparisonExpression.Comparison;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Exists;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Junction;
import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Observation;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The canonical text of a pattern: single spaces, {@code =} for {@code ==}, parentheses only where precedence,
 * left-associativity or the one-qualifier-of-a-kind rule need them. Parsing the output gives back an equal tree.
 */
final class PatternPrinter {
    private PatternPrinter() {}

    static String observation(ObservationExpression e) {
        StringBuilder b = new StringBuilder();
        observation(e, b);
        return b.toString();
    }

    private static int precedence(ObservationExpression e) {
        return switch (e) {
            case Combination c -> switch (c.op()) {
                case FOLLOWEDBY -> 1;
                case OR -> 2;
                case AND -> 3;
            };
            case Qualified q -> 4;
            case Observation o -> 5;
        };
    }

    private static void observation(ObservationExpression e, StringBuilder b) {
        switch (e) {
            case Observation o -> {
                b.append('[');
                comparison(o.comparison(), b);
                b.append(']');
            }
            case Combination c -> {
                int p = precedence(c);
                boolean first = true;
                for (ObservationExpression operand : c.operands()) {
                    if (!first) b.append(' ').append(c.op().name()).append(' ');
                    first = false;
                    boolean paren = precedence(operand) <= p;
                    if (paren) b.append('(');
                    observation(operand, b);
                    if (paren) b.append(')');
                }
            }
            case Qualified q -> {
                boolean paren = q.expression() instanceof Combination || chainHas(q.expression(), q.qualifier());
                if (paren) b.append('(');
                observation(q.expression(), b);
                if (paren) b.append(')');
                b.append(' ').append(qualifier(q.qualifier()));
            }
        }
    }

    /** Whether the qualifier chain of {@code e} has one of {@code q}'s kind, so {@code q} may only follow parentheses. */
    private static boolean chainHas(ObservationExpression e, Qualifier q) {
        for (ObservationExpression cur = e; cur instanceof Qualified inner; cur = inner.expression())
            if (kind(inner.qualifier()) == kind(q)) return true;
        return false;
    }

    private enum Kind { WITHIN, REPEATS, STARTSTOP }

    private static Kind kind(Qualifier q) {
        return switch (q) {
            case Qualifier.Within w -> Kind.WITHIN;
            case Qualifier.Repeats r -> Kind.REPEATS;
            case Qualifier.StartStop s -> Kind.STARTSTOP;
        };
    }

    static String qualifier(Qualifier q) {
        return switch (q) {
            case Qualifier.Within w -> "WITHIN " + w.seconds().toPlainString() + " SECONDS";
            case Qualifier.Repeats r -> "REPEATS " + r.times() + " TIMES";
            case Qualifier.StartStop s -> "START " + literal(s.start()) + " STOP " + literal(s.stop());
        };
    }

    static String comparison(ComparisonExpression e) {
        StringBuilder b = new StringBuilder();
        comparison(e, b);
        return b.toString();
    }

    private static void comparison(ComparisonExpression e, StringBuilder b) {
        switch (e) {
            case Junction j -> {
                boolean first = true;
                for (ComparisonExpression operand : j.operands()) {
                    if (!first) b.append(' ').append(j.op().name()).append(' ');
                    first = false;
                    boolean paren = operand instanceof Junction inner && (inner.op() == j.op() || j.op() == ComparisonExpression.Op.AND);
                    if (paren) b.append('(');
                    comparison(operand, b);
                    if (paren) b.append(')');
                }
            }
            case Comparison c -> {
                path(c.path(), b);
                b.append(' ');
                if (c.negated()) b.append("NOT ");
                b.append(c.operator().symbol()).append(' ');
                literal(c.value(), b);
            }
            case Exists x -> {
                if (x.negated()) b.append("NOT ");
                b.append("EXISTS ");
                path(x.path(), b);
            }
        }
    }

    static String path(ObjectPath p) {
        StringBuilder b = new StringBuilder();
        path(p, b);
        return b.toString();
    }

    private static void path(ObjectPath p, StringBuilder b) {
        b.append(p.objectType()).append(':');
        boolean first = true;
        for (ObjectPath.Step s : p.steps()) {
            switch (s) {
                case ObjectPath.Key k -> {
                    if (!first) b.append('.');
                    if (plainKey(k.name())) b.append(k.name());
                    else quote(k.name(), b);
                }
                case ObjectPath.Index i -> b.append('[').append(i.index()).append(']');
                case ObjectPath.AnyIndex a -> b.append("[*]");
            }
            first = false;
        }
    }

    private static boolean plainKey(String k) {
        if (k.isEmpty() || StixPatternParser.isReserved(k)) return false;
        char c0 = k.charAt(0);
        if (!((c0 >= 'a' && c0 <= 'z') || (c0 >= 'A' && c0 <= 'Z') || c0 == '_')) return false;
        for (int i = 1; i < k.length(); i++) {
            char c = k.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
        }
        return true;
    }

    static String literal(Literal l) {
        StringBuilder b = new StringBuilder();
        literal(l, b);
        return b.toString();
    }

    private static void literal(Literal l, StringBuilder b) {
        switch (l) {
            case Literal.Text t -> quote(t.value(), b);
            case Literal.Int i -> b.append(i.value());
            case Literal.Real r -> {
                String s = BigDecimal.valueOf(r.value()).toPlainString();
                b.append(s.indexOf('.') < 0 ? s + ".0" : s);
            }
            case Literal.Bool v -> b.append(v.value());
            case Literal.Bytes x -> {
                if (x.hex()) b.append("h'").append(HexFormat.of().formatHex(x.raw())).append('\'');
                else b.append("b'").append(Base64.getEncoder().encodeToString(x.raw())).append('\'');
            }
            case Literal.Timestamp t -> b.append("t'").append(t.text()).append('\'');
            case Literal.Set s -> {
                b.append('(');
                for (int i = 0; i < s.members().size(); i++) {
                    if (i > 0) b.append(", ");
                    literal(s.members().get(i), b);
                }
                b.append(')');
            }
        }
    }

    private static void quote(String s, StringBuilder b) {
        b.append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\'' || c == '\\') b.append('\\');
            b.append(c);
        }
        b.append('\'');
    }
}

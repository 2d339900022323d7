package dev.vigil.intel.stix.pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Comparison;
import dev.vigil.intel.stix.pattern.ObservationExpression.Combination;
import dev.vigil.intel.stix.pattern.ObservationExpression.Qualified;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** The reference inspector's view of a pattern, rebuilt from the AST, so its expectations can test the parser. */
final class PatternInspection {
    private PatternInspection() {}

    static TreeSet<String> qualifiers(StixPattern p) {
        TreeSet<String> out = new TreeSet<>();
        walk(p.root(), out, null);
        return out;
    }

    static TreeSet<String> observationOperators(StixPattern p) {
        TreeSet<String> out = new TreeSet<>();
        walk(p.root(), null, out);
        return out;
    }

    private static void walk(ObservationExpression e, TreeSet<String> quals, TreeSet<String> ops) {
        switch (e) {
            case Qualified q -> {
                if (quals != null) quals.add(PatternPrinter.qualifier(q.qualifier()));
                walk(q.expression(), quals, ops);
            }
            case Combination c -> {
                if (ops != null) ops.add(c.op().name());
                c.operands().forEach(x -> walk(x, quals, ops));
            }
            case ObservationExpression.Observation o -> { }
        }
    }

    /** Per object type: [path steps, operator with NOT, literal as canonically written], as JSON text. */
    static Map<String, List<String>> comparisons(StixPattern p) {
        ObjectMapper m = new ObjectMapper();
        Map<String, List<String>> out = new TreeMap<>();
        p.forEachComparison((obs, c) -> {
            Comparison cmp = (Comparison) c;
            ArrayNode row = m.createArrayNode();
            ArrayNode path = row.addArray();
            for (ObjectPath.Step s : cmp.path().steps()) {
                switch (s) {
                    case ObjectPath.Key k -> path.add(k.name());
                    case ObjectPath.Index i -> path.add(i.index());
                    case ObjectPath.AnyIndex a -> path.add("*");
                }
            }
            row.add((cmp.negated() ? "NOT " : "") + cmp.operator().symbol());
            row.add(PatternPrinter.literal(cmp.value()));
            out.computeIfAbsent(cmp.path().objectType(), k -> new ArrayList<>()).add(row.toString());
        });
        return out;
    }
}

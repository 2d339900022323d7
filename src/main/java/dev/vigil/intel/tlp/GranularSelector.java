package dev.vigil.intel.tlp;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A STIX granular-marking selector: property names and list indices joined by dots,
 * {@code external_references.[0].url}. Kept as a list of steps (String key or Integer index) so paths can be
 * compared and re-indexed after list elements are removed.
 */
public record GranularSelector(List<Object> steps) implements Comparable<GranularSelector> {
    static final int MAX_DEPTH = 64;
    static final int MAX_INDEX = 1_000_000;

    public GranularSelector {
        steps = List.copyOf(steps);
    }

    /** Empty when the text is not a selector (empty step, bad index, index first, too deep). */
    public static Optional<GranularSelector> parse(String text) {
        if (text == null || text.isEmpty()) return Optional.empty();
        List<Object> steps = new ArrayList<>();
        for (String part : text.split("\\.", -1)) {
            if (part.isEmpty() || steps.size() >= MAX_DEPTH) return Optional.empty();
            if (part.startsWith("[") && part.endsWith("]")) {
                String digits = part.substring(1, part.length() - 1);
                if (digits.isEmpty() || digits.length() > 7 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) return Optional.empty();
                int index = Integer.parseInt(digits);
                if (index > MAX_INDEX || steps.isEmpty()) return Optional.empty();
                steps.add(index);
            } else {
                steps.add(part);
            }
        }
        return Optional.of(new GranularSelector(steps));
    }

    /** The selected node, or empty when the path does not exist in {@code root}. */
    public Optional<JsonNode> resolve(JsonNode root) {
        JsonNode n = root;
        for (Object s : steps) {
            if (s instanceof Integer i) {
                if (!n.isArray() || i >= n.size()) return Optional.empty();
                n = n.get(i);
            } else {
                if (!n.isObject() || !n.has((String) s)) return Optional.empty();
                n = n.get((String) s);
            }
        }
        return Optional.of(n);
    }

    public int depth() {
        return steps.size();
    }

    public GranularSelector parent() {
        return new GranularSelector(steps.subList(0, steps.size() - 1));
    }

    public Object last() {
        return steps.getLast();
    }

    public String topProperty() {
        return (String) steps.getFirst();
    }

    public GranularSelector child(Object step) {
        List<Object> s = new ArrayList<>(steps);
        s.add(step);
        return new GranularSelector(s);
    }

    /** True when {@code this} is {@code other} or lies inside it. */
    public boolean isWithin(GranularSelector other) {
        return steps.size() >= other.steps.size() && steps.subList(0, other.steps.size()).equals(other.steps);
    }

    public GranularSelector withStep(int position, Object step) {
        List<Object> s = new ArrayList<>(steps);
        s.set(position, step);
        return new GranularSelector(s);
    }

    /** Orders steps pairwise (keys by text, indices by number, a key before an index), shorter first on a tie. */
    @Override
    public int compareTo(GranularSelector o) {
        int n = Math.min(steps.size(), o.steps.size());
        for (int i = 0; i < n; i++) {
            Object a = steps.get(i), b = o.steps.get(i);
            int c;
            if (a instanceof Integer x && b instanceof Integer y) c = Integer.compare(x, y);
            else if (a instanceof String x && b instanceof String y) c = x.compareTo(y);
            else c = a instanceof String ? -1 : 1;
            if (c != 0) return c;
        }
        return Integer.compare(steps.size(), o.steps.size());
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Object s : steps) {
            if (!b.isEmpty()) b.append('.');
            b.append(s instanceof Integer i ? "[" + i + "]" : s);
        }
        return b.toString();
    }
}

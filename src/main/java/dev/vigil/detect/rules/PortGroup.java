package dev.vigil.detect.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's source or destination ports: {@code any}, ports, ranges ({@code 1024:}, {@code :1023},
 * {@code 80:90}), variables, negation and nested groups; matching as {@link AddressGroup}.
 */
public final class PortGroup {
    private record Element(boolean negated, int from, int to, PortGroup group) {
        boolean contains(int port) {
            return group != null ? group.matches(port) : port >= from && port <= to;
        }
    }

    private static final int MAX_DEPTH = 32;
    public static final PortGroup ANY = new PortGroup(List.of(), true);

    private final List<Element> elements;
    /** The same as an array: {@link #matches} runs for every candidate rule of every packet. */
    private final Element[] array;
    private final boolean any;

    private PortGroup(List<Element> elements, boolean any) {
        this.elements = elements;
        this.array = elements.toArray(new Element[0]);
        this.any = any;
    }

    public boolean isAny() { return any; }

    public static PortGroup parse(String text, RuleVars vars) throws RuleException {
        return parse(text.trim(), vars, 0, new HashSet<>());
    }

    private static PortGroup parse(String s, RuleVars vars, int depth, Set<String> resolving) throws RuleException {
        if (depth > MAX_DEPTH) throw new RuleException(null, "port group nested too deeply: " + s);
        if (s.isEmpty()) throw new RuleException(null, "empty port");
        if (s.equals("any")) return ANY;
        boolean negated = s.startsWith("!");
        String body = negated ? s.substring(1).trim() : s;
        PortGroup g;
        if (body.startsWith("[")) {
            if (!body.endsWith("]")) throw new RuleException(null, "unbalanced brackets in port group " + s);
            List<Element> inner = new ArrayList<>();
            for (String part : RuleText.splitTopLevel(body.substring(1, body.length() - 1), ',')) {
                String t = part.trim();
                // a negated member is a negated element of this group, not a group of its own
                boolean not = t.startsWith("!");
                PortGroup p = parse(not ? t.substring(1).trim() : t, vars, depth + 1, resolving);
                if (not && p.any) throw new RuleException(null, "port group negates everything: " + s);
                if (!not && !p.any && p.elements.stream().allMatch(e -> e.group == null && !e.negated)) inner.addAll(p.elements);
                else inner.add(new Element(not, 0, 0, p));
            }
            g = new PortGroup(inner, false);
        } else if (body.equals("any")) {
            g = ANY;
        } else if (body.startsWith("$")) {
            String name = body.substring(1);
            String value = vars.port(name);
            if (value == null) throw new RuleException(null, "undefined port variable $" + name);
            if (!resolving.add(name)) throw new RuleException(null, "port variable $" + name + " refers to itself");
            try {
                g = parse(value.trim(), vars, depth + 1, resolving);
            } finally {
                resolving.remove(name);
            }
        } else {
            int colon = body.indexOf(':');
            int from, to;
            if (colon < 0) {
                from = to = port(body, s);
            } else {
                from = colon == 0 ? 0 : port(body.substring(0, colon).trim(), s);
                to = colon == body.length() - 1 ? 65535 : port(body.substring(colon + 1).trim(), s);
            }
            if (from > to) throw new RuleException(null, "bad port range " + s);
            g = new PortGroup(List.of(new Element(false, from, to, null)), false);
        }
        if (!negated) return g;
        if (g.any) throw new RuleException(null, "port group negates everything: " + s);
        return new PortGroup(List.of(new Element(true, 0, 0, g)), false);
    }

    private static int port(String p, String whole) throws RuleException {
        try {
            int v = Integer.parseInt(p);
            if (v < 0 || v > 65535) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new RuleException(null, "bad port " + whole);
        }
    }

    /**
     * The ports of a short positive list (at most {@code max}, no negation, no wide range), sorted; null
     * for any, negations and anything longer: the engine then files the rule under "any port".
     */
    public int[] ports(int max) {
        if (any) return null;
        java.util.TreeSet<Integer> out = new java.util.TreeSet<>();
        for (Element e : elements) {
            if (e.negated) return null;
            if (e.group != null) {
                int[] sub = e.group.ports(max);
                if (sub == null) return null;
                for (int p : sub) out.add(p);
            } else {
                if (e.to - e.from + 1 > max) return null;
                for (int p = e.from; p <= e.to; p++) out.add(p);
            }
            if (out.size() > max) return null;
        }
        return out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
    }

    public boolean matches(int port) {
        if (any) return true;
        boolean positive = false, hit = false;
        for (Element e : array) {
            if (e.negated) {
                if (e.contains(port)) return false;
            } else {
                positive = true;
                if (!hit && e.contains(port)) hit = true;
            }
        }
        return !positive || hit;
    }
}

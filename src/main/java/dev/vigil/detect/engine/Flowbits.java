package dev.vigil.detect.engine;

import dev.vigil.flow.Flow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A rule's {@code flowbits}: the conditions it checks ({@code isset}, {@code isnotset}, names joined by
 * {@code |} for any or {@code &} for all) and the actions it takes when it matches ({@code set},
 * {@code unset}, {@code toggle}), on the set of names each flow carries. {@code noalert} is read by the
 * engine. A flow holds at most {@link #MAX_PER_FLOW} names: a hostile rule set cannot grow it without bound.
 */
final class Flowbits {
    static final int MAX_PER_FLOW = 256;

    private record Check(boolean set, List<String> names, boolean all) {}

    private record Action(String op, List<String> names) {}

    private final List<Check> checks = new ArrayList<>();
    private final List<Action> actions = new ArrayList<>();
    boolean noalert;

    /** Adds one {@code flowbits} option's value (already checked by the parser). */
    void add(String value) {
        String v = value.trim();
        if (v.equals("noalert")) {
            noalert = true;
            return;
        }
        int comma = v.indexOf(',');
        String op = v.substring(0, comma).trim(), names = v.substring(comma + 1).trim();
        boolean all = names.indexOf('&') >= 0;
        List<String> list = new ArrayList<>();
        for (String n : names.split("[|&]")) list.add(n.trim());
        switch (op) {
            case "isset" -> checks.add(new Check(true, list, all));
            case "isnotset" -> checks.add(new Check(false, list, all));
            default -> actions.add(new Action(op, list));
        }
    }

    boolean setsAny() { return !actions.isEmpty(); }

    boolean checksAny() { return !checks.isEmpty(); }

    @SuppressWarnings("unchecked")
    private static Set<String> bits(Flow f) {
        return f.detectState instanceof Set<?> s ? (Set<String>) s : Set.of();
    }

    /** Whether the flow's bits satisfy every condition of the rule. */
    boolean holds(Flow f) {
        Set<String> bits = bits(f);
        for (Check c : checks) {
            boolean result;
            if (c.all) {
                result = true;
                for (String n : c.names) result &= bits.contains(n) == c.set;
            } else {
                result = false;
                for (String n : c.names) result |= bits.contains(n) == c.set;
            }
            if (!result) return false;
        }
        return true;
    }

    /** The rule matched: its actions change the flow's bits. */
    @SuppressWarnings("unchecked")
    void apply(Flow f) {
        if (actions.isEmpty()) return;
        Set<String> bits;
        if (f.detectState instanceof Set<?> s) {
            bits = (Set<String>) s;
        } else {
            bits = new HashSet<>(4);
            f.detectState = bits;
        }
        for (Action a : actions) {
            for (String n : a.names) {
                switch (a.op) {
                    case "set" -> { if (bits.size() < MAX_PER_FLOW) bits.add(n); }
                    case "unset" -> bits.remove(n);
                    default -> { if (!bits.remove(n) && bits.size() < MAX_PER_FLOW) bits.add(n); }
                }
            }
        }
    }
}

package dev.vigil.detect.engine;

import dev.vigil.flow.Flow;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A rule's {@code flowbits}: the conditions it checks ({@code isset}, {@code isnotset}, names joined by
 * {@code |} for any or {@code &} for all) and the actions it takes when it matches ({@code set},
 * {@code unset}, {@code toggle}), on the set of names each flow carries ({@link FlowVariables}); and its
 * {@code flowint} options ({@link Flowints}), which live on the flow beside them. {@code noalert} is read
 * by the engine.
 */
final class Flowbits {
    static final int MAX_PER_FLOW = FlowVariables.MAX_PER_FLOW;
    /** The rule's flowint options, or null. */
    Flowints ints;

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

    /** The rule's counters, once the rest of it has matched ({@link Flowints}): false when a check fails. */
    boolean counters(Flow f) {
        return ints == null || ints.run(FlowVariables.orNew(f).counters);
    }

    void addInt(String value) {
        if (ints == null) ints = new Flowints();
        ints.add(value);
    }

    boolean setsAny() { return !actions.isEmpty(); }

    boolean checksAny() { return !checks.isEmpty(); }

    /** Whether the flow's bits (and counters) satisfy every condition of the rule. */
    boolean holds(Flow f) {
        FlowVariables v = FlowVariables.of(f);
        Set<String> bits = v == null ? Set.of() : v.bits;
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
    void apply(Flow f) {
        if (actions.isEmpty()) return;
        Set<String> bits = FlowVariables.orNew(f).bits;
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

package dev.vigil.detect.engine;

import dev.vigil.flow.Flow;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the signatures keep on a flow ({@link Flow#detectState}): its flowbits and its flowint counters,
 * each at most {@link #MAX_PER_FLOW} names, so that a hostile rule set cannot grow a flow without bound.
 */
final class FlowVariables {
    static final int MAX_PER_FLOW = 256;

    final Set<String> bits = new HashSet<>(4);
    final Map<String, Long> counters = new HashMap<>(4);

    /** The flow's variables, or null when no rule has set one yet. */
    static FlowVariables of(Flow f) {
        return f.detectState instanceof FlowVariables v ? v : null;
    }

    static FlowVariables orNew(Flow f) {
        FlowVariables v = of(f);
        if (v == null) f.detectState = v = new FlowVariables();
        return v;
    }
}

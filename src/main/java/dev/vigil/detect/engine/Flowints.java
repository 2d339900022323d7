package dev.vigil.detect.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A rule's {@code flowint} options, in rule order: counters a flow carries from packet to packet.
 * Checks ({@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code isset},
 * {@code notset}/{@code isnotset}) and modifiers ({@code =}, {@code +}, {@code -}); the value is a number
 * or another counter's name. As in Suricata the options run in order once the rest of the rule has
 * matched, and what they change stays changed even when a later check fails: {@code flowint:n,+,1;
 * flowint:n,>,3;} counts every match and alerts from the fourth. A check on an unset counter fails
 * (but {@code notset}); {@code +} and {@code -} start an
 * unset counter from 0; an operand naming an unset counter fails the rule. A flow holds at most
 * {@link FlowVariables#MAX_PER_FLOW} counters.
 */
final class Flowints {
    private record Op(String name, String op, long value, String var) {}

    private final List<Op> ops = new ArrayList<>();

    /** Adds one {@code flowint} option's value ({@code name, op[, operand]}, checked by the parser). */
    void add(String value) {
        String[] p = value.split(",");
        String name = p[0].trim(), op = p[1].trim();
        if (op.equals("isnotset")) op = "notset";
        long v = 0;
        String var = null;
        if (p.length > 2) {
            String x = p[2].trim();
            if (x.matches("\\d+")) v = Long.parseLong(x);
            else var = x;
        }
        ops.add(new Op(name, op, v, var));
    }

    /** Runs the options in order on the flow's counters: false at the first check that fails. */
    boolean run(Map<String, Long> c) {
        for (Op o : ops) {
            Long cur = c.get(o.name);
            if (o.op.equals("isset")) {
                if (cur == null) return false;
                continue;
            }
            if (o.op.equals("notset")) {
                if (cur != null) return false;
                continue;
            }
            Long operand = o.var == null ? Long.valueOf(o.value) : c.get(o.var);
            if (operand == null) return false;
            switch (o.op) {
                case "=" -> put(c, o.name, operand);
                case "+" -> put(c, o.name, (cur == null ? 0 : cur) + operand);
                case "-" -> put(c, o.name, (cur == null ? 0 : cur) - operand);
                default -> {
                    if (cur == null) return false;
                    long a = cur, b = operand;
                    boolean ok = switch (o.op) {
                        case "==" -> a == b;
                        case "!=" -> a != b;
                        case "<" -> a < b;
                        case "<=" -> a <= b;
                        case ">" -> a > b;
                        default -> a >= b;
                    };
                    if (!ok) return false;
                }
            }
        }
        return true;
    }

    private static void put(Map<String, Long> c, String name, long value) {
        if (c.containsKey(name) || c.size() < FlowVariables.MAX_PER_FLOW) c.put(name, value);
    }
}

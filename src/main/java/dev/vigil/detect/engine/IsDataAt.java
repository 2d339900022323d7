package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.Map;

/**
 * {@code isdataat:[!]n[,relative]}: absolute, byte n exists ({@code n < len}); relative, n more bytes
 * follow the cursor ({@code cursor + n <= len}), as Suricata counts them. {@code n} may be a variable;
 * as in Suricata a variable of 100,000,000 or more is taken as "no data there".
 */
record IsDataAt(Operand at, boolean negated, boolean relative) implements CursorKeyword {
    private static final long HUGE = 100_000_000L;

    static IsDataAt parse(String value, Map<String, Integer> vars) throws RuleException {
        String v = value.trim();
        boolean negated = v.startsWith("!");
        if (negated) v = v.substring(1).trim();
        String[] parts = v.split(",");
        boolean relative = false;
        for (int k = 1; k < parts.length; k++) {
            String p = parts[k].trim();
            if (p.equals("relative")) relative = true;
            else if (!p.equals("rawbytes")) throw new RuleException("isdataat", "bad isdataat option " + p);
        }
        return new IsDataAt(Operand.parse("isdataat", "offset", parts[0], vars, 0, 65535), negated, relative);
    }

    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        long n = at.get(vars);
        boolean there;
        if (Long.compareUnsigned(n, HUGE) >= 0) there = false;
        else there = relative ? cursor + n <= len : n < len;
        return there != negated ? cursor : -1;
    }
}

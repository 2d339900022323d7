package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code byte_math:bytes <n>,offset <o>,oper <+|-|*|/|<<|>>>,rvalue <v|var>,result <name>[,relative]
 * [,endian big|little][,string hex|dec|oct][,bitmask <m>]}: reads a number at the offset, applies the
 * operator with the right value (unsigned 64-bit; a division by zero does not match), masks the result
 * and stores it in a variable; the cursor moves to the end of the bytes read.
 */
record ByteMath(int bytes, Operand offset, char oper, Operand rvalue, int slot, boolean relative, boolean little, boolean string,
                int base, ByteOptions mask) implements CursorKeyword {

    static ByteMath parse(String text, Map<String, Integer> vars) throws RuleException {
        Map<String, String> args = new HashMap<>();
        boolean relative = false;
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.equals("relative")) { relative = true; continue; }
            int sp = p.indexOf(' ');
            if (sp < 0 || args.put(p.substring(0, sp).toLowerCase(Locale.ROOT), p.substring(sp + 1).trim()) != null) {
                throw new RuleException("byte_math", "bad byte_math option " + p);
            }
        }
        for (String k : args.keySet()) {
            if (!java.util.Set.of("bytes", "offset", "oper", "rvalue", "result", "endian", "string", "bitmask").contains(k)) {
                throw new RuleException("byte_math", "byte_math does not take " + k);
            }
        }
        for (String k : new String[] {"bytes", "offset", "oper", "rvalue", "result"}) {
            if (!args.containsKey(k)) throw new RuleException("byte_math", "byte_math needs " + k);
        }
        String endian = args.getOrDefault("endian", "big");
        if (endian.equals("dce")) throw new RuleException("byte_math", "byte_math dce");
        if (!endian.equals("big") && !endian.equals("little")) throw new RuleException("byte_math", "bad byte_math endian " + endian);
        String s = args.get("string");
        int base = s == null ? 0 : switch (s) {
            case "hex" -> 16;
            case "dec" -> 10;
            case "oct" -> 8;
            default -> throw new RuleException("byte_math", "bad byte_math string base " + s);
        };
        int bytes = (int) Operand.number("byte_math", "bytes", args.get("bytes"), 1, s == null ? 4 : 10);
        char oper = switch (args.get("oper")) {
            case "+" -> '+';
            case "-" -> '-';
            case "*" -> '*';
            case "/" -> '/';
            case "<<" -> '<';
            case ">>" -> '>';
            default -> throw new RuleException("byte_math", "bad byte_math operator " + args.get("oper"));
        };
        Operand offset = Operand.parse("byte_math", "offset", args.get("offset"), vars, -65535, 65535);
        Operand rvalue = Operand.parse("byte_math", "rvalue", args.get("rvalue"), vars, 0, 0xFFFF_FFFFL);
        ByteOptions mask = new ByteOptions();
        if (args.containsKey("bitmask")) {
            mask = ByteOptions.parse("byte_math", new String[] {"bitmask " + args.get("bitmask")}, 0, java.util.Set.of("bitmask"));
        }
        String name = args.get("result");
        if (vars.containsKey(name)) throw new RuleException("byte_math", "byte_math variable " + name + " defined twice");
        int slot = vars.size();
        vars.put(name, slot);
        return new ByteMath(bytes, offset, oper, rvalue, slot, relative, endian.equals("little"), s != null, base, mask);
    }

    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        long start = (relative ? cursor : 0) + (long) (int) offset.get(vars);
        if (!ByteWindow.fits(start, bytes, len, relative)) return -1;
        int at = (int) start;
        int read = string ? reader.text(buf, at, at + bytes, base) : reader.binary(buf, at, bytes, little);
        if (read < 0) return -1;
        long v = reader.value, r = rvalue.get(vars);
        switch (oper) {
            case '+' -> v += r;
            case '-' -> v -= r;
            case '*' -> v *= r;
            case '/' -> {
                if (r == 0) return -1;
                v = Long.divideUnsigned(v, r);
            }
            // shifts of 64 or more clear the value (Java would shift by the count modulo 64)
            case '<' -> v = Long.compareUnsigned(r, 64) >= 0 ? 0 : v << r;
            default -> v = Long.compareUnsigned(r, 64) >= 0 ? 0 : v >>> r;
        }
        vars[slot] = mask.mask(v);
        return at + read;
    }
}

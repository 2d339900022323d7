package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.Map;
import java.util.Set;

/**
 * {@code byte_test:<bytes>,[!]<op>,<value>,<offset>[,relative][,big|little][,string[,hex|dec|oct]][,bitmask <m>]}:
 * reads a number at the offset (from the start, or from the cursor with {@code relative}), masks it,
 * and compares it with the value ({@code < > = <= >= != !}, {@code &}: any bit in common, {@code ^}:
 * any bit different), all unsigned 64-bit as Suricata does. The cursor does not move. Value and offset
 * may be variables. A byte count of 0 with {@code string} reads as many digits as there are.
 */
record ByteTest(int bytes, char op, boolean negated, Operand value, Operand offset, ByteOptions o) implements CursorKeyword {
    private static final Set<String> FLAGS = Set.of("relative", "big", "little", "string", "hex", "dec", "oct", "dce", "bitmask");

    static ByteTest parse(String text, Map<String, Integer> vars) throws RuleException {
        String[] parts = text.split(",");
        if (parts.length < 4) throw new RuleException("byte_test", "byte_test needs bytes, operator, value and offset");
        ByteOptions o = ByteOptions.parse("byte_test", parts, 4, FLAGS);
        int bytes = (int) Operand.number("byte_test", "byte count", parts[0], 0, 64);
        o.checkCount("byte_test", bytes, 23);
        String op = parts[1].replace(" ", "");
        boolean negated = op.startsWith("!");
        if (negated) op = op.substring(1);
        char c = switch (op) {
            case "=" -> '=';
            case "" -> {
                if (!negated) throw new RuleException("byte_test", "byte_test needs an operator");
                yield '=';
            }
            case "<" -> '<';
            case ">" -> '>';
            case "<=" -> 'l';
            case ">=" -> 'g';
            case "&" -> '&';
            case "^" -> '^';
            default -> throw new RuleException("byte_test", "bad byte_test operator " + parts[1].trim());
        };
        Operand value = Operand.parse("byte_test", "value", parts[2], vars, 0, -1);
        Operand offset = Operand.parse("byte_test", "offset", parts[3], vars, -65535, 65535);
        return new ByteTest(bytes, c, negated, value, offset, o);
    }

    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        long start = (o.relative ? cursor : 0) + (long) (int) offset.get(vars);
        if (!ByteWindow.fits(start, bytes, len, o.relative)) return -1;
        int at = (int) start;
        // 0 bytes of text: all the digits there are (ET tests http.content_len so)
        int end = bytes == 0 ? len : at + bytes;
        if (o.string ? reader.text(buf, at, end, o.base) < 0 : reader.binary(buf, at, bytes, o.little) < 0) return -1;
        long v = o.mask(reader.value), x = value.get(vars);
        boolean holds = switch (op) {
            case '=' -> v == x;
            case '<' -> Long.compareUnsigned(v, x) < 0;
            case '>' -> Long.compareUnsigned(v, x) > 0;
            case 'l' -> Long.compareUnsigned(v, x) <= 0;
            case 'g' -> Long.compareUnsigned(v, x) >= 0;
            case '&' -> (v & x) != 0;
            default -> (v ^ x) != 0;
        };
        return holds != negated ? cursor : -1;
    }

    @Override
    public boolean relative() { return o.relative; }
}

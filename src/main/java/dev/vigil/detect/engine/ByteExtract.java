package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.Map;
import java.util.Set;

/**
 * {@code byte_extract:<bytes>,<offset>,<name>[,relative][,multiplier <n>][,big|little][,string[,hex|dec|oct]]
 * [,align 2|4][,bitmask <m>]}: reads a number at the offset into a variable that later keywords of the
 * same buffer use (content offset/depth/distance/within, isdataat, byte_test, byte_jump), and moves the
 * cursor to the end of the bytes read, as Suricata does. Text is decimal unless a base is given.
 */
record ByteExtract(int bytes, int offset, int slot, ByteOptions o) implements CursorKeyword {
    private static final Set<String> FLAGS = Set.of("relative", "multiplier", "big", "little", "string", "hex", "dec", "oct",
            "align", "dce", "bitmask");

    /** Parses the keyword and gives its variable the next slot in {@code vars}. */
    static ByteExtract parse(String text, Map<String, Integer> vars) throws RuleException {
        String[] parts = text.split(",");
        if (parts.length < 3) throw new RuleException("byte_extract", "byte_extract needs bytes, offset and a name");
        ByteOptions o = ByteOptions.parse("byte_extract", parts, 3, FLAGS);
        if (o.string && o.base == 0) o.base = 10;
        int bytes = (int) Operand.number("byte_extract", "byte count", parts[0], 1, 64);
        // the longest text that fits 64 bits in each base
        o.checkCount("byte_extract", bytes, o.base == 16 ? 14 : o.base == 8 ? 23 : 20);
        if (o.string && o.endianGiven) throw new RuleException("byte_extract", "byte_extract with string and an endianness");
        int offset = (int) Operand.number("byte_extract", "offset", parts[1], -65535, 65535);
        String name = parts[2].trim();
        if (vars.containsKey(name)) throw new RuleException("byte_extract", "byte_extract variable " + name + " defined twice");
        int slot = vars.size();
        vars.put(name, slot);
        return new ByteExtract(bytes, offset, slot, o);
    }

    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        long start = (o.relative ? cursor : 0) + (long) offset;
        if (!ByteWindow.fits(start, bytes, len, o.relative)) return -1;
        int at = (int) start;
        int read = o.string ? reader.text(buf, at, at + bytes, o.base) : reader.binary(buf, at, bytes, o.little);
        if (read < 0) return -1;
        long v = o.mask(reader.value) * o.multiplier;
        if (o.align && Long.remainderUnsigned(v, o.alignTo) != 0) v += o.alignTo - Long.remainderUnsigned(v, o.alignTo);
        vars[slot] = v;
        return at + read;
    }

    @Override
    public boolean relative() { return o.relative; }
}

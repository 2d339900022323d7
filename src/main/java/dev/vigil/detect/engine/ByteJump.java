package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.Map;
import java.util.Set;

/**
 * {@code byte_jump:<bytes>,<offset>[,relative][,multiplier <n>][,big|little][,string[,hex|dec|oct]][,align]
 * [,from_beginning|from_end][,post_offset <n>][,bitmask <m>]}: reads a number at the offset and moves the
 * cursor by it, as Suricata does: value masked, times the multiplier, rounded up to a multiple of 4 with
 * {@code align}, plus post_offset; counted from the end of the bytes read, or from the buffer's start or
 * end. A jump before the start lands on the start; a jump to or past the end does not match. A byte count
 * of 0 with {@code string} reads as many digits as there are.
 */
record ByteJump(int bytes, Operand offset, ByteOptions o) implements CursorKeyword {
    private static final Set<String> FLAGS = Set.of("relative", "multiplier", "big", "little", "string", "hex", "dec", "oct",
            "align", "from_beginning", "from_end", "post_offset", "dce", "bitmask");

    static ByteJump parse(String text, Map<String, Integer> vars) throws RuleException {
        String[] parts = text.split(",");
        if (parts.length < 2) throw new RuleException("byte_jump", "byte_jump needs bytes and offset");
        ByteOptions o = ByteOptions.parse("byte_jump", parts, 2, FLAGS);
        int bytes = (int) Operand.number("byte_jump", "byte count", parts[0], 0, 64);
        o.checkCount("byte_jump", bytes, 23);
        return new ByteJump(bytes, Operand.parse("byte_jump", "offset", parts[1], vars, -65535, 65535), o);
    }

    @Override
    public int apply(byte[] buf, int len, int cursor, long[] vars, NumberReader reader) {
        long start = (o.relative ? cursor : 0) + (long) (int) offset.get(vars);
        if (!ByteWindow.fits(start, bytes, len, o.relative)) return -1;
        int at = (int) start;
        int read;
        if (o.string) read = reader.text(buf, at, bytes == 0 ? len : at + bytes, o.base);
        else read = reader.binary(buf, at, bytes, o.little);
        if (read < 0) return -1;
        // unsigned 64-bit arithmetic as Suricata's, read back as a signed distance
        long v = o.mask(reader.value) * o.multiplier;
        if (o.align && Long.remainderUnsigned(v, 4) != 0) v += 4 - Long.remainderUnsigned(v, 4);
        v += o.postOffset;
        long base = o.fromBeginning ? 0 : o.fromEnd ? len : start + read;
        // a distance beyond the int range lands outside any buffer; saturating keeps the sum exact
        long to = base + Math.clamp(v, Integer.MIN_VALUE * 2L, Integer.MAX_VALUE * 2L);
        if (to < 0) return 0;
        return to >= len ? -1 : (int) to;
    }

    @Override
    public boolean relative() { return o.relative; }
}

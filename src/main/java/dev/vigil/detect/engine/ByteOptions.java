package dev.vigil.detect.engine;

import dev.vigil.detect.rules.RuleException;
import java.util.Locale;
import java.util.Set;

/**
 * The flags that follow the positional arguments of {@code byte_test}, {@code byte_jump} and
 * {@code byte_extract}: each keyword names those it takes, so a flag another keyword owns is refused
 * as Suricata refuses it.
 */
final class ByteOptions {
    boolean relative, little, endianGiven, string, dce, fromBeginning, fromEnd, align;
    /** 0: not given; with {@code string}, 0 lets the text's prefix choose (Suricata's "automatic"). */
    int base;
    long bitmask;
    boolean hasBitmask;
    int bitmaskShift;
    long multiplier = 1;
    int postOffset;
    int alignTo;

    static ByteOptions parse(String keyword, String[] parts, int from, Set<String> allowed) throws RuleException {
        ByteOptions o = new ByteOptions();
        for (int i = from; i < parts.length; i++) {
            String p = parts[i].trim();
            int sp = p.indexOf(' ');
            String name = (sp < 0 ? p : p.substring(0, sp)).toLowerCase(Locale.ROOT);
            String arg = sp < 0 ? null : p.substring(sp + 1).trim();
            if (!allowed.contains(name)) throw new RuleException(keyword, keyword + " does not take " + p);
            boolean takesArg = name.equals("bitmask") || name.equals("multiplier") || name.equals("post_offset")
                    || name.equals("align") && keyword.equals("byte_extract");
            if (takesArg != (arg != null)) throw new RuleException(keyword, "bad " + keyword + " option " + p);
            switch (name) {
                case "relative" -> o.relative = true;
                case "big" -> { o.little = false; o.endianGiven = true; }
                case "little" -> { o.little = true; o.endianGiven = true; }
                case "string" -> o.string = true;
                case "hex" -> o.base = 16;
                case "dec" -> o.base = 10;
                case "oct" -> o.base = 8;
                case "dce" -> o.dce = true;
                case "from_beginning" -> o.fromBeginning = true;
                case "from_end" -> o.fromEnd = true;
                case "align" -> {
                    o.align = true;
                    o.alignTo = arg == null ? 4 : (int) Operand.number(keyword, "align", arg, 2, 4);
                    if (o.alignTo == 3) throw new RuleException(keyword, keyword + " aligns to 2 or 4");
                }
                case "multiplier" -> o.multiplier = Operand.number(keyword, "multiplier", arg, 1, 65535);
                case "post_offset" -> o.postOffset = (int) Operand.number(keyword, "post_offset", arg, Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "bitmask" -> {
                    o.hasBitmask = true;
                    // byte_math reads its mask as hex whatever its prefix; the others as any rule number
                    o.bitmask = keyword.equals("byte_math") ? hexMask(arg) : Operand.number(keyword, "bitmask", arg, 0, 0xFFFF_FFFFL);
                    // the masked value is shifted right by the mask's trailing zeros, so a field is compared unshifted
                    o.bitmaskShift = o.bitmask == 0 ? 0 : Long.numberOfTrailingZeros(o.bitmask);
                }
                default -> throw new RuleException(keyword, "bad " + keyword + " option " + p);
            }
        }
        if (o.base != 0 && !o.string) throw new RuleException(keyword, keyword + " with a base but without string");
        if (o.fromBeginning && o.fromEnd) throw new RuleException(keyword, keyword + " with from_beginning and from_end");
        // Suricata reads dce's byte order from the DCE/RPC header, which Vigil does not parse
        if (o.dce) throw new RuleException(keyword, keyword + " dce");
        return o;
    }

    private static long hexMask(String arg) throws RuleException {
        String h = arg.startsWith("0x") || arg.startsWith("0X") ? arg.substring(2) : arg;
        if (!h.matches("[0-9a-fA-F]{1,8}")) throw new RuleException("byte_math", "bad bitmask for byte_math: " + arg);
        return Long.parseLong(h, 16);
    }

    /** Checks the byte count against what fits 64 bits: 8 binary bytes, {@code maxText} characters. */
    void checkCount(String keyword, long n, int maxText) throws RuleException {
        if (string ? n > maxText : n > 8) {
            throw new RuleException(keyword, keyword + " cannot take " + n + " bytes" + (string ? " of text" : " without string"));
        }
    }

    /** The value with the bitmask applied: masked, then shifted right by the mask's trailing zeros. */
    long mask(long v) {
        if (!hasBitmask) return v;
        long m = v & bitmask;
        return m == 0 ? 0 : m >>> bitmaskShift;
    }
}

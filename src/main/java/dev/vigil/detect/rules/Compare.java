package dev.vigil.detect.rules;

/**
 * A numeric test as the size and header keywords write it ({@code dsize:>10}, {@code bsize:5<>20},
 * {@code ttl:!64}, {@code urilen:<=100}): operator and one or two bounds.
 */
public record Compare(String keyword, Op op, long a, long b) {
    public enum Op { EQ, NE, LT, LE, GT, GE, RANGE }

    public static Compare parse(String keyword, String value, long max) throws RuleException {
        if (value == null) throw new RuleException(keyword, keyword + " needs a value");
        String v = value.trim().replace(" ", "");
        // urilen and bsize take ",raw"/",norm" style suffixes in some rules
        int comma = v.indexOf(',');
        if (comma >= 0) {
            String suffix = v.substring(comma + 1);
            if (!suffix.equals("raw") && !suffix.equals("norm")) throw new RuleException(keyword, "bad " + keyword + " option " + suffix);
            v = v.substring(0, comma);
        }
        int r = v.indexOf("<>");
        if (r > 0) {
            long a = number(keyword, v.substring(0, r), max), b = number(keyword, v.substring(r + 2), max);
            if (a >= b) throw new RuleException(keyword, keyword + " range " + value + " is empty");
            return new Compare(keyword, Op.RANGE, a, b);
        }
        Op op = Op.EQ;
        String n = v;
        if (v.startsWith("<=")) { op = Op.LE; n = v.substring(2); }
        else if (v.startsWith(">=")) { op = Op.GE; n = v.substring(2); }
        else if (v.startsWith("<")) { op = Op.LT; n = v.substring(1); }
        else if (v.startsWith(">")) { op = Op.GT; n = v.substring(1); }
        else if (v.startsWith("!")) { op = Op.NE; n = v.substring(1); }
        else if (v.startsWith("=")) { n = v.substring(1); }
        return new Compare(keyword, op, number(keyword, n, max), 0);
    }

    private static long number(String keyword, String s, long max) throws RuleException {
        try {
            long x = Long.parseLong(s.trim());
            if (x < 0 || x > max) throw new NumberFormatException();
            return x;
        } catch (NumberFormatException e) {
            throw new RuleException(keyword, "bad number for " + keyword + ": " + s);
        }
    }

    public boolean test(long x) {
        return switch (op) {
            case EQ -> x == a;
            case NE -> x != a;
            case LT -> x < a;
            case LE -> x <= a;
            case GT -> x > a;
            case GE -> x >= a;
            case RANGE -> x > a && x < b;
        };
    }
}

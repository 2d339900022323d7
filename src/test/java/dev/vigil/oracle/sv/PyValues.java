package dev.vigil.oracle.sv;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Python semantics for the values a suricata-verify filter compares: those decoded from an EVE JSON
 * line (Jackson: Map, List, String, Integer/Long/BigInteger, Double, Boolean, null) and those decoded
 * from test.yaml ({@link PyYaml}). {@link #eq} is Python's {@code ==}: numbers compare by value across
 * int, float and bool ({@code True == 1 == 1.0}), strings exactly, lists element-wise, dicts by keys and
 * values; values of different kinds are unequal.
 */
public final class PyValues {
    private PyValues() {}

    /** Raised where the Python runner would raise (a string suffix applied to a missing value, ...). */
    public static final class PyError extends RuntimeException {
        public PyError(String msg) { super(msg); }
    }

    static boolean isNumber(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof BigInteger || o instanceof Short
                || o instanceof Byte || o instanceof Double || o instanceof Float || o instanceof BigDecimal;
    }

    static boolean isNumeric(Object o) {
        return isNumber(o) || o instanceof Boolean;
    }

    static boolean isInt(Object o) {
        return o instanceof Integer || o instanceof Long || o instanceof BigInteger || o instanceof Short || o instanceof Byte;
    }

    /** Exact value of an int, float or bool; null for NaN and infinities (handled by the caller). */
    static BigDecimal exact(Object o) {
        if (o instanceof Boolean b) return b ? BigDecimal.ONE : BigDecimal.ZERO;
        if (o instanceof BigInteger bi) return new BigDecimal(bi);
        if (o instanceof BigDecimal bd) return bd;
        if (o instanceof Double || o instanceof Float) {
            double d = ((Number) o).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) return null;
            return new BigDecimal(d);
        }
        return BigDecimal.valueOf(((Number) o).longValue());
    }

    public static boolean eq(Object a, Object b) {
        if (a == null || b == null) return a == b;
        if (isNumeric(a) && isNumeric(b)) {
            BigDecimal x = exact(a), y = exact(b);
            if (x == null || y == null) {
                double dx = ((Number) (a instanceof Boolean ba ? (ba ? 1 : 0) : a)).doubleValue();
                double dy = ((Number) (b instanceof Boolean bb ? (bb ? 1 : 0) : b)).doubleValue();
                return dx == dy; // NaN != NaN, inf == inf
            }
            return x.compareTo(y) == 0;
        }
        if (a instanceof String || b instanceof String) return a.equals(b);
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (la.size() != lb.size()) return false;
            for (int i = 0; i < la.size(); i++) if (!eq(la.get(i), lb.get(i))) return false;
            return true;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            if (ma.size() != mb.size()) return false;
            for (Map.Entry<?, ?> e : ma.entrySet()) {
                Object key = null;
                boolean found = false;
                for (Object k : mb.keySet()) {
                    if (eq(e.getKey(), k)) { key = k; found = true; break; }
                }
                if (!found || !eq(e.getValue(), mb.get(key))) return false;
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    /** Python {@code len(x)}, or -1 where Python would raise (numbers, bools, None). */
    static int len(Object o) {
        if (o instanceof String s) return s.codePointCount(0, s.length());
        if (o instanceof Collection<?> c) return c.size();
        if (o instanceof Map<?, ?> m) return m.size();
        return -1;
    }

    /** Python {@code needle in haystack} for str, list and dict; raises like Python otherwise. */
    static boolean contains(Object haystack, Object needle) {
        if (haystack instanceof String s) {
            if (!(needle instanceof String n)) throw new PyError("'in <string>' requires string as left operand");
            return s.contains(n);
        }
        if (haystack instanceof List<?> l) {
            for (Object x : l) if (eq(x, needle)) return true;
            return false;
        }
        if (haystack instanceof Map<?, ?> m) {
            for (Object k : m.keySet()) if (eq(k, needle)) return true;
            return false;
        }
        throw new PyError("argument of type '" + typeName(haystack) + "' is not iterable");
    }

    static String str(Object o, String op) {
        if (o instanceof String s) return s;
        throw new PyError("'" + typeName(o) + "' object has no attribute '" + op + "'");
    }

    static String typeName(Object o) {
        if (o == null) return "NoneType";
        if (o instanceof Boolean) return "bool";
        if (isInt(o)) return "int";
        if (isNumber(o)) return "float";
        if (o instanceof String) return "str";
        if (o instanceof List) return "list";
        if (o instanceof Map) return "dict";
        return o.getClass().getSimpleName();
    }

    /** Python repr-like text for messages. */
    static String repr(Object o) {
        if (o == null) return "None";
        if (o instanceof Boolean b) return b ? "True" : "False";
        if (o instanceof String s) return "'" + s + "'";
        return String.valueOf(o);
    }
}

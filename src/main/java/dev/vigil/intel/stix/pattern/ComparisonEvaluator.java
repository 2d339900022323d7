package dev.vigil.intel.stix.pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Comparison;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Exists;
import dev.vigil.intel.stix.pattern.ComparisonExpression.Junction;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Base64;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Decides a bracketed comparison expression for one observed-data. Each comparison holds for a root object when
 * any value its path reaches passes the test (NOT negating that test); AND needs the same root object on both
 * sides, OR either. Value semantics follow the OASIS reference matcher: numbers compare across int/float;
 * {@code _hex}/{@code _bin} properties are bytes and compare with strings whose characters are all below 256;
 * a string compared with a timestamp literal must itself be a timestamp (else a match error); LIKE and MATCHES
 * compare NFC-normalised text, = and IN compare code points exactly; other type mismatches are simply unequal
 * and unordered; a missing property satisfies nothing, not even != or NOT.
 */
final class ComparisonEvaluator {
    static final int MAX_VALUES = 100_000;
    private static final int REGEX_FLOOR = 100_000, REGEX_PER_CHAR = 200;

    // filled once in the constructor, read-only afterwards: one evaluator serves concurrent matches
    private final Map<Comparison, Pattern> regexes = new IdentityHashMap<>();
    private final Map<Comparison, Pattern> bytesRegexes = new IdentityHashMap<>();

    ComparisonEvaluator(StixPattern pattern) {
        pattern.forEachComparison((obs, c) -> {
            if (c instanceof Comparison cmp && cmp.value() instanceof Literal.Text t) {
                if (cmp.operator() == ComparisonOperator.MATCHES) {
                    String nfc = Normalizer.normalize(t.value(), Normalizer.Form.NFC);
                    regexes.put(cmp, Regexes.compile(nfc));
                    if (latin1(nfc)) bytesRegexes.put(cmp, regexes.get(cmp));
                } else if (cmp.operator() == ComparisonOperator.LIKE) {
                    regexes.put(cmp, Regexes.like(Normalizer.normalize(t.value(), Normalizer.Form.NFC)));
                }
            }
        });
    }

    boolean matches(ComparisonExpression e, ObservedData od) throws PatternMatchException {
        return !roots(e, od).isEmpty();
    }

    private BitSet roots(ComparisonExpression e, ObservedData od) throws PatternMatchException {
        switch (e) {
            case Junction j -> {
                BitSet acc = null;
                for (ComparisonExpression o : j.operands()) {
                    BitSet r = roots(o, od);
                    if (acc == null) acc = r;
                    else if (j.op() == ComparisonExpression.Op.AND) acc.and(r);
                    else acc.or(r);
                    if (acc.isEmpty() && j.op() == ComparisonExpression.Op.AND) break;
                }
                return acc;
            }
            case Comparison c -> {
                BitSet out = new BitSet();
                List<JsonNode> roots = od.roots();
                for (int i = 0; i < roots.size(); i++) {
                    if (!c.path().objectType().equals(roots.get(i).path("type").asText(null))) continue;
                    for (Value v : values(roots.get(i), c.path(), od)) {
                        if (test(c, v) != c.negated()) {
                            out.set(i);
                            break;
                        }
                    }
                }
                return out;
            }
            case Exists x -> {
                BitSet out = new BitSet();
                List<JsonNode> roots = od.roots();
                for (int i = 0; i < roots.size(); i++) {
                    if (!x.path().objectType().equals(roots.get(i).path("type").asText(null))) continue;
                    if (values(roots.get(i), x.path(), od).isEmpty() == x.negated()) out.set(i);
                }
                return out;
            }
        }
    }

    /** A value the path reached; {@code binary} when the property name says it holds hex or base64 bytes. */
    private record Value(JsonNode node, String key) {}

    private static List<Value> values(JsonNode root, ObjectPath path, ObservedData od) throws PatternMatchException {
        List<Value> cur = List.of(new Value(root, null));
        for (ObjectPath.Step s : path.steps()) {
            List<Value> next = new ArrayList<>();
            for (Value v : cur) {
                switch (s) {
                    case ObjectPath.Key k -> {
                        JsonNode f = v.node().isObject() ? v.node().get(k.name()) : null;
                        if (f == null) continue;
                        String name = k.name();
                        if (name.endsWith("_ref")) {
                            if (!f.isTextual()) throw new PatternMatchException("reference property '" + name + "' is not a string");
                            JsonNode target = od.refs().get(f.asText());
                            if (target != null) next.add(new Value(target, null));
                        } else if (name.endsWith("_refs")) {
                            if (!f.isArray()) throw new PatternMatchException("reference list property '" + name + "' is not a list");
                            ArrayNode resolved = JsonNodeFactory.instance.arrayNode();
                            for (JsonNode r : f) {
                                if (!r.isTextual()) throw new PatternMatchException("a value of '" + name + "' is not a string");
                                JsonNode target = od.refs().get(r.asText());
                                if (target != null) resolved.add(target);
                            }
                            if (!resolved.isEmpty()) next.add(new Value(resolved, null));
                        } else {
                            next.add(new Value(f, name));
                        }
                    }
                    case ObjectPath.Index i -> {
                        if (v.node().isArray() && i.index() < v.node().size()) next.add(new Value(v.node().get(i.index()), null));
                    }
                    case ObjectPath.AnyIndex a -> {
                        if (v.node().isArray()) for (JsonNode el : v.node()) next.add(new Value(el, null));
                    }
                }
                if (next.size() > MAX_VALUES) throw new PatternMatchException("object path reaches too many values");
            }
            cur = next;
            if (cur.isEmpty()) break;
        }
        return cur;
    }

    // ---------------------------------------------------------------- one value against one comparison

    private boolean test(Comparison c, Value v) throws PatternMatchException {
        Object val = javaValue(v);
        Literal lit = c.value();
        return switch (c.operator()) {
            case EQ -> equal(val, lit, c);
            case NEQ -> !equal(val, lit, c);
            case LT, LE, GT, GE -> {
                Integer cmp = compare(val, lit);
                if (cmp == null) yield false;
                yield switch (c.operator()) {
                    case LT -> cmp < 0;
                    case LE -> cmp <= 0;
                    case GT -> cmp > 0;
                    default -> cmp >= 0;
                };
            }
            case IN -> {
                for (Literal m : ((Literal.Set) lit).members()) if (equal(val, m, c)) yield true;
                yield false;
            }
            case LIKE -> {
                String s = val instanceof String str ? Normalizer.normalize(str, Normalizer.Form.NFC) : val instanceof byte[] b ? latin1String(b) : null;
                if (s == null || (val instanceof byte[] && !latin1(((Literal.Text) lit).value()))) yield false;
                yield find(regexes.get(c), s, true);
            }
            case MATCHES -> {
                if (val instanceof String str) yield find(regexes.get(c), Normalizer.normalize(str, Normalizer.Form.NFC), false);
                if (val instanceof byte[] b && bytesRegexes.containsKey(c)) yield find(bytesRegexes.get(c), latin1String(b), false);
                yield false;
            }
            case ISSUBSET, ISSUPERSET -> {
                if (!(val instanceof String s)) yield false;
                Cidr literal = Cidr.parse(((Literal.Text) lit).value());
                if (literal == null) throw new PatternMatchException("not an IP address or CIDR network: '" + ((Literal.Text) lit).value() + "'");
                Cidr value = Cidr.parse(s);
                if (value == null) yield false;
                yield c.operator() == ComparisonOperator.ISSUBSET ? literal.contains(value) : value.contains(literal);
            }
        };
    }

    private static boolean find(Pattern p, String s, boolean whole) throws PatternMatchException {
        try {
            var m = p.matcher(BudgetedCharSequence.of(s, REGEX_FLOOR, REGEX_PER_CHAR));
            return whole ? m.matches() : m.find();
        } catch (BudgetedCharSequence.Exhausted e) {
            throw new PatternMatchException("regular expression too expensive for a value of " + s.length() + " characters");
        } catch (StackOverflowError e) {
            throw new PatternMatchException("regular expression recursed too deeply");
        }
    }

    private static Object javaValue(Value v) throws PatternMatchException {
        JsonNode n = v.node();
        if (n.isTextual()) {
            String key = v.key();
            if (key != null && key.endsWith("_hex")) {
                String s = n.asText();
                if (s.length() % 2 != 0) throw new PatternMatchException("odd-length hex in '" + key + "'");
                byte[] out = new byte[s.length() / 2];
                for (int i = 0; i < out.length; i++) {
                    int hi = StixPatternParser.hexDigit(s.charAt(2 * i)), lo = StixPatternParser.hexDigit(s.charAt(2 * i + 1));
                    if (hi < 0 || lo < 0) throw new PatternMatchException("bad hex in '" + key + "'");
                    out[i] = (byte) (hi << 4 | lo);
                }
                return out;
            }
            if (key != null && key.endsWith("_bin")) {
                try {
                    return Base64.getDecoder().decode(n.asText());
                } catch (IllegalArgumentException e) {
                    throw new PatternMatchException("bad base64 in '" + key + "'");
                }
            }
            return n.asText();
        }
        if (n.isIntegralNumber()) return n.canConvertToLong() ? (Object) n.asLong() : new BigDecimal(n.bigIntegerValue());
        if (n.isNumber()) return Double.isFinite(n.doubleValue()) ? BigDecimal.valueOf(n.doubleValue()) : n;
        if (n.isBoolean()) return n.booleanValue();
        return n; // null, object or array: equal to nothing, ordered against nothing
    }

    private static boolean equal(Object val, Literal lit, Comparison c) throws PatternMatchException {
        switch (lit) {
            case Literal.Int i -> {
                return number(val) != null && number(val).compareTo(BigDecimal.valueOf(i.value())) == 0;
            }
            case Literal.Real r -> {
                return number(val) != null && number(val).compareTo(BigDecimal.valueOf(r.value())) == 0;
            }
            case Literal.Text t -> {
                if (val instanceof String s) return s.equals(t.value()) || sameAddress(c, s, t.value());
                if (val instanceof byte[] b) return latin1(t.value()) && Arrays.equals(b, latin1Bytes(t.value()));
                return false;
            }
            case Literal.Bool b -> {
                return val instanceof Boolean v && v == b.value();
            }
            case Literal.Bytes x -> {
                if (val instanceof byte[] b) return Arrays.equals(b, x.raw());
                if (val instanceof String s) return latin1(s) && Arrays.equals(latin1Bytes(s), x.raw());
                return false;
            }
            case Literal.Timestamp t -> {
                Instant v = timestamp(val);
                return v != null && v.equals(t.instant());
            }
            case Literal.Set s -> {
                return false;
            }
        }
    }

    /**
     * The value of an ipv4-addr or ipv6-addr (reached directly or through a _ref) may be written as a network; 1.2.3.4 and 1.2.3.4/32 are the same address, and a
     * network equals a network with the same prefix whatever host bits either spells out.
     */
    private static boolean sameAddress(Comparison c, String value, String literal) {
        if (!c.path().lastKey().equals("value")) return false;
        Cidr a = Cidr.parse(value), b = Cidr.parse(literal);
        return a != null && b != null && a.sameNetwork(b);
    }

    private static Integer compare(Object val, Literal lit) throws PatternMatchException {
        switch (lit) {
            case Literal.Int i -> {
                BigDecimal n = number(val);
                return n == null ? null : n.compareTo(BigDecimal.valueOf(i.value()));
            }
            case Literal.Real r -> {
                BigDecimal n = number(val);
                return n == null ? null : n.compareTo(BigDecimal.valueOf(r.value()));
            }
            case Literal.Text t -> {
                if (val instanceof String s) return compareCodePoints(s, t.value());
                if (val instanceof byte[] b) return latin1(t.value()) ? Arrays.compareUnsigned(b, latin1Bytes(t.value())) : null;
                return null;
            }
            case Literal.Bytes x -> {
                if (val instanceof byte[] b) return Arrays.compareUnsigned(b, x.raw());
                if (val instanceof String s) return latin1(s) ? Arrays.compareUnsigned(latin1Bytes(s), x.raw()) : null;
                return null;
            }
            case Literal.Timestamp t -> {
                Instant v = timestamp(val);
                return v == null ? null : v.compareTo(t.instant());
            }
            default -> {
                return null;
            }
        }
    }

    private static Instant timestamp(Object val) throws PatternMatchException {
        if (!(val instanceof String s)) return null;
        Instant t = StixTimestamps.parse(s);
        if (t == null) throw new PatternMatchException("not a timestamp, compared with one: '" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "'");
        return t;
    }

    private static BigDecimal number(Object val) {
        if (val instanceof Long l) return BigDecimal.valueOf(l);
        if (val instanceof BigDecimal d) return d;
        return null;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0, j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i), cb = b.codePointAt(j);
            if (ca != cb) return Integer.compare(ca, cb);
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) > 0xff) return false;
        return true;
    }

    private static byte[] latin1Bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static String latin1String(byte[] b) {
        return new String(b, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}

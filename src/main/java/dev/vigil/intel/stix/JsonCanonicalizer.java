package dev.vigil.intel.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * RFC 8785 JSON Canonicalization Scheme: object keys sorted by UTF-16 code units, no whitespace, minimal
 * string escaping, numbers in the ECMAScript double form. STIX uses it for deterministic SCO ids; signatures
 * that must survive re-serialisation use it too.
 */
public final class JsonCanonicalizer {
    private JsonCanonicalizer() {}

    public static byte[] canonicalize(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static String canonicalString(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        write(node, sb);
        return sb.toString();
    }

    private static void write(JsonNode n, StringBuilder sb) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            sb.append("null");
        } else if (n.isBoolean()) {
            sb.append(n.booleanValue());
        } else if (n.isNumber()) {
            sb.append(number(n.doubleValue()));
        } else if (n.isTextual()) {
            string(n.textValue(), sb);
        } else if (n.isArray()) {
            sb.append('[');
            for (int i = 0; i < n.size(); i++) {
                if (i > 0) sb.append(',');
                write(n.get(i), sb);
            }
            sb.append(']');
        } else if (n.isObject()) {
            List<String> keys = new ArrayList<>(n.size());
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) keys.add(it.next());
            // String.compareTo orders by UTF-16 code unit, which is exactly what RFC 8785 section 3.2.3 asks.
            keys.sort(null);
            sb.append('{');
            boolean first = true;
            for (String k : keys) {
                if (!first) sb.append(',');
                first = false;
                string(k, sb);
                sb.append(':');
                write(n.get(k), sb);
            }
            sb.append('}');
        } else if (n.isBinary()) {
            string(java.util.Base64.getEncoder().encodeToString(((com.fasterxml.jackson.databind.node.BinaryNode) n).binaryValue()), sb);
        } else {
            throw new IllegalArgumentException("cannot canonicalize " + n.getNodeType());
        }
    }

    static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        sb.append('"');
    }

    /** ECMAScript Number.prototype.toString for a finite double (ECMA-262 7.1.12.1). */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("JSON has no " + d);
        if (d == 0) return "0";
        if (d < 0) return "-" + number(-d);
        // Double.toString yields the shortest round-tripping digits since JDK 19; only the layout differs from ES.
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = bd.unscaledValue().toString();
        int k = digits.length();
        int n = k - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (k <= n && n <= 21) {
            sb.append(digits);
            for (int i = 0; i < n - k; i++) sb.append('0');
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.");
            for (int i = 0; i < -n; i++) sb.append('0');
            sb.append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) sb.append('.').append(digits, 1, k);
            int e = n - 1;
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }


}

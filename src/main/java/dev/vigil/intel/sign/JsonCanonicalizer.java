package dev.vigil.intel.sign;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RFC 8785 JSON Canonicalization Scheme over Jackson trees: object members sorted by their names' UTF-16 code
 * units, no whitespace, numbers as ECMAScript prints IEEE-754 doubles, strings escaped as ECMAScript's
 * JSON.stringify does, UTF-8 out. A signature over this form survives any re-serialisation that keeps the data
 * (member order, whitespace, {@code 4.50} vs {@code 4.5}, {@code \u0041} vs {@code A}).
 *
 * <p>Numbers are doubles, as JCS says: an integer above 2^53 loses precision here exactly as it does in every
 * other JCS implementation, so signer and verifier agree. Parse input with {@link #parse}: it rejects duplicate
 * member names (which JCS, being I-JSON, forbids) and reads every number as a double.
 */
public final class JsonCanonicalizer {
    /** Deeper than any STIX bundle; stops a hostile document from exhausting the stack. */
    public static final int MAX_DEPTH = 500;

    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build())
            .disable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonCanonicalizer() {}

    /** Parses JSON text for signing or verifying: duplicate names, trailing content or NaN are errors. */
    public static JsonNode parse(byte[] json) throws CanonicalizationException {
        try {
            JsonNode n = STRICT.readTree(json);
            if (n == null || n.isMissingNode()) throw new CanonicalizationException("empty document");
            return n;
        } catch (IOException e) {
            throw new CanonicalizationException("not acceptable JSON: " + e.getMessage(), e);
        }
    }

    public static JsonNode parse(String json) throws CanonicalizationException {
        return parse(json.getBytes(StandardCharsets.UTF_8));
    }

    /** Canonical UTF-8 bytes of a tree. */
    public static byte[] canonicalize(JsonNode node) throws CanonicalizationException {
        StringBuilder b = new StringBuilder(256);
        write(node, b, 0);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Canonical UTF-8 bytes of JSON text (parsed with {@link #parse}). */
    public static byte[] canonicalize(byte[] json) throws CanonicalizationException {
        return canonicalize(parse(json));
    }

    public static String canonicalString(JsonNode node) throws CanonicalizationException {
        return new String(canonicalize(node), StandardCharsets.UTF_8);
    }

    private static void write(JsonNode n, StringBuilder b, int depth) throws CanonicalizationException {
        if (depth > MAX_DEPTH) throw new CanonicalizationException("nested deeper than " + MAX_DEPTH);
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>(n.properties());
                // String.compareTo compares UTF-16 code units, which is exactly JCS's order
                members.sort(Map.Entry.comparingByKey());
                b.append('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) b.append(',');
                    string(members.get(i).getKey(), b);
                    b.append(':');
                    write(members.get(i).getValue(), b, depth + 1);
                }
                b.append('}');
            }
            case ARRAY -> {
                b.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) b.append(',');
                    write(n.get(i), b, depth + 1);
                }
                b.append(']');
            }
            case STRING -> string(n.textValue(), b);
            case NUMBER -> {
                double d = n.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) throw new CanonicalizationException("number out of IEEE-754 double range: " + n.asText());
                b.append(EcmaNumber.format(d));
            }
            case BOOLEAN -> b.append(n.booleanValue() ? "true" : "false");
            case NULL -> b.append("null");
            default -> throw new CanonicalizationException("no JSON form for a " + n.getNodeType() + " node");
        }
    }

    private static void string(String s, StringBuilder b) throws CanonicalizationException {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\b' -> b.append("\\b");
                case '\t' -> b.append("\\t");
                case '\n' -> b.append("\\n");
                case '\f' -> b.append("\\f");
                case '\r' -> b.append("\\r");
                default -> {
                    if (c < 0x20) {
                        b.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
                    } else if (Character.isHighSurrogate(c)) {
                        if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) throw new CanonicalizationException("lone surrogate in a string");
                        b.append(c).append(s.charAt(++i));
                    } else if (Character.isLowSurrogate(c)) {
                        throw new CanonicalizationException("lone surrogate in a string");
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }
}

package dev.vigil.intel.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonCanonicalizerTest {

    private static String canon(String json) throws CanonicalizationException {
        return new String(JsonCanonicalizer.canonicalize(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** RFC 8785 section 3.2.2: the worked example, input and output as printed there. */
    @Test
    void rfcPrimitivesExample() throws Exception {
        String in = """
                {
                  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
                  "string": "\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\"\\/",
                  "literals": [null, true, false]
                }""";
        assertThat(canon(in)).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    /** RFC 8785 section 3.2.3: members sorted by UTF-16 code units, including a surrogate pair and U+FB33. */
    @Test
    void rfcSortingExample() throws Exception {
        String in = """
                {
                  "\\u20ac": "Euro Sign",
                  "\\r": "Carriage Return",
                  "\\ufb33": "Hebrew Letter Dalet With Dagesh",
                  "1": "One",
                  "\\ud83d\\ude00": "Emoji: Grinning Face",
                  "\\u0080": "Control",
                  "\\u00f6": "Latin Small Letter O With Diaeresis"
                }""";
        JsonNode out = JsonCanonicalizer.parse(canon(in));
        List<String> values = new ArrayList<>();
        out.properties().forEach(e -> values.add(e.getValue().asText()));
        assertThat(values).containsExactly("Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis",
                "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh");
        // the surrogate pair travels as raw UTF-8 (F0 9F 98 80), not as an escape
        assertThat(canon(in)).contains("\"\uD83D\uDE00\":");
    }

    /** RFC 8785 appendix B: IEEE-754 bit patterns and their ECMAScript text. */
    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "0000000000000000 0", "8000000000000000 0", "0000000000000001 5e-324", "8000000000000001 -5e-324",
            "7fefffffffffffff 1.7976931348623157e+308", "ffefffffffffffff -1.7976931348623157e+308",
            "4340000000000000 9007199254740992", "c340000000000000 -9007199254740992",
            "4430000000000000 295147905179352830000", "44b52d02c7e14af5 9.999999999999997e+22",
            "44b52d02c7e14af6 1e+23", "44b52d02c7e14af7 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e 999999999999999700000", "444b1ae4d6e2ef4f 999999999999999900000",
            "444b1ae4d6e2ef50 1e+21", "3eb0c6f7a0b5ed8c 9.999999999999997e-7", "3eb0c6f7a0b5ed8d 0.000001",
            "41b3de4355555553 333333333.3333332", "41b3de4355555554 333333333.33333325",
            "41b3de4355555555 333333333.3333333", "41b3de4355555556 333333333.3333334",
            "41b3de4355555557 333333333.33333343", "becbf647612f3696 -0.0000033333333333333333",
            "43143ff3c1cb0959 1424953923781206.2"})
    void rfcNumberTable(String hexBits, String expected) throws Exception {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(hexBits, 16));
        assertThat(JsonCanonicalizer.canonicalString(new DoubleNode(d))).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ' ', value = {
            "1e21 1e+21", "1e20 100000000000000000000", "1e-7 1e-7", "1e-6 0.000001", "-0 0", "-0.0 0",
            "5e-324 5e-324", "4.9e-324 5e-324", "0.1 0.1", "100 100", "1.5e300 1.5e+300", "123456789012345678 123456789012345680",
            "2e-3 0.002", "9007199254740993 9007199254740992", "0.30000000000000004 0.30000000000000004", "2.5e-7 2.5e-7"})
    void numberEdgeCases(String in, String expected) throws Exception {
        assertThat(canon("[" + in + "]")).isEqualTo("[" + expected + "]");
    }

    @Test
    void stringsAreEscapedAsEcmaScriptDoes() throws Exception {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("s", "\u0000\u0001\u001f\b\t\n\f\r\"\\/\u007f\u00e9\u2028");
        assertThat(JsonCanonicalizer.canonicalString(o)).isEqualTo("{\"s\":\"\\u0000\\u0001\\u001f\\b\\t\\n\\f\\r\\\"\\\\/\u007f\u00e9\u2028\"}");
    }

    @Test
    void duplicateKeysAreRejected() {
        assertThatThrownBy(() -> JsonCanonicalizer.parse("{\"a\":1,\"b\":2,\"a\":3}")).isInstanceOf(CanonicalizationException.class)
                .hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> JsonCanonicalizer.parse("{\"o\":{\"x\":1,\"x\":1}}")).isInstanceOf(CanonicalizationException.class);
    }

    @Test
    void loneSurrogatesNanAndOverflowAreRejected() {
        assertThatThrownBy(() -> canon("[\"\\ud800\"]")).isInstanceOf(CanonicalizationException.class).hasMessageContaining("surrogate");
        assertThatThrownBy(() -> canon("[\"\\udc00x\"]")).isInstanceOf(CanonicalizationException.class);
        assertThatThrownBy(() -> canon("[1e400]")).isInstanceOf(CanonicalizationException.class);
        assertThatThrownBy(() -> canon("[NaN]")).isInstanceOf(CanonicalizationException.class);
        assertThatThrownBy(() -> JsonCanonicalizer.canonicalize(new DoubleNode(Double.NaN))).isInstanceOf(CanonicalizationException.class);
        assertThatThrownBy(() -> canon("{} {}")).isInstanceOf(CanonicalizationException.class);
        assertThatThrownBy(() -> canon("")).isInstanceOf(CanonicalizationException.class);
    }

    @Test
    void hostileNestingIsAnErrorNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        assertThatThrownBy(() -> canon(deep)).isInstanceOf(CanonicalizationException.class);
    }

    @Test
    void reorderingAndWhitespaceDoNotChangeTheCanonicalForm() throws Exception {
        String a = "{\"b\":[1,2,{\"z\":true,\"a\":null}],\"a\":\"x\",\"c\":4.50}";
        String b = "{ \"c\" : 4.5e0 ,\n \"a\":\"\\u0078\", \"b\":[ 1 , 2.0, {\"a\":null, \"z\":true} ] }";
        assertThat(canon(a)).isEqualTo(canon(b)).isEqualTo("{\"a\":\"x\",\"b\":[1,2,{\"a\":null,\"z\":true}],\"c\":4.5}");
    }
}

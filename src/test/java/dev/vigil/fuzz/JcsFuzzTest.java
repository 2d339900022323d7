package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.intel.sign.CanonicalizationException;
import dev.vigil.intel.sign.JsonCanonicalizer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of RFC 8785 canonicalisation: signed bundles arrive from partners, so the strict parser
 * and the canonical writer see hostile JSON. Must hold: only CanonicalizationException escapes; the canonical form
 * parses back and is a fixed point (canonicalising it again gives the same bytes), which is what lets a verifier
 * rebuild exactly what the signer signed.
 */
class JcsFuzzTest {
    static Stream<Arguments> seeds() {
        return Stream.of(
                "{\"numbers\":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],\"string\":\"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\"literals\":[null,true,false]}",
                "{\"\\u20ac\":\"Euro\",\"\\r\":\"CR\",\"\\ufb33\":\"x\",\"1\":\"One\",\"\\ud83d\\ude00\":\"e\",\"\\u0080\":\"c\",\"\\u00f6\":\"o\"}",
                "[5e-324,-0,1e21,1e-7,9007199254740993,123456789012345678901234567890,-1.7976931348623157e308]",
                "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[{\"type\":\"indicator\",\"pattern\":\"[ipv4-addr:value = '10.0.0.0']\"}]}")
                .map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.UTF_8)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void canonicalize(byte[] input) {
        JsonNode tree;
        try {
            tree = JsonCanonicalizer.parse(input);
        } catch (CanonicalizationException e) {
            return;
        }
        byte[] canonical;
        try {
            canonical = JsonCanonicalizer.canonicalize(tree);
        } catch (CanonicalizationException e) {
            return; // lone surrogate, number beyond double range: refused, not mangled
        }
        try {
            byte[] again = JsonCanonicalizer.canonicalize(JsonCanonicalizer.parse(canonical));
            if (!Arrays.equals(canonical, again)) {
                throw new IllegalStateException("canonical form is not a fixed point:\n" + new String(canonical, StandardCharsets.UTF_8)
                        + "\n" + new String(again, StandardCharsets.UTF_8));
            }
        } catch (CanonicalizationException e) {
            throw new IllegalStateException("canonical output does not read back: " + e.getMessage(), e);
        }
    }
}

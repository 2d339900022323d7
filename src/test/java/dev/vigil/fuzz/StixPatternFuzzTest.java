package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.intel.stix.pattern.PatternMatchException;
import dev.vigil.intel.stix.pattern.PatternMatcher;
import dev.vigil.intel.stix.pattern.StixPattern;
import dev.vigil.intel.stix.pattern.StixPatternException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the STIX pattern parser and matcher: indicator patterns arrive from partners' TAXII
 * feeds and MISP. An input is [1 byte: bit 0 parses as STIX 2.0][pattern text, UTF-8]. Must hold: the parser
 * returns a pattern or a StixPatternException; a parsed pattern's canonical text parses back to an equal pattern
 * and prints the same; matching it against a fixed bundle gives true, false or a PatternMatchException.
 */
class StixPatternFuzzTest {
    private static final List<JsonNode> OBSERVATIONS = observations();

    private static List<JsonNode> observations() {
        try {
            JsonNode bundle = new ObjectMapper().readTree("""
                    {"type":"bundle","id":"bundle--1","objects":[
                     {"type":"observed-data","id":"observed-data--1","first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T00:00:05Z",
                      "number_observed":3,"object_refs":["ipv4-addr--1","network-traffic--1","file--1"]},
                     {"type":"observed-data","id":"observed-data--2","first_observed":"2024-01-01T00:00:10Z","last_observed":"2024-01-01T00:00:10Z",
                      "number_observed":1,"object_refs":["domain-name--1"]},
                     {"type":"ipv4-addr","id":"ipv4-addr--1","value":"198.51.100.7"},
                     {"type":"network-traffic","id":"network-traffic--1","dst_ref":"ipv4-addr--1","dst_port":443,"protocols":["tcp","tls"],
                      "start":"2024-01-01T00:00:01.5Z","payload_bin":"AQID","x_hex":"0aff","ratio":0.5,"ok":true,"n":null},
                     {"type":"file","id":"file--1","name":"a.exe","hashes":{"MD5":"cead3f77f6cda6ec00f57d76c9a6879f"},"size":1280},
                     {"type":"domain-name","id":"domain-name--1","value":"x.example","resolves_to_refs":["ipv4-addr--1","nope"]}]}""");
            List<JsonNode> out = new ArrayList<>();
            out.add(bundle);
            return out;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(0, "[ipv4-addr:value = '198.51.100.7' OR ipv4-addr:value ISSUBSET '198.51.100.0/24']"),
                FuzzSeeds.prefixed(0, "([network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port IN (443, 8443)] FOLLOWEDBY "
                        + "[domain-name:resolves_to_refs[*].value ISSUPERSET '198.51.100.7']) WITHIN 300 SECONDS"),
                FuzzSeeds.prefixed(0, "[file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f' AND file:name MATCHES '^a\\\\.(exe|dll)$'] REPEATS 2 TIMES"),
                FuzzSeeds.prefixed(0, "[network-traffic:payload_bin = b'AQID' AND network-traffic:x_hex > h'00' AND NOT EXISTS network-traffic:zz] "
                        + "START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00.123Z'"),
                FuzzSeeds.prefixed(1, "[file:name LIKE 'a_%' OR file:size NOT <= 10.5] START '2024-01-01T00:00:00Z' STOP '2024-01-02T00:00:00Z'"),
                FuzzSeeds.prefixed(0, "[x:'q\\'k' != 'it\\\\s' AND x:a[0][*].b = true] OR ([y:c = t'2024-02-30T12:00:00Z']) WITHIN 1.5 SECONDS WITHIN 2 SECONDS"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        if (input.length == 0) return;
        StixPattern.Version v = (input[0] & 1) != 0 ? StixPattern.Version.V2_0 : StixPattern.Version.V2_1;
        String text = new String(input, 1, input.length - 1, StandardCharsets.UTF_8);
        StixPattern p;
        try {
            p = StixPattern.parse(text, v);
        } catch (StixPatternException e) {
            if (e.position() < 0 || e.position() > text.length()) throw new IllegalStateException("error position out of range: " + e.position());
            return;
        }
        String canonical = p.toString();
        StixPattern again;
        try {
            again = StixPattern.parse(canonical);
        } catch (StixPatternException e) {
            throw new IllegalStateException("canonical form does not parse: " + canonical + " (" + e.getMessage() + ")", e);
        }
        if (!again.equals(p)) throw new IllegalStateException("round trip changed the pattern: " + text + " -> " + canonical + " -> " + again);
        if (!again.toString().equals(canonical)) throw new IllegalStateException("canonical form not stable: " + canonical);
        try {
            new PatternMatcher(p, 200_000, 50_000).matches(OBSERVATIONS);
        } catch (PatternMatchException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw new IllegalStateException("match error without a reason");
        }
    }
}

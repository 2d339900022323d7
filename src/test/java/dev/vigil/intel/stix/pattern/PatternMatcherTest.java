package dev.vigil.intel.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatternMatcherTest {
    private static final ObjectMapper M = new ObjectMapper();

    /** One 2.1 bundle: an observed-data at {@code second} past midnight, seen {@code count} times, holding {@code scos}. */
    private static JsonNode bundle(int second, int count, String... scos) throws Exception {
        ObjectNode b = M.createObjectNode().put("type", "bundle").put("id", "bundle--" + second);
        ArrayNode objs = b.putArray("objects");
        ObjectNode od = objs.addObject().put("type", "observed-data").put("id", "observed-data--" + second)
                .put("first_observed", String.format("2024-01-01T00:%02d:%02dZ", second / 60, second % 60))
                .put("last_observed", String.format("2024-01-01T00:%02d:%02dZ", second / 60, second % 60)).put("number_observed", count);
        ArrayNode refs = od.putArray("object_refs");
        for (String s : scos) {
            JsonNode o = M.readTree(s);
            objs.add(o);
            refs.add(o.get("id").asText());
        }
        return b;
    }

    private static boolean match(String pattern, JsonNode... obs) throws Exception {
        return new PatternMatcher(StixPattern.parse(pattern)).matches(List.of(obs));
    }

    @Test
    void anAddressEqualsItsSlash32() throws Exception {
        JsonNode b = bundle(0, 1, "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--1\",\"value\":\"198.51.100.7\"}",
                "{\"type\":\"network-traffic\",\"id\":\"network-traffic--1\",\"dst_ref\":\"ipv4-addr--1\"}");
        assertThat(match("[ipv4-addr:value = '198.51.100.7/32']", b)).isTrue();
        assertThat(match("[network-traffic:dst_ref.value = '198.51.100.7/32']", b)).isTrue();
        assertThat(match("[ipv4-addr:value = '198.51.100.8/32']", b)).isFalse();
        assertThat(match("[ipv4-addr:value ISSUBSET '198.51.100.0/25']", b)).isTrue();
        assertThat(match("[ipv4-addr:value ISSUBSET '198.51.100.128/25']", b)).isFalse();
        JsonNode v6 = bundle(0, 1, "{\"type\":\"ipv6-addr\",\"id\":\"ipv6-addr--1\",\"value\":\"2001:db8:dead:beef::1\"}");
        assertThat(match("[ipv6-addr:value ISSUBSET '2001:0db8:dead:beef:0000:0000:0000:0000/64']", v6)).isTrue();
        assertThat(match("[ipv6-addr:value ISSUBSET '2001:db8:dead:bee0::/64']", v6)).isFalse();
        assertThatThrownBy(() -> match("[ipv4-addr:value ISSUBSET 'not-a-net']", b)).isInstanceOf(PatternMatchException.class);
    }

    @Test
    void missingPropertiesSatisfyNothingNotEvenNegations() throws Exception {
        JsonNode b = bundle(0, 1, "{\"type\":\"file\",\"id\":\"file--1\",\"name\":\"a\"}");
        assertThat(match("[file:size != 1]", b)).isFalse();
        assertThat(match("[file:size NOT = 1]", b)).isFalse();
        assertThat(match("[file:name != 'b']", b)).isTrue();
        assertThat(match("[NOT EXISTS file:size]", b)).isTrue();
        assertThat(match("[EXISTS file:size]", b)).isFalse();
    }

    @Test
    void comparisonsJoinedByAndMustHoldForTheSameObject() throws Exception {
        JsonNode b = bundle(0, 1, "{\"type\":\"person\",\"id\":\"person--1\",\"name\":\"alice\",\"age\":10}",
                "{\"type\":\"person\",\"id\":\"person--2\",\"name\":\"bob\",\"age\":15}");
        assertThat(match("[person:name = 'alice' AND person:age = 10]", b)).isTrue();
        assertThat(match("[person:name = 'alice' AND person:age = 15]", b)).isFalse();
        assertThat(match("[person:name = 'alice' OR person:age = 99]", b)).isTrue();
    }

    @Test
    void repeatsNeedsDistinctObservationsAndNumberObservedCountsThem() throws Exception {
        String p = "{\"type\":\"process\",\"id\":\"process--1\",\"name\":\"x\"}";
        assertThat(match("[process:name = 'x'] REPEATS 2 TIMES", bundle(0, 1, p))).isFalse();
        assertThat(match("[process:name = 'x'] REPEATS 2 TIMES", bundle(0, 2, p))).isTrue();
        assertThat(match("[process:name = 'x'] REPEATS 2 TIMES", bundle(0, 1, p), bundle(1, 1, p))).isTrue();
        assertThat(match("([process:name = 'x'] REPEATS 2 TIMES) REPEATS 2 TIMES", bundle(0, 3, p))).isFalse();
        assertThat(match("([process:name = 'x'] REPEATS 2 TIMES) REPEATS 2 TIMES", bundle(0, 4, p))).isTrue();
        // a huge number_observed is not expanded beyond what a binding can use
        assertThat(match("[process:name = 'x'] REPEATS 3 TIMES", bundle(0, 2_000_000_000, p))).isTrue();
    }

    @Test
    void followedByRespectsTimeAndWithinAndStartStopBoundIt() throws Exception {
        JsonNode a = bundle(0, 1, "{\"type\":\"file\",\"id\":\"file--a\",\"name\":\"a\"}");
        JsonNode b = bundle(10, 1, "{\"type\":\"file\",\"id\":\"file--b\",\"name\":\"b\"}");
        assertThat(match("[file:name = 'a'] FOLLOWEDBY [file:name = 'b']", a, b)).isTrue();
        assertThat(match("[file:name = 'b'] FOLLOWEDBY [file:name = 'a']", a, b)).isFalse();
        assertThat(match("([file:name = 'a'] FOLLOWEDBY [file:name = 'b']) WITHIN 10 SECONDS", a, b)).isTrue();
        assertThat(match("([file:name = 'a'] FOLLOWEDBY [file:name = 'b']) WITHIN 9.999 SECONDS", a, b)).isFalse();
        assertThat(match("[file:name = 'b'] START t'2024-01-01T00:00:10Z' STOP t'2024-01-01T00:00:11Z'", a, b)).isTrue();
        assertThat(match("[file:name = 'b'] START t'2024-01-01T00:00:09Z' STOP t'2024-01-01T00:00:10Z'", a, b)).isFalse();
        assertThat(match("[file:name = 'b'] START t'2024-01-01T00:00:11Z' STOP t'2024-01-01T00:00:09Z'", a, b)).isFalse();
    }

    @Test
    void catastrophicBacktrackingIsCutOff() throws Exception {
        JsonNode b = bundle(0, 1, "{\"type\":\"x\",\"id\":\"x--1\",\"s\":\"" + "a".repeat(40) + "!\"}");
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> match("[x:s MATCHES '(.*a){20}$']", b)).isInstanceOf(PatternMatchException.class).hasMessageContaining("regular expression");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
        // java.util.regex needs about 30 s for that one unguarded; ordinary expressions are unaffected
        assertThat(match("[x:s MATCHES 'a{40}!']", b)).isTrue();
        assertThat(match("[x:s MATCHES '(.*?a){20}']", b)).isTrue();
        assertThat(match("[x:s LIKE 'a%!']", b)).isTrue();
        assertThat(match("[x:s LIKE 'a_!']", b)).isFalse();
    }

    @Test
    void combinatorialPatternsStayTractable() throws Exception {
        List<JsonNode> obs = new ArrayList<>();
        for (int i = 0; i < 20; i++) obs.add(bundle(i, 1, "{\"type\":\"person\",\"id\":\"person--" + i + "\",\"age\":" + i + "}"));
        long t0 = System.nanoTime();
        assertThat(new PatternMatcher(StixPattern.parse("([person:age < 20] FOLLOWEDBY [person:age > 5]) REPEATS 10 TIMES")).matches(obs)).isTrue();
        assertThat(new PatternMatcher(StixPattern.parse("[person:age < 20] REPEATS 10 TIMES WITHIN 8 SECONDS")).matches(obs)).isFalse();
        assertThat(new PatternMatcher(StixPattern.parse("[person:age < 20] REPEATS 21 TIMES")).matches(obs)).isFalse();
        // more distinct observations demanded than exist: refused without searching
        String and25 = String.join(" AND ", java.util.Collections.nCopies(25, "[person:age < 20]"));
        assertThat(new PatternMatcher(StixPattern.parse(and25)).matches(obs)).isFalse();
        // 20 from 20, but 7 of them from only 6 candidates: a hard search, proven impossible or cut off by the budget
        String hard = String.join(" AND ", java.util.Collections.nCopies(13, "[person:age < 20]")) + " AND "
                + String.join(" AND ", java.util.Collections.nCopies(7, "[person:age > 13]"));
        try {
            assertThat(new PatternMatcher(StixPattern.parse(hard)).matches(obs)).isFalse();
        } catch (PatternMatchException e) {
            assertThat(e.getMessage()).contains("exceeded");
        }
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(20_000);
    }

    @Test
    void readsStix20EmbeddedObjectsAndLoose21Objects() throws Exception {
        JsonNode v20 = M.readTree("""
                {"type":"observed-data","first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T00:00:00Z","number_observed":1,
                 "objects":{"0":{"type":"domain-name","value":"x.example","resolves_to_refs":["1"]},"1":{"type":"ipv4-addr","value":"192.0.2.1"}}}""");
        assertThat(match("[domain-name:resolves_to_refs[*].value = '192.0.2.1']", v20)).isTrue();
        JsonNode od = M.readTree("""
                {"type":"observed-data","id":"observed-data--1","first_observed":"2024-01-01T00:00:00Z","last_observed":"2024-01-01T00:00:00Z",
                 "number_observed":1,"object_refs":["url--1"]}""");
        JsonNode url = M.readTree("{\"type\":\"url\",\"id\":\"url--1\",\"value\":\"http://x.example/a\"}");
        assertThat(match("[url:value LIKE 'http://x.example/%']", od, url)).isTrue();
        JsonNode broken = M.readTree("{\"type\":\"observed-data\",\"number_observed\":1,\"objects\":{}}");
        assertThatThrownBy(() -> match("[url:value = 'a']", broken)).isInstanceOf(PatternMatchException.class);
    }
}

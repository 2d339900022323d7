package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Rules' payload matches run over buffers as Suricata runs them. */
class BufferInspectorTest {
    private final RuleParser parser = new RuleParser(RuleVars.defaults(), null);
    private final BufferInspector inspector = new BufferInspector();

    private boolean matches(String options, String payload) throws RuleException {
        Rule r = parser.parse("alert tcp any any -> any any (" + options + " sid:1;)", "t", 1);
        byte[] b = payload.getBytes(StandardCharsets.ISO_8859_1);
        return inspector.inspect(MatchCompiler.compile(r.matches()), b, b.length);
    }

    @Test
    void offsetDepthAndCase() throws RuleException {
        assertThat(matches("content:\"abc\";", "xxabcxx")).isTrue();
        assertThat(matches("content:\"ABC\";", "xxabcxx")).isFalse();
        assertThat(matches("content:\"ABC\"; nocase;", "xxabcxx")).isTrue();
        assertThat(matches("content:\"abc\"; offset:3;", "xxabcxx")).isFalse();
        assertThat(matches("content:\"abc\"; offset:2; depth:3;", "xxabcxx")).isTrue();
        assertThat(matches("content:\"abc\"; depth:4;", "xxabcxx")).as("depth 4 ends before the c").isFalse();
        assertThat(matches("content:\"xxa\"; startswith;", "xxabcxx")).isTrue();
        assertThat(matches("content:\"xa\"; startswith;", "xxabcxx")).isFalse();
        assertThat(matches("content:\"cxx\"; endswith;", "xxabcxx")).isTrue();
        assertThat(matches("content:\"bcx\"; endswith;", "xxabcxx")).isFalse();
        assertThat(matches("content:\"|00 ff|\";", "a\u0000\u00ffb")).isTrue();
    }

    @Test
    void base64DataIsMatchedOnWhatBase64DecodeDecoded() throws RuleException {
        // "c2VjcmV0IHN0dWZm" is "secret stuff"
        String payload = "GET /x HTTP/1.1\r\nAuthorization: Basic c2VjcmV0IHN0dWZm\r\n";
        String decode = "content:\"Basic \"; base64_decode:relative; base64_data; ";
        assertThat(matches(decode + "content:\"secret\"; content:\"stuff\"; distance:1;", payload)).isTrue();
        assertThat(matches(decode + "content:\"stuff\"; depth:5;", payload)).as("positions count in the decoded bytes").isFalse();
        assertThat(matches(decode + "content:\"secret\"; depth:6;", payload)).isTrue();
        assertThat(matches(decode + "content:\"admin\";", payload)).isFalse();
        assertThat(matches(decode + "content:\"secret\"; pcre:\"/^ st[a-z]+$/R\";", payload)).as("a pcre on the decoded bytes").isTrue();
        assertThat(matches(decode + "content:\"secret\"; pcre:\"/^ stu$/R\";", payload)).isFalse();
        // at most 8 characters: "c2VjcmV0" is "secret"
        assertThat(matches("content:\"Basic \"; base64_decode:bytes 8, relative; base64_data; content:\"secret\"; endswith;", payload)).isTrue();
        assertThat(matches("content:\"Basic \"; base64_decode:bytes 8, relative; base64_data; content:\"stuff\";", payload)).isFalse();
        // from an offset of the buffer's start rather than the cursor
        assertThat(matches("base64_decode:offset 5; base64_data; content:\"secret\";", "Basicc2VjcmV0")).isTrue();
        // decoding stops at the first byte outside the alphabet: "c2Vj" is "sec"
        assertThat(matches(decode + "content:\"sec\";", "Basic c2Vj!cmV0")).isTrue();
        assertThat(matches(decode + "content:\"secret\";", "Basic c2Vj!cmV0")).isFalse();
        // nothing to decode: the rule fails, as in Suricata, even with no base64_data content
        assertThat(matches("content:\"Basic \"; base64_decode:relative;", "Basic !!!")).isFalse();
        assertThat(matches("content:\"Basic \"; base64_decode:relative;", "Basic QQ")).isTrue();
    }

    @Test
    void relativeMatchesRetryEarlierOccurrences() throws RuleException {
        assertThat(matches("content:\"GET\"; content:\"/x\"; distance:1; within:2;", "GET /x")).isTrue();
        assertThat(matches("content:\"GET\"; content:\"/x\"; distance:2; within:2;", "GET /x")).isFalse();
        // the first "a=" is followed by nothing useful; the second one by "1": found by trying "a=" again
        assertThat(matches("content:\"a=\"; content:\"1\"; within:1;", "a=0&a=1")).isTrue();
        assertThat(matches("content:\"a=\"; content:\"2\"; within:1;", "a=0&a=1")).isFalse();
        // a negated relative content that is found sends the search back to the content before it, as in
        // Suricata: the third "a" has no "b" after it
        assertThat(matches("content:\"a\"; content:!\"b\"; within:1;", "ab ab ac")).isTrue();
        assertThat(matches("content:\"a\"; content:!\"b\"; within:1;", "ab ab ab")).isFalse();
        assertThat(matches("content:\"x\"; content:!\"zz\";", "x y")).isTrue();
        assertThat(matches("content:\"GET\"; isdataat:3,relative;", "GET abc")).isTrue();
        assertThat(matches("content:\"GET\"; isdataat:5,relative;", "GET abc")).isFalse();
        assertThat(matches("content:\"GET\"; isdataat:!5,relative;", "GET abc")).isTrue();
        assertThat(matches("content:\"G\"; isdataat:6;", "GET abc")).isTrue();
        assertThat(matches("content:\"G\"; isdataat:7;", "GET abc")).isFalse();
        assertThat(matches("http.uri; content:\"/\"; bsize:<5;", "/abc")).isTrue();
        assertThat(matches("http.uri; content:\"/\"; bsize:<4;", "/abc")).isFalse();
    }

    @Test
    void pcreRelativeAndNegated() throws RuleException {
        assertThat(matches("content:\"id=\"; pcre:\"/^\\d{3}\\b/R\";", "id=123 x")).isTrue();
        assertThat(matches("content:\"id=\"; pcre:\"/^\\d{3}\\b/R\";", "id=12x x")).isFalse();
        assertThat(matches("content:\"id=\"; pcre:\"/^[a-z]/R\"; content:\"z\"; distance:0;", "id=1 id=a z")).isTrue();
        assertThat(matches("content:\"a\"; pcre:!\"/evil/i\";", "a good")).isTrue();
        assertThat(matches("content:\"a\"; pcre:!\"/evil/i\";", "a EVIL")).isFalse();
        // a relative content after a pcre that fails at the pcre's first match is tried after its next one
        assertThat(matches("pcre:\"/k=\\d/\"; content:\"!\"; within:1;", "k=1? k=2!")).isTrue();
        assertThat(matches("pcre:\"/k=\\d/\"; content:\"!\"; within:1;", "k=1? k=2?")).isFalse();
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void aCatastrophicRegexStopsAtItsBudgetAndTheNextPacketStillMatches() throws RuleException {
        // Java's engine memoises the classic (a+)+$, but not this polynomial one: 100 a's would take it
        // minutes (60 take about 4 s on the build machine); the budget stops it after 200,000 reads
        String evil = "a".repeat(100);
        assertThat(matches("content:\"a\"; pcre:\"/a*a*a*a*a*a*c/\";", evil)).isFalse();
        assertThat(inspector.regexBudgetHits).isEqualTo(1);
        assertThat(matches("content:\"a\"; pcre:\"/a*a*a*a*a*a*c/\";", "aaac")).isTrue();
        assertThat(inspector.regexBudgetHits).isEqualTo(1);
    }
}

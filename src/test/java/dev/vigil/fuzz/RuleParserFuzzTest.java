package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.detect.rules.Dialect;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the rule parser: a rule file is input a sensor takes from partners and
 * feeds. An input is [1 byte: bit 0 Snort 3 dialect][rule text, Latin-1]. Must hold: the parser
 * returns a rule or refuses it with a reason; any other exception is a finding.
 */
class RuleParserFuzzTest {
    private static final RuleParser PARSER = new RuleParser(RuleVars.defaults(), null);

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(0, "alert http $HOME_NET any -> $EXTERNAL_NET [80,8000:8100,!8080] (msg:\"ET x\"; flow:established,to_server; "
                        + "http.uri; content:\"/a|3b|\"; nocase; fast_pattern; pcre:\"/(?P<v>x+)\\d{2,}(?P=v)/Ui\"; sid:1; rev:2;)"),
                FuzzSeeds.prefixed(0, "alert dns any any -> any any (dns.query; dotprefix; content:\".x\"; endswith; byte_extract:1,0,n; "
                        + "content:\"y\"; distance:n; threshold:type limit, track by_src, count 1, seconds 60; sid:2;)"),
                FuzzSeeds.prefixed(1, "alert tcp any any -> any $HTTP_PORTS ( http_uri; content:\"/cgi\",depth 5,nocase; service:http; sid:3; )"),
                FuzzSeeds.prefixed(0, "alert ip [2001:db8::/32,!$HOME_NET] any <> any any (content:!\"z\"; dsize:10<>20; sid:4;)"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        if (input.length == 0) return;
        Dialect d = (input[0] & 1) != 0 ? Dialect.SNORT3 : Dialect.SURICATA;
        String text = new String(input, 1, input.length - 1, StandardCharsets.ISO_8859_1);
        try {
            Rule r = PARSER.parse(text, "fuzz.rules", 1, d);
            if (r.sid() <= 0) throw new IllegalStateException("rule loaded without a sid");
        } catch (RuleException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) throw new IllegalStateException("refusal without a reason");
        }
    }
}

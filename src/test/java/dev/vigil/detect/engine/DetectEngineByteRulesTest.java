package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rules with byte keywords the engine inspects, and why it leaves the others. */
class DetectEngineByteRulesTest {
    private final RuleParser parser = new RuleParser(RuleVars.defaults(), null);

    private DetectEngine engine(String... bodies) throws RuleException {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) rules.add(parser.parse("alert tcp any any -> any any (" + bodies[i] + " sid:" + (i + 1) + ";)", "t", i + 1));
        return new DetectEngine(rules);
    }

    @Test
    void byteKeywordsAndTheirVariablesAreInspected() throws RuleException {
        DetectEngine e = engine(
                "content:\"a\"; byte_test:1,>,5,0,relative;",
                "content:\"a\"; byte_jump:2,0,relative,align; content:\"b\"; within:1;",
                "content:\"a\"; byte_extract:1,0,n,relative; content:\"b\"; distance:n; isdataat:n,relative;",
                "content:\"a\"; byte_math:bytes 1,offset 0,oper +,rvalue 1,result r; content:\"b\"; offset:r;");
        assertThat(e.notInspected()).isEmpty();
        assertThat(e.inspectedRules()).isEqualTo(4);
    }

    @Test
    void aPayloadRuleWithAnAppLayerProtocolInItsHeaderIsInspected() throws RuleException {
        // detect-bytetest-03: alert dns ... (byte_test:...) inspects the payload of DNS flows
        DetectEngine e = new DetectEngine(List.of(
                parser.parse("alert dns any any -> any any (byte_test:1,=,0x07,0,bitmask 0xF8; sid:1;)", "t", 1),
                parser.parse("alert dns any any -> any any (sid:2;)", "t", 2)));
        // a rule without any match on an app-layer protocol is a packet rule on that protocol's flows too
        // (suricata-verify detect-engine-proto: "alert http ... (flow:to_server;)" alerts)
        assertThat(e.inspectedRules()).isEqualTo(2);
        assertThat(e.notInspected()).isEmpty();
    }

    @Test
    void dceByteOrderAndBase64DataWithoutADecodeAreNotInspectedAndSaySo() throws RuleException {
        DetectEngine e = engine(
                "content:\"a\"; byte_test:4,>,5,0,relative,dce;",
                "content:\"a\"; byte_jump:4,0,relative,dce;",
                "content:\"a\"; base64_decode; base64_data; content:\"b\";",
                "content:\"a\"; base64_data; content:\"b\";",
                "content:\"a\"; byte_test:1,=,1,0;");
        assertThat(e.notInspected()).containsEntry("byte_test dce", 1).containsEntry("byte_jump dce", 1)
                .containsEntry("buffer base64_data", 1).doesNotContainKey("base64_decode");
        assertThat(e.inspectedRules()).isEqualTo(2);
    }
}

package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.detect.engine.BufferInspector;
import dev.vigil.detect.engine.MatchCompiler;
import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of signature inspection over hostile payloads: a set of rules with relative
 * windows, negations, retries, isdataat, bsize, backtracking expressions and the byte keywords (numbers,
 * jumps and variables read from the input itself) runs over the input. An input
 * is [1 byte: which rule][the payload]. Must hold: inspection returns without an exception, within the
 * fuzzer's time limit for one input (the recursion limit and the regex budget bound its work).
 */
class BufferInspectorFuzzTest {
    private static final List<List<Object>> RULES = new ArrayList<>();

    static {
        String[] bodies = {
            "content:\"GET \"; depth:4; content:\"/\"; distance:0; within:1; pcre:\"/^[a-z]{2,8}\\.php/R\"; content:!\"..\"; distance:0;",
            "content:\"a=\"; content:\"&\"; within:10; content:\"b=\"; distance:0; isdataat:4,relative;",
            "content:\"|00 00|\"; offset:2; depth:8; content:\"|ff|\"; distance:1; within:3; isdataat:!20,relative;",
            "content:\"x\"; pcre:\"/(a|aa)+b/R\"; content:\"y\"; distance:0;",
            "content:\"k=\"; pcre:\"/^\\d+/R\"; content:\"!\"; within:1; bsize:<200;",
            "content:\"ab\"; startswith; content:\"yz\"; endswith; content:!\"mm\";",
            "content:\"q\"; nocase; content:\"Q\"; distance:1; within:1; content:\"q\"; nocase; distance:1; within:1; content:\"z\"; distance:0;",
            // byte keywords: hostile lengths, offsets, multipliers and text numbers read from the input
            "content:\"L\"; byte_jump:4,0,relative,multiplier 65535,post_offset -70000; byte_test:2,>,7,-3,relative,little; content:\"E\"; distance:0;",
            "byte_extract:2,0,len; byte_extract:1,2,off,string,hex; content:\"D\"; offset:off; depth:len; isdataat:len,relative; byte_test:1,!&,0xf0,len;",
            "content:\"N=\"; byte_jump:0,0,relative,string,from_end,post_offset -3,bitmask 0xfe; content:\"!\"; within:2;",
            "content:\"S\"; byte_extract:20,0,n,relative,string,dec,align 4; content:\"x\"; distance:n; within:n; byte_jump:8,-8,relative,from_beginning,align;",
            "byte_math:bytes 4,offset 0,oper <<,rvalue 70,result r; byte_math:bytes 2,offset 1,oper /,rvalue r,result q; byte_test:8,<=,q,0,string,oct; isdataat:!q;",
            // base64 decoded from hostile text, its contents matched on the output
            "content:\"B\"; base64_decode:bytes 40, offset 1, relative; base64_data; content:\"x\"; content:\"yz\"; distance:0; isdataat:!2,relative;",
        };
        RuleParser p = new RuleParser(RuleVars.defaults(), null);
        try {
            for (int i = 0; i < bodies.length; i++) {
                Rule r = p.parse("alert tcp any any -> any any (" + bodies[i] + " sid:" + (i + 1) + ";)", "fuzz", i + 1);
                RULES.add(MatchCompiler.compile(r.matches()));
            }
        } catch (RuleException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(0, "GET /index.php HTTP/1.0"),
                FuzzSeeds.prefixed(1, "a=1&b=2222 a=3&&&&b=4444"),
                FuzzSeeds.prefixed(2, "\u0001\u0002\u0000\u0000\u0001\u00ff\u0000"),
                FuzzSeeds.prefixed(3, "x aaaaaaaaaaaaaaaaaaaaaaaaaac y"),
                FuzzSeeds.prefixed(4, "k=1? k=22!"),
                FuzzSeeds.prefixed(6, "qQqz QQQz"),
                FuzzSeeds.prefixed(7, "L\u0000\u0000\u0000\u0002ab\u0007\u0000E"),
                FuzzSeeds.prefixed(8, "\u0000\u000810xxDyyyyyy"),
                FuzzSeeds.prefixed(9, "N=13 the end!"),
                FuzzSeeds.prefixed(10, "S00000000000000000003abcx"),
                FuzzSeeds.prefixed(11, "\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008"),
                FuzzSeeds.prefixed(12, "xB eHl6eXo="))
                .map(b -> Arguments.of((Object) b));
    }

    private static final BufferInspector INSPECTOR = new BufferInspector();

    @MethodSource("seeds")
    @FuzzTest
    void inspect(byte[] input) {
        if (input.length == 0) return;
        List<Object> matches = RULES.get((input[0] & 0xFF) % RULES.size());
        byte[] payload = java.util.Arrays.copyOfRange(input, 1, input.length);
        INSPECTOR.inspect(matches, payload, payload.length);
    }
}

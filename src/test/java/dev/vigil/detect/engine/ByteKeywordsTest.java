package dev.vigil.detect.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.detect.rules.Rule;
import dev.vigil.detect.rules.RuleException;
import dev.vigil.detect.rules.RuleParser;
import dev.vigil.detect.rules.RuleVars;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** byte_test, byte_jump, byte_extract and byte_math on crafted buffers, with Suricata's semantics. */
class ByteKeywordsTest {
    private final RuleParser parser = new RuleParser(RuleVars.defaults(), null);
    private final BufferInspector inspector = new BufferInspector();

    private boolean matches(String options, String payload) throws RuleException {
        Rule r = parser.parse("alert tcp any any -> any any (" + options + " sid:1;)", "t", 1);
        byte[] b = payload.getBytes(StandardCharsets.ISO_8859_1);
        return inspector.inspect(MatchCompiler.compile(r.matches()), b, b.length);
    }

    private void refused(String options, String reason) {
        assertThatThrownBy(() -> MatchCompiler.compile(parser.parse("alert tcp any any -> any any (" + options + " sid:1;)", "t", 1).matches()))
                .isInstanceOf(RuleException.class).hasMessageContaining(reason);
    }

    @Test
    void byteTestReadsBigOrLittleEndianAndComparesUnsigned() throws RuleException {
        assertThat(matches("byte_test:2,=,258,0;", "\u0001\u0002")).isTrue();
        assertThat(matches("byte_test:2,=,513,0,little;", "\u0001\u0002")).isTrue();
        assertThat(matches("byte_test:2,=,258,0,little;", "\u0001\u0002")).isFalse();
        assertThat(matches("byte_test:2,=,258,0,little,big;", "\u0001\u0002")).as("the last endianness wins").isTrue();
        // eight 0xff bytes are 2^64-1, above 1 (a signed reading would make it -1)
        assertThat(matches("byte_test:8,>,1,0;", "\u00ff".repeat(8))).isTrue();
        assertThat(matches("byte_test:8,=,0xffffffffffffffff,0;", "\u00ff".repeat(8))).isTrue();
    }

    @Test
    void byteTestOperatorsAndNegation() throws RuleException {
        String b = "\u0010";
        assertThat(matches("byte_test:1,<,17,0;", b)).isTrue();
        assertThat(matches("byte_test:1,<,16,0;", b)).isFalse();
        assertThat(matches("byte_test:1,<=,16,0;", b)).isTrue();
        assertThat(matches("byte_test:1,>,15,0;", b)).isTrue();
        assertThat(matches("byte_test:1,>,16,0;", b)).isFalse();
        assertThat(matches("byte_test:1,>=,16,0;", b)).isTrue();
        assertThat(matches("byte_test:1,>=,17,0;", b)).isFalse();
        assertThat(matches("byte_test:1,&,0x30,0;", b)).isTrue();
        assertThat(matches("byte_test:1,&,0x0f,0;", b)).isFalse();
        assertThat(matches("byte_test:1,^,16,0;", b)).isFalse();
        assertThat(matches("byte_test:1,^,17,0;", b)).isTrue();
        assertThat(matches("byte_test:1,!=,16,0;", b)).isFalse();
        assertThat(matches("byte_test:1,!=,17,0;", b)).isTrue();
        assertThat(matches("byte_test:1,!,17,0;", b)).as("! alone is not-equal").isTrue();
        assertThat(matches("byte_test:1,!&,0x0f,0;", b)).isTrue();
        assertThat(matches("byte_test:1,!<,17,0;", b)).isFalse();
    }

    @Test
    void byteTestOffsetsAbsoluteAndRelativeAndOutOfBounds() throws RuleException {
        assertThat(matches("content:\"ab\"; byte_test:1,=,5,0,relative;", "ab\u0005c")).isTrue();
        assertThat(matches("content:\"ab\"; byte_test:1,=,99,1,relative;", "ab\u0005c")).isTrue();
        assertThat(matches("content:\"ab\"; byte_test:1,=,98,-1,relative;", "ab\u0005c")).isTrue();
        assertThat(matches("byte_test:1,=,5,2;", "ab\u0005c")).isTrue();
        assertThat(matches("byte_test:2,=,0,1;", "ab")).isFalse();
        assertThat(matches("byte_test:1,>,0,-1;", "ab")).isFalse();
        // nothing to read fails whatever the operator's negation says
        assertThat(matches("content:\"ab\"; byte_test:1,!=,0,0,relative;", "ab")).isFalse();
        assertThat(matches("byte_test:1,!=,0,0;", "")).isFalse();
        // a relative test that fails after the first "a" is tried after the next one
        assertThat(matches("content:\"a\"; byte_test:1,>,5,0,relative;", "a\u0001 a\u0009")).isTrue();
        assertThat(matches("content:\"a\"; byte_test:1,>,5,0,relative;", "a\u0001 a\u0002")).isFalse();
    }

    @Test
    void byteTestStrings() throws RuleException {
        assertThat(matches("content:\"len=\"; byte_test:3,=,123,0,relative,string,dec;", "len=123;")).isTrue();
        assertThat(matches("content:\"len=\"; byte_test:3,=,124,0,relative,string,dec;", "len=123;")).isFalse();
        assertThat(matches("content:\"len=\"; byte_test:2,=,31,0,relative,string,hex;", "len=1f;")).isTrue();
        assertThat(matches("content:\"len=\"; byte_test:2,=,15,0,relative,string,oct;", "len=17;")).isTrue();
        // without a base the prefix chooses it, as strtoull's base 0
        assertThat(matches("byte_test:4,=,31,0,string;", "0x1f")).isTrue();
        assertThat(matches("byte_test:3,=,15,0,string;", "017")).isTrue();
        assertThat(matches("byte_test:4,=,12,0,string,dec;", "12ab")).as("digits up to the first non-digit").isTrue();
        assertThat(matches("byte_test:2,=,7,0,string,dec;", " 7")).isTrue();
        assertThat(matches("byte_test:2,=,0,0,string,dec;", "ab")).as("no digits: no match").isFalse();
        assertThat(matches("byte_test:2,!=,0,0,string,dec;", "ab")).as("no digits: no match, even negated").isFalse();
        assertThat(matches("byte_test:21,>,0,0,string,dec;", "184467440737095516160")).as("beyond 64 bits").isFalse();
        // ET's http.content_len tests: 0 bytes of text are all the digits there are
        assertThat(matches("byte_test:0,=,0,0,string,dec;", "0")).isTrue();
        assertThat(matches("byte_test:0,>,1000,0,string,dec;", "1001")).isTrue();
        assertThat(matches("byte_test:0,>,1000,0,string,dec;", "999")).isFalse();
        assertThat(matches("byte_test:0,=,1,0,string,dec;", "0000000000000000000000000001")).as("leading zeros do not overflow").isTrue();
    }

    @Test
    void byteTestBitmaskShiftsByTheMasksTrailingZeros() throws RuleException {
        // detect-bytetest-01: 'H' (0x48) masked with 0xf8 is 0x48, shifted right 3: 9
        assertThat(matches("byte_test:1,=,0x9,0,bitmask 0xf8;", "HTTP")).isTrue();
        assertThat(matches("byte_test:1,=,0x48,0,bitmask 0xf8;", "HTTP")).isFalse();
        assertThat(matches("byte_test:2,=,0x90a,0,bitmask 0xf8f8;", "HTTP")).isTrue();
        assertThat(matches("byte_test:1,=,0,0,bitmask 0xf0;", "\u0007")).isTrue();
    }

    @Test
    void byteTestRefusesWhatSuricataRefuses() {
        refused("byte_test:9,=,0,0;", "cannot take 9 bytes");
        refused("byte_test:24,=,0,0,string;", "cannot take 24 bytes");
        refused("byte_test:1,=,1,0,hex;", "base but without string");
        refused("byte_test:2,=,1,0,dce;", "byte_test dce");
        refused("byte_test:2,=,1,0,from_end;", "does not take");
        refused("byte_test:2,=,nosuch,0;", "not extracted");
    }

    @Test
    void byteJumpMovesTheCursorPastTheBytesReadByTheirValue() throws RuleException {
        assertThat(matches("byte_jump:2,0; content:\"X\"; within:1;", "\u0000\u0002abXY")).isTrue();
        assertThat(matches("byte_jump:2,0; content:\"a\"; within:1;", "\u0000\u0002abXY")).isFalse();
        assertThat(matches("byte_jump:2,0,little; content:\"X\"; within:1;", "\u0002\u0000abX")).isTrue();
        assertThat(matches("content:\"L\"; byte_jump:1,0,relative; content:\"X\"; within:1;", "L\u0001zX")).isTrue();
        assertThat(matches("byte_jump:1,0,multiplier 2; content:\"X\"; within:1;", "\u0002abcdX")).isTrue();
        assertThat(matches("byte_jump:1,0,align; content:\"X\"; within:1;", "\u0001abcdX")).as("1 rounded up to 4").isTrue();
        assertThat(matches("byte_jump:1,0; content:\"b\"; within:1;", "\u0001abcdX")).isTrue();
        assertThat(matches("byte_jump:1,0,post_offset 1; content:\"b\"; within:1;", "\u0001aXb")).isTrue();
        assertThat(matches("byte_jump:1,0,post_offset -1; content:\"a\"; within:1;", "\u0001aXb")).isTrue();
        assertThat(matches("content:\"N=\"; byte_jump:1,0,relative,string,dec; content:\"X\"; within:1;", "N=3abcX")).isTrue();
    }

    @Test
    void byteJumpFromBeginningOrEndAndItsLimits() throws RuleException {
        assertThat(matches("byte_jump:1,0,from_beginning; content:\"X\"; within:1;", "\u0004abcX")).isTrue();
        // the same jump from after the byte read lands on the end: Suricata does not match there
        assertThat(matches("byte_jump:1,0; isdataat:!1,relative;", "\u0004abcX")).isFalse();
        assertThat(matches("byte_jump:1,0; isdataat:!1,relative;", "\u0003abcX")).isFalse();
        assertThat(matches("byte_jump:1,0; content:\"X\"; within:1;", "\u0003abcX")).isTrue();
        // a jump before the start lands on the start
        assertThat(matches("byte_jump:1,0,post_offset -100; content:\"|01|Z\"; within:2;", "\u0001Zab")).isTrue();
        // detect-bytejump-01 and -06: the value counted back from the end, and masked first
        String q = "Question?13When will the pandemic end?";
        assertThat(matches("content:\"Question?\"; byte_jump:2,0,relative,string,from_end,post_offset -26; content:\"pandemic\"; within:8;", q)).isTrue();
        assertThat(matches("content:\"Question?\"; byte_jump:2,0,relative,string,from_end,post_offset -26, bitmask 0xfe; content:\"ll the pandemic end\"; within:19;", q)).isTrue();
        assertThat(matches("content:\"Question?\"; byte_jump:0,0,relative,string,from_end,post_offset -3; content:\"pandemic\"; distance:0;", q)).isFalse();
        assertThat(matches("content:\"Question?\"; byte_jump:0,0,relative,string,from_end,post_offset -17; content:\"end?\"; within:4;", q))
                .as("0 bytes of text: as many digits as there are").isTrue();
    }

    @Test
    void byteJumpHostileValuesNeitherThrowNorMatchNonsense() throws RuleException {
        // 2^64-1 times 65535 wraps to -65535 as Suricata's unsigned arithmetic does: before the start, so the start
        assertThat(matches("byte_jump:8,0,multiplier 65535; content:\"|ff|\"; within:1;", "\u00ff".repeat(8) + "x")).isTrue();
        assertThat(matches("byte_jump:4,0,multiplier 65535; content:\"x\";", "\u007f\u00ff\u00ff\u00ffx")).isFalse();
        assertThat(matches("byte_jump:4,-65535,relative; content:\"x\";", "\u007f\u00ff\u00ff\u00ffx")).isFalse();
        assertThat(matches("byte_jump:23,0,string,dec,post_offset -2147483648; content:\"1\"; within:1;", "99999999999999999999999")).isFalse();
        // a relative jump that overshoots after the first "L" is tried after the next one
        assertThat(matches("content:\"L\"; byte_jump:1,0,relative; content:\"E\"; within:1;", "L\u0009ab L\u0000E")).isTrue();
        refused("byte_jump:9,0;", "cannot take 9 bytes");
        refused("byte_jump:2,0,from_beginning,from_end;", "from_beginning and from_end");
        refused("byte_jump:2,0,relative,dce,align;", "byte_jump dce");
        refused("byte_jump:2,0,multiplier 0;", "bad multiplier");
    }

    @Test
    void byteExtractVariablesPositionContents() throws RuleException {
        assertThat(matches("byte_extract:1,0,off; content:\"X\"; offset:off; depth:1;", "\u0005abcdX")).isTrue();
        assertThat(matches("byte_extract:1,0,off; content:\"X\"; offset:off; depth:1;", "\u0004abcdX")).isFalse();
        assertThat(matches("byte_extract:1,0,d; content:\"X\"; depth:d;", "\u0003abcX")).isFalse();
        assertThat(matches("byte_extract:1,0,d; content:\"X\"; depth:d;", "\u0005abcX")).isTrue();
        // the cursor is after the byte read: distance counts from there
        assertThat(matches("byte_extract:1,0,n; content:\"X\"; distance:n; within:1;", "\u0002abXcd")).isTrue();
        assertThat(matches("byte_extract:1,0,n; content:\"X\"; distance:n; within:1;", "\u0001abXcd")).isFalse();
        assertThat(matches("byte_extract:1,0,n; content:\"X\"; distance:0; within:n;", "\u0003abXcd")).isTrue();
        assertThat(matches("byte_extract:1,0,n; content:\"X\"; distance:0; within:n;", "\u0002abXcd")).isFalse();
        assertThat(matches("content:\"len=\"; byte_extract:1,0,n,relative,string; content:\"X\"; distance:n; within:1;", "len=3abcX")).isTrue();
        assertThat(matches("content:\"len=\"; byte_extract:1,0,n,relative,string; content:\"X\"; distance:n; within:1;", "len=2abcX")).isFalse();
    }

    @Test
    void byteExtractMultiplierAlignAndOtherUses() throws RuleException {
        assertThat(matches("byte_extract:1,0,n,multiplier 2; isdataat:n;", "\u0003abcdef")).isTrue();
        assertThat(matches("byte_extract:1,0,n,multiplier 2; isdataat:n;", "\u0003abcde")).isFalse();
        assertThat(matches("byte_extract:1,0,n,align 4; isdataat:n;", "\u0005abcdefgh")).isTrue();
        assertThat(matches("byte_extract:1,0,n,align 4; isdataat:n;", "\u0005abcdefg")).isFalse();
        assertThat(matches("byte_extract:1,0,n; isdataat:n,relative;", "\u0002ab")).isTrue();
        assertThat(matches("byte_extract:1,0,n; isdataat:n,relative;", "\u0003ab")).isFalse();
        assertThat(matches("byte_extract:1,0,n; byte_test:1,=,0x63,n;", "\u0003abc")).isTrue();
        assertThat(matches("byte_extract:1,0,v; byte_test:1,=,v,1;", "\u0005\u0005")).isTrue();
        assertThat(matches("byte_extract:1,0,v; byte_test:1,=,v,1;", "\u0005\u0006")).isFalse();
        assertThat(matches("byte_extract:1,0,n; byte_jump:1,n; content:\"X\"; within:1;", "\u0002a\u0001bX")).isTrue();
        // a relative extraction whose use fails after the first "k" is redone after the next one
        assertThat(matches("content:\"k\"; byte_extract:1,0,n,relative; content:\"X\"; distance:n; within:1;", "k\u0009ab k\u0000X")).isTrue();
        // a value beyond any buffer as an offset: no match, no exception
        assertThat(matches("byte_extract:8,0,n; content:\"a\"; offset:n;", "\u00ff".repeat(8) + "a")).isFalse();
        assertThat(matches("byte_extract:8,0,n; isdataat:n;", "\u00ff".repeat(8) + "a")).isFalse();
        assertThat(matches("byte_extract:8,0,n; isdataat:!n;", "\u00ff".repeat(8) + "a")).isTrue();
        refused("byte_extract:9,0,n;", "cannot take 9 bytes");
        refused("byte_extract:15,0,n,string,hex;", "cannot take 15 bytes");
        refused("byte_extract:2,0,n,align 3;", "2 or 4");
        refused("byte_extract:2,0,n,dce;", "byte_extract dce");
        refused("byte_extract:2,0,n,string,little;", "string and an endianness");
        refused("byte_extract:24,0,n,string,oct;", "cannot take 24 bytes");
    }

    @Test
    void byteMathComputesIntoAVariable() throws RuleException {
        assertThat(matches("byte_math:bytes 1,offset 0,oper +,rvalue 2,result r; content:\"X\"; offset:r; depth:1;", "\u0002abcX")).isTrue();
        assertThat(matches("byte_math:bytes 1,offset 0,oper -,rvalue 1,result r; content:\"c\"; offset:r; depth:1;", "\u0004abcX")).isTrue();
        assertThat(matches("byte_math:bytes 1,offset 0,oper *,rvalue 2,result r; byte_test:1,=,r,1;", "\u0003\u0006")).isTrue();
        assertThat(matches("byte_math:bytes 2,offset 0,oper >>,rvalue 4,result r; byte_test:1,=,r,2;", "\u0001\u0000\u0010")).isTrue();
        assertThat(matches("byte_math:bytes 1,offset 0,oper <<,rvalue 70,result r; byte_test:1,=,r,1;", "\u0001\u0000")).as("shifted out").isTrue();
        assertThat(matches("byte_math:bytes 1,offset 0,oper /,rvalue 0,result r;", "\u0001")).as("division by zero").isFalse();
        assertThat(matches("byte_extract:1,0,d; byte_math:bytes 1,offset 1,oper /,rvalue d,result q; byte_test:1,=,q,2;", "\u0002\u0008\u0004")).isTrue();
        assertThat(matches("byte_math:bytes 2,offset 0,oper +,rvalue 0,result r,bitmask 0x0ff0; byte_test:1,=,r,2;", "\u0012\u0034\u0023")).isTrue();
        assertThat(matches("byte_math:bytes 2,offset 0,oper +,rvalue 0,result r,bitmask 0ff0; byte_test:1,=,r,2;", "\u0012\u0034\u0023"))
                .as("byte_math's mask is hex even without 0x").isTrue();
        assertThat(matches("byte_math:bytes 2,offset 0,oper +,rvalue 0,result r,string dec; byte_test:1,=,r,2;", "12\u000c")).isTrue();
        refused("byte_math:bytes 1,offset 0,oper <>,rvalue 2,result r;", "bad byte_math operator");
        refused("byte_math:bytes 1,offset 0,oper +,rvalue 2,result r,endian dce;", "byte_math dce");
    }

    @Test
    void etHeartbleedRuleTellsAMalformedHeartbeatFromAGoodOne() throws RuleException {
        // sid 2018372's matches: the heartbeat's claimed payload length (bytes 6-7) beyond the record's (3-4)
        String rule = "content:\"|18 03|\"; depth:2; byte_test:1,<,4,2; content:\"|01|\"; offset:5; depth:1; "
                + "byte_extract:2,3,record_len; byte_test:2,>,2,3; byte_test:2,>,record_len,6;";
        assertThat(matches(rule, "\u0018\u0003\u0002\u0000\u0003\u0001\u0040\u0000")).isTrue();
        assertThat(matches(rule, "\u0018\u0003\u0002\u0000\u0013\u0001\u0000\u0010" + "x".repeat(16))).isFalse();
        assertThat(matches(rule, "\u0018\u0003\u0004\u0000\u0003\u0001\u0040\u0000")).as("TLS 1.3 minor version").isFalse();
    }

    @Test
    void aVariableFromAnotherBufferIsNotInspected() {
        // a variable's slots belong to one buffer's walk: a use in another buffer is refused, not guessed
        assertThatThrownBy(() -> {
            Rule r = parser.parse("alert http any any -> any any (http.uri; byte_extract:1,0,n; http.header; content:\"a\"; offset:n; sid:1;)", "t", 1);
            MatchCompiler.compile(r.matches().subList(1, 2));
        }).isInstanceOf(RuleException.class).hasMessageContaining("another buffer");
    }
}

package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.dhcp.DhcpProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the DHCP probe, parser and record writer: the input is one datagram
 * (the fuzzer learns the cookie from the seed). Must hold: nothing escapes, records serialise.
 */
class DhcpParserFuzzTest {
    static Stream<Arguments> seeds() {
        byte[] d = new byte[300];
        d[0] = 1; d[1] = 1; d[2] = 6;
        d[236] = 0x63; d[237] = (byte) 0x82; d[238] = 0x53; d[239] = 0x63;
        byte[] opts = {53, 1, 1, 12, 4, 'h', 'o', 's', 't', 61, 7, 1, 0, 1, 2, 3, 4, 5, 55, 3, 1, 3, 6, 51, 4, 0, 0, 1, 0, (byte) 255};
        System.arraycopy(opts, 0, d, 240, opts.length);
        return Stream.of(Arguments.of((Object) d));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        for (boolean extended : new boolean[] {true, false}) {
            DhcpProtocol proto = new DhcpProtocol(extended);
            proto.probe(true, input, 0, input.length, 68, 67);
            var ctx = new DnsParserFuzzTest.Ctx(17);
            var parser = proto.newParser(ctx);
            parser.onData(true, input, 0, input.length);
            parser.onData(false, input, 0, input.length);
            parser.onClose();
        }
    }
}

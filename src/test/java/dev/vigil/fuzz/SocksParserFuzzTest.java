package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.socks.SocksProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coverage-guided fuzzing of the SOCKS parser; encoding and invariants as {@link SshParserFuzzTest}. */
class SocksParserFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.of(
                SshParserFuzzTest.call(true, "\u0004\u0001\u0000P\u00c0\u0096\u00bb\u000c\u0000", false, "\u0000Z\u0000\u0000\u0000\u0000\u0000\u0000GET"),
                SshParserFuzzTest.call(true, "\u0004\u0001\u0001\u00bb\u0000\u0000\u0000\u0001user\u0000example.com\u0000", false, "\u0000[\u0000\u0000\u0000\u0000\u0000\u0000"),
                SshParserFuzzTest.call(true, "\u0005\u0002\u0000\u0002", false, "\u0005\u0002", true, "\u0001\u0001u\u0001p", false, "\u0001\u0000",
                        true, "\u0005\u0001\u0000\u0003\u000bexample.com\u0000P", false, "\u0005\u0000\u0000\u0001\n\u0000\u0000\u0001\u009c@"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        SshParserFuzzTest.drive(new SocksProtocol(), input);
    }
}

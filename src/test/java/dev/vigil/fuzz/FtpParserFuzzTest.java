package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.ftp.FtpProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coverage-guided fuzzing of the FTP parser; encoding and invariants as {@link SshParserFuzzTest}. */
class FtpParserFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.of(
                SshParserFuzzTest.call(false, "220-hi\r\n there\r\n220 ready\r\n", true, "USER a\r\nPASS b\r\nPASV\r\nRETR f\r\nPORT 1,2,3,4,5,6\r\nEPRT |2|::1|80|\r\nEPSV\r\n",
                        false, "331 ok\r\n230 ok\r\n227 Entering Passive Mode (1,2,3,4,5,6)\r\n150 go\r\n226 ok\r\n200 ok\r\n200 ok\r\n229 (|||99|)\r\n"),
                SshParserFuzzTest.call(true, "AUTH TLS\r\n", false, "234 go\r\n"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        SshParserFuzzTest.drive(new FtpProtocol(), input);
    }
}

package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.smtp.SmtpProtocol;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coverage-guided fuzzing of the SMTP parser and its MIME decoding; encoding and invariants as {@link SshParserFuzzTest}. */
class SmtpParserFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.of(
                SshParserFuzzTest.call(false, "220 mx ESMTP\r\n", true, "EHLO h\r\nMAIL FROM:<a@b> SIZE=9\r\nRCPT TO:<c@d>\r\nDATA\r\n",
                        false, "250-mx\r\n250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n",
                        true, "From: a\r\nTo: b, \"c, d\" <e>\r\nSubject: s\r\nContent-Type: multipart/mixed; boundary=\"B\"\r\n\r\n--B\r\n"
                                + "Content-Disposition: attachment; filename=\"x.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\nTVqQAAMAAAAEAAAA\r\n"
                                + "--B\r\nContent-Type: text/plain; name=q.txt\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\na=3Db=\r\nc\r\n..\r\n--B--\r\n.\r\n"),
                SshParserFuzzTest.call(true, "HELO x\r\nMAIL FROM:<a>\r\nBDAT 12\r\nSubject: x\r\nBDAT 0 LAST\r\nSTARTTLS\r\n", false, "220 go\r\n"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        SshParserFuzzTest.drive(new SmtpProtocol(), input);
    }
}

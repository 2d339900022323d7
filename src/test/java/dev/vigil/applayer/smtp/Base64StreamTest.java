package dev.vigil.applayer.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The streaming decoder gives the JDK's MIME decoder's bytes, however the input is cut into pieces. */
class Base64StreamTest {

    @Test
    void decodesMimeBase64CutAnywhere() {
        Random r = new Random(11);
        for (int round = 0; round < 400; round++) {
            byte[] data = new byte[r.nextInt(round < 20 ? 20_000 : 3_000)];
            r.nextBytes(data);
            String lineBreak = r.nextBoolean() ? "\r\n" : "\n";
            String text = Base64.getMimeEncoder(4 * (1 + r.nextInt(19)), lineBreak.getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(data) + lineBreak;
            if (r.nextInt(4) == 0) text = text.replace(lineBreak, " \t" + lineBreak); // trailing white space on lines
            byte[] in = text.getBytes(StandardCharsets.US_ASCII);
            Base64Stream s = new Base64Stream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int i = 0; i < in.length; ) {
                int n = Math.min(in.length - i, r.nextInt(3) == 0 ? 1 + r.nextInt(5) : 1 + r.nextInt(3000));
                s.feed(in, i, n, out::write);
                i += n;
            }
            assertThat(out.toByteArray()).as("round %d, %d bytes", round, data.length).isEqualTo(data);
            assertThat(s.sawInvalid()).isFalse();
        }
    }

    @Test
    void aQuantumSplitAcrossPiecesThenAFullBufferThenPadding() {
        // the second piece decodes 1 byte of the split quantum, 1,365 whole quanta (4,096 bytes: the output
        // buffer exactly full), then a padded quantum: its byte must go after a flush, not past the buffer
        byte[] data = new byte[4099];
        new Random(5).nextBytes(data);
        byte[] in = Base64.getEncoder().encode(data);
        Base64Stream s = new Base64Stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.feed(in, 0, 3, out::write);
        s.feed(in, 3, in.length - 3, out::write);
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void stopsAtPaddingAndFlagsForeignCharacters() {
        Base64Stream s = new Base64Stream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] in = "aGVsbG8=\r\nd29ybGQ=".getBytes(StandardCharsets.US_ASCII);
        s.feed(in, 0, in.length, out::write);
        assertThat(out.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(s.sawInvalid()).isFalse();
        Base64Stream t = new Base64Stream();
        ByteArrayOutputStream out2 = new ByteArrayOutputStream();
        byte[] bad = "aGVs*bG8h".getBytes(StandardCharsets.US_ASCII);
        t.feed(bad, 0, bad.length, out2::write);
        assertThat(out2.toString(StandardCharsets.US_ASCII)).isEqualTo("hello!");
        assertThat(t.sawInvalid()).isTrue();
    }
}

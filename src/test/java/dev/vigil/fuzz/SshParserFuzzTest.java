package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import dev.vigil.applayer.ssh.SshProtocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the SSH parser. One input is a run of calls on one fresh parser; per call:
 * an op byte (bit 0: to server; bits 1-2: 0 or 1 data, 2 a gap, 3 a probe; bits 4-6: high bits of the
 * length), a length byte, then that many bytes (the last call takes what is left). The flow is closed
 * at the end. Must hold: nothing escapes the parser, every record it emits can be written, and records
 * and anomalies stay proportional to the input's size (a line gives at most one record and two anomalies). {@link #drive} serves the SMTP and FTP targets too.
 */
class SshParserFuzzTest {

    static Stream<Arguments> seeds() {
        return Stream.of(
                call(false, "SSH-2.0-OpenSSH_9.7\r\n", true, "SSH-2.0-PuTTY\r\n"),
                call(false, "banner\r\nSSH-1.99-x y\r\n\0\0\0\u001c\u0004\u0014aaaaaaaaaaaaaaaa\0\0\0\u0001k", true, "SSH-1.5-z\n"))
                .map(b -> Arguments.of((Object) b));
    }

    /** Seed: alternating calls (direction, text). */
    static byte[] call(Object... dirText) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < dirText.length; i += 2) {
            byte[] b = ((String) dirText[i + 1]).getBytes(StandardCharsets.ISO_8859_1);
            int len = Math.min(b.length, 2047);
            out.write(((Boolean) dirText[i] ? 1 : 0) | ((len >> 8) << 4));
            out.write(len);
            out.write(b, 0, len);
        }
        return out.toByteArray();
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        drive(new SshProtocol(), input);
    }

    static void drive(AppProtocol proto, byte[] input) {
        RecordingContext ctx = new RecordingContext();
        AppParser parser = proto.newParser(ctx);
        int pos = 0;
        while (input.length - pos >= 2) {
            int op = input[pos] & 0xFF;
            int len = Math.min(((op & 0x70) << 4) | (input[pos + 1] & 0xFF), input.length - pos - 2);
            boolean toServer = (op & 1) != 0;
            int kind = (op >> 1) & 3;
            // each call gets its own exact copy so a read past its end fails loudly
            byte[] chunk = java.util.Arrays.copyOfRange(input, pos + 2, pos + 2 + len);
            switch (kind) {
                case 2 -> parser.onGap(toServer, len);
                case 3 -> proto.probe(toServer, chunk, 0, chunk.length, 40000, 22);
                default -> { if (!parser.done()) parser.onData(toServer, chunk, 0, chunk.length); }
            }
            ctx.packet++;
            pos += 2 + len;
        }
        parser.onClose();
        for (var r : ctx.records) EveJson.line(r);
        if (ctx.records.size() > input.length + 2 || ctx.anomalies.size() > 2 * input.length + 4) {
            throw new IllegalStateException(ctx.records.size() + " records and " + ctx.anomalies.size() + " anomalies from " + input.length + " bytes");
        }
    }
}

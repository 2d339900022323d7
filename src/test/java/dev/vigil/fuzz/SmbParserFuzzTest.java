package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.smb.SmbParser;
import dev.vigil.applayer.smb.SmbProtocol;
import dev.vigil.flow.Flow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the SMB parser. The input is a run of chunks, each: direction and flags
 * (1 byte: bit 0 to-server, bit 1 a gap before it), length (2 bytes, big-endian), bytes; each chunk is
 * one onData call. Must hold: nothing escapes the parser or the probe, every record it emits writes
 * without error, and the number of records stays bounded by the bytes fed.
 */
class SmbParserFuzzTest {
    static Stream<Arguments> seeds() {
        // An SMB2 NEGOTIATE request and a CREATE request as seeds, framed as chunks.
        byte[] neg = hex("0000006afe534d42400000000000000000001f000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002400020001000000000000000000000000000000000000000000000000000000000000000202100200");
        return Stream.of(Arguments.of((Object) chunk(true, neg)), Arguments.of((Object) new byte[] {1, 0, 4, 0, 0, 0, 0}));
    }

    static byte[] chunk(boolean toServer, byte[] b) {
        byte[] out = new byte[3 + b.length];
        out[0] = (byte) (toServer ? 1 : 0);
        out[1] = (byte) (b.length >> 8);
        out[2] = (byte) b.length;
        System.arraycopy(b, 0, out, 3, b.length);
        return out;
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return b;
    }

    static final class Ctx implements AppContext {
        int records;
        @Override public Flow flow() { return null; }
        @Override public long timeNanos() { return 0; }
        @Override public long packetNumber() { return 0; }
        /** The parser turns its own bugs into INTERNAL_ERROR to protect the sensor; here they are failures. */
        @Override public void anomaly(String event) {
            if (event.equals("INTERNAL_ERROR")) throw new IllegalStateException("parser bug caught as INTERNAL_ERROR");
        }

        @Override
        public void emit(AppRecord record) {
            records++;
            try (var g = new com.fasterxml.jackson.core.JsonFactory().createGenerator(OutputStream.nullOutputStream())) {
                g.writeStartObject();
                record.writeFields(g);
                g.writeEndObject();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        SmbProtocol proto = new SmbProtocol();
        proto.probe(true, input, 0, input.length, 50000, 445);
        Ctx ctx = new Ctx();
        SmbParser p = new SmbParser(ctx);
        int pos = 0;
        while (input.length - pos >= 3) {
            boolean toServer = (input[pos] & 1) != 0;
            boolean gap = (input[pos] & 2) != 0;
            int len = Math.min(((input[pos + 1] & 0xFF) << 8) | (input[pos + 2] & 0xFF), input.length - pos - 3);
            if (gap) p.onGap(toServer, 1 + (input[pos] & 0xFF));
            p.onData(toServer, input, pos + 3, len);
            pos += 3 + len;
        }
        p.onClose();
        // a record needs at least a request or response header: 64 bytes, or a file ends at flow close
        if (ctx.records > 4 + input.length / 8) throw new IllegalStateException("records unbounded: " + ctx.records);
    }
}

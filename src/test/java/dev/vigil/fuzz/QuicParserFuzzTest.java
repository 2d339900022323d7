package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.quic.InitialSealer;
import dev.vigil.applayer.quic.QuicProtocol;
import dev.vigil.flow.Flow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the QUIC parser. Two modes, chosen by the first byte's low bit:
 * <ul>
 * <li>raw: datagrams as (direction byte, 2-byte length, bytes), probed then parsed, reaching the header
 *     walk, failed decryption and gQUIC CHLOs;</li>
 * <li>sealed: chunks (2-byte length, bytes) of plaintext frames, each sealed here into a valid client
 *     Initial with RFC 9001 appendix A's keys, so mutations get past AES-GCM authentication into the frame
 *     parser, the CRYPTO reassembly and the ClientHello parser.</li>
 * </ul>
 * Must hold: nothing escapes the parser, and the records it emits stay few (memory bounded).
 */
class QuicParserFuzzTest {
    static final HexFormat HEX = HexFormat.of();
    static final int MAX_DATAGRAMS = 32;

    static Stream<Arguments> seeds() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String v : List.of("rfc9001-a2-client-initial", "rfc9369-a2-client-initial", "rfc9001-a3-server-initial")) {
            byte[] pkt = vector(v);
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(0);
            datagram(raw, v.contains("server") ? 0 : 1, pkt);
            out.add(Arguments.of((Object) raw.toByteArray()));
        }
        // The RFC's ClientHello as plaintext CRYPTO frames, split in two out-of-order packets.
        byte[] ch = InitialSealer.plainClientHello();
        int half = ch.length / 2;
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        sealed.write(1);
        chunk(sealed, InitialSealer.crypto(half, ch, half, ch.length - half));
        chunk(sealed, InitialSealer.crypto(0, ch, 0, half));
        out.add(Arguments.of((Object) sealed.toByteArray()));
        return out.stream();
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) throws Exception {
        if (input.length < 1) return;
        List<AppRecord> records = new ArrayList<>();
        AppContext ctx = new AppContext() {
            final Flow flow = new Flow();
            @Override public Flow flow() { return flow; }
            @Override public long timeNanos() { return 0; }
            @Override public long packetNumber() { return 0; }
            @Override public void emit(AppRecord r) { records.add(r); }
            @Override public void anomaly(String event) {}
        };
        QuicProtocol proto = new QuicProtocol();
        AppParser parser = proto.newParser(ctx);
        int p = 1, n = 0;
        boolean sealed = (input[0] & 1) != 0;
        long pn = 0;
        while (p < input.length && n++ < MAX_DATAGRAMS) {
            boolean toServer = true;
            if (!sealed) toServer = (input[p++] & 1) != 0;
            if (input.length - p < 2) break;
            int len = Math.min(((input[p] & 0xff) << 8) | (input[p + 1] & 0xff), input.length - p - 2);
            p += 2;
            byte[] d = sealed ? InitialSealer.seal(input, p, len, pn++) : java.util.Arrays.copyOfRange(input, p, p + len);
            p += len;
            proto.probe(toServer, d, 0, d.length, 50000, 443);
            parser.onData(toServer, d, 0, d.length);
            if (parser.done()) break;
        }
        parser.onClose();
        if (records.size() > 2 * MAX_DATAGRAMS) throw new AssertionError("records: " + records.size());
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (var g = new com.fasterxml.jackson.databind.ObjectMapper().getFactory().createGenerator((OutputStream) sink)) {
            for (AppRecord r : records) {
                g.writeStartObject();
                r.writeFields(g);
                g.writeEndObject();
            }
        }
    }

    static byte[] vector(String name) throws IOException {
        try (InputStream in = QuicParserFuzzTest.class.getResourceAsStream("/quic/" + name + ".hex")) {
            return HEX.parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    static void chunk(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 8);
        out.write(b.length & 0xff);
        out.write(b, 0, b.length);
    }

    static void datagram(ByteArrayOutputStream out, int dir, byte[] b) {
        out.write(dir);
        chunk(out, b);
    }
}

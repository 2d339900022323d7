package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.tls.TlsParser;
import dev.vigil.applayer.tls.TlsProtocol;
import dev.vigil.flow.Flow;
import dev.vigil.testing.Tools;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the TLS parser and probe. One input is a conversation: segments of a
 * 2-byte header (top bit: direction, 1 = to client; 15 bits: length) and that many bytes. Must hold:
 * nothing escapes the probe, the parser or the record writer, and at most one record is emitted.
 */
class TlsParserFuzzTest {
    static final String[] SEED_CAPTURES = {"tls/zeek-tls1.2.pcap", "tls/arkime-curl-enabled-tls13.pcap", "tls/zeek-ssl-v2.pcap",
            "tls/zeek-client-certificate.pcap", "tls/zeek-hrr.pcap", "tls/arkime-tls-split-client-hello.pcap", "tls/zeek-heartbleed.pcap"};

    static Stream<Arguments> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (String c : SEED_CAPTURES) {
            byte[] s = conversation(c);
            if (s != null) seeds.add(s);
        }
        if (seeds.isEmpty()) seeds.add(new byte[] {0, 9, 0x16, 3, 1, 0, 4, 1, 0, 0, 0});
        return seeds.stream().map(b -> Arguments.of((Object) b));
    }

    /** Stream 0 of a corpus capture, encoded as above, cut to 8 KiB; null without corpus or tshark. */
    private static byte[] conversation(String capture) {
        try {
            Path root = dev.vigil.testing.Corpus.pcapDir();
            Path f = root.resolve(capture);
            if (!Files.exists(f) || !Tools.available("tshark")) return null;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (String line : Tools.run(60, "tshark", "-n", "-r", f.toString(), "-q", "-z", "follow,tcp,raw,0").lines()) {
                if (line.isBlank() || !line.trim().matches("[0-9a-f]+")) continue;
                byte[] b = HexFormat.of().parseHex(line.trim());
                int n = Math.min(b.length, 0x7fff);
                int h = (line.startsWith("\t") ? 0x8000 : 0) | n;
                out.write(h >> 8);
                out.write(h);
                out.write(b, 0, n);
                if (out.size() > 8192) break;
            }
            return out.size() == 0 ? null : out.toByteArray();
        } catch (RuntimeException absent) {
            return null;
        }
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) throws IOException {
        TlsProtocol proto = new TlsProtocol();
        List<AppRecord> records = new ArrayList<>();
        // signatures inspect the session as it goes (ClientHello, certificates) and when it is logged: every
        // inspection must offer its buffers and share one alerted set with the others and the record
        java.util.Set<java.util.BitSet> alertedSets = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        AppContext ctx = new AppContext() {
            final Flow flow = new Flow();
            @Override public Flow flow() { return flow; }
            @Override public long timeNanos() { return 0; }
            @Override public long packetNumber() { return 0; }
            @Override public void emit(AppRecord r) { records.add(r); }
            @Override public void anomaly(String event) { }
            @Override public boolean inspectsTransactions() { return true; }
            @Override public void inspect(dev.vigil.applayer.InspectionBuffers tx) {
                tx.buffers((name, toServer, value) -> {
                    if (name == null || value == null) throw new AssertionError("a null buffer");
                });
                if (tx.alerted() == null) throw new AssertionError("an inspection in progress without its alerted set");
                alertedSets.add(tx.alerted());
            }
        };
        TlsParser p = new TlsParser(ctx);
        int pos = 0;
        while (input.length - pos >= 2) {
            int h = ((input[pos] & 0xff) << 8) | (input[pos + 1] & 0xff);
            boolean toServer = (h & 0x8000) == 0;
            int n = Math.min(h & 0x7fff, input.length - pos - 2);
            Probe pr = proto.probe(toServer, input, pos + 2, n, 1234, 443);
            if (pr == null) throw new AssertionError("probe returned null");
            if (h % 7 == 3) p.onGap(toServer, 10);
            else p.onData(toServer, input, pos + 2, n);
            pos += 2 + n;
        }
        p.onClose();
        if (records.size() > 1) throw new AssertionError(records.size() + " tls records for one session");
        for (AppRecord r : records) {
            if (r instanceof dev.vigil.applayer.InspectionBuffers b && b.alerted() != null) alertedSets.add(b.alerted());
        }
        if (alertedSets.size() > 1) throw new AssertionError("inspections of one session do not share their alerted rules");
        int v1 = ctx.flow().tlsVersionToServer, v2 = ctx.flow().tlsVersionToClient;
        if (v1 < 0 || v1 > 0xffff || v2 < 0 || v2 > 0xffff) throw new AssertionError("tls version out of range: " + v1 + ", " + v2);
        for (AppRecord r : records) {
            try (JsonGenerator g = new JsonFactory().createGenerator(new StringWriter())) {
                g.writeStartObject();
                r.writeFields(g);
                g.writeEndObject();
            }
        }
    }
}

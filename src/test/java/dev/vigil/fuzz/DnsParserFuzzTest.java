package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.dns.DnsProtocol;
import dev.vigil.flow.Flow;
import java.io.IOException;
import java.io.OutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the DNS probe, parser and record writers. Input: byte 0 picks UDP or TCP
 * and the EVE version, byte 1 the chunk size for TCP; the rest is fed as datagrams (split at every
 * 0xFF 0xFE marker) or as a stream in chunks, in alternating directions. Every emitted record is
 * serialised, so the writers see every parsed shape. Must hold: nothing escapes, and a record never
 * exceeds what a 64 KiB message can explain.
 */
class DnsParserFuzzTest {
    static Stream<Arguments> seeds() {
        return Stream.of(
                Arguments.of((Object) hex("0010" + "1234010000010000000000000377777706676f6f676c6503636f6d0000010001")),
                Arguments.of((Object) hex("0300" + "1234818000010001000000000377777706676f6f676c6503636f6d0000010001c00c000100010000003c00040a000001")),
                Arguments.of((Object) hex("0107" + "00201234010000010000000000000377777706676f6f676c6503636f6d0000010001")),
                Arguments.of((Object) hex("0200" + "abcd01000001000000000000c00c00010001")));
    }

    static final java.util.List<java.util.Map<String, String>> OPTIONS = java.util.List.of(
            java.util.Map.of(),
            java.util.Map.of("dns.types", "a,mx", "dns.formats", "grouped"),
            java.util.Map.of("dns.requests", "no", "dns.formats", "detailed"),
            java.util.Map.of("dns.responses", "no", "dns.types", ""));

    static byte[] hex(String s) {
        return java.util.HexFormat.of().parseHex(s);
    }

    @MethodSource("seeds")
    @FuzzTest
    void parse(byte[] input) {
        if (input.length < 2) return;
        boolean tcp = (input[0] & 1) != 0;
        int version = (input[0] & 2) != 0 ? 2 : 3;
        int chunk = 1 + (input[1] & 0xFF);
        Ctx ctx = new Ctx(tcp ? 6 : 17);
        // bits 2-3 pick the eve-log dns options, so the filtered record paths are fuzzed too
        var proto = DnsProtocol.withVersion(version).configure(OPTIONS.get((input[0] >> 2) & 3));
        Probe p = proto.probe(true, input, 2, input.length - 2, 40000, 53);
        if (p == null) throw new AssertionError("probe returned null");
        if (proto.sender(tcp, input, 2, input.length - 2, 53, 40000) == null) throw new AssertionError("sender returned null");
        var parser = proto.newParser(ctx);
        boolean dir = true;
        if (tcp) {
            for (int off = 2; off < input.length; off += chunk) {
                parser.onData(dir, input, off, Math.min(chunk, input.length - off));
                if ((input[off] & 0x10) != 0) dir = !dir;
            }
        } else {
            int start = 2;
            for (int i = 2; i <= input.length; i++) {
                if (i == input.length || (i + 1 < input.length && input[i] == (byte) 0xFF && input[i + 1] == (byte) 0xFE)) {
                    parser.onData(dir, input, start, i - start);
                    dir = !dir;
                    start = i + 2;
                    i++;
                }
            }
        }
        parser.onClose();
    }

    static final class Ctx implements AppContext {
        final Flow flow = new Flow();
        final com.fasterxml.jackson.core.JsonFactory json = new com.fasterxml.jackson.core.JsonFactory();

        Ctx(int proto) { flow.proto = proto; }

        @Override public Flow flow() { return flow; }
        @Override public long timeNanos() { return 0; }
        @Override public long packetNumber() { return 1; }
        @Override public void anomaly(String event) {
            if (event == null || event.isEmpty()) throw new AssertionError("empty anomaly name");
        }

        @Override
        public void emit(AppRecord record) {
            Counting out = new Counting();
            try (var g = json.createGenerator(out)) {
                g.writeStartObject();
                record.writeFields(g);
                g.writeEndObject();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            // a 64 KiB message: ~6000 records of at most ~1 KiB name plus a 255-label rdata each, escaped x4
            if (out.n > 64L << 20) throw new AssertionError("record of " + out.n + " bytes");
        }
    }

    static final class Counting extends OutputStream {
        long n;
        @Override public void write(int b) { n++; }
        @Override public void write(byte[] b, int off, int len) { n += len; }
    }
}

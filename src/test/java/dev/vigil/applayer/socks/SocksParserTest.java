package dev.vigil.applayer.socks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.Probe;
import dev.vigil.flow.Flow;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.RecordingContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SocksParserTest {
    static byte[] hex(String h) { return HexFormat.of().parseHex(h.replace(" ", "")); }

    static byte[] cat(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) out.writeBytes(p instanceof String s ? s.getBytes(StandardCharsets.ISO_8859_1) : (byte[]) p);
        return out.toByteArray();
    }

    /** A context that also accepts a protocol change and keeps what is handed over. */
    static final class Ctx implements AppContext {
        final RecordingContext rec = new RecordingContext();
        boolean changed;

        @Override public Flow flow() { return rec.flow(); }
        @Override public long timeNanos() { return rec.timeNanos(); }
        @Override public long packetNumber() { return rec.packetNumber(); }
        @Override public void emit(AppRecord r) { rec.emit(r); }
        @Override public void anomaly(String event) { rec.anomaly(event); }
        final ByteArrayOutputStream toServer = new ByteArrayOutputStream(), toClient = new ByteArrayOutputStream();

        @Override public boolean changeProtocol(String expected) { return changed = true; }

        @Override public void handOver(boolean up, byte[] b, int off, int len) { (up ? toServer : toClient).write(b, off, len); }
    }

    /** Feeds the calls (direction, bytes) in pieces of {@code step} bytes, then closes. */
    static Ctx run(int step, Object... calls) {
        Ctx ctx = new Ctx();
        SocksParser p = new SocksParser(ctx);
        for (int i = 0; i < calls.length; i += 2) {
            byte[] b = (byte[]) calls[i + 1];
            for (int o = 0; o < b.length && !p.done(); o += step) p.onData((Boolean) calls[i], b, o, Math.min(step, b.length - o));
        }
        p.onClose();
        return ctx;
    }

    @Test
    void socks4ConnectIsLoggedAndItsTunnelHandedOverAtAnySplit() {
        // tunnels/zeek-socks.pcap: CONNECT 192.150.187.12:80, granted, then HTTP in the same segment as the reply
        byte[] request = hex("04 01 0050 c096bb0c 00"), reply = cat(hex("00 5a 0000 00000000"), "HTTP/1.1 200 OK\r\n");
        for (int step : new int[] {1, 3, 1000}) {
            Ctx ctx = run(step, true, request, false, reply);
            assertThat(ctx.rec.records).hasSize(1);
            assertThat(EveJson.text(ctx.rec.of(SocksRecord.class).getFirst())).as("split " + step).contains(
                    "\"version\":4", "\"command\":\"connect\"", "\"request\":{\"host\":\"192.150.187.12\",\"port\":80}",
                    "\"status\":\"succeeded\"", "\"bound\":{\"host\":\"0.0.0.0\",\"port\":0}");
            assertThat(ctx.changed).isTrue();
            if (step == 1000) assertThat(ctx.toClient.toString(StandardCharsets.ISO_8859_1)).isEqualTo("HTTP/1.1 200 OK\r\n");
        }
    }

    @Test
    void socks4aCarriesTheNameAndTheUser() {
        // fingerprints/ja4/ja4-socks4-https.pcap: user id, then 0.0.0.1 and the host name
        byte[] request = cat(hex("04 01 01bb 00000001"), "fd7bcf7b5c9e1d\0login.live.com\0");
        assertThat(new SocksProtocol().probe(true, request, 0, request.length, 50000, 9050)).isEqualTo(Probe.MATCH);
        Ctx ctx = run(1000, true, request, false, hex("00 5b 0000 00000000"));
        String json = EveJson.text(ctx.rec.of(SocksRecord.class).getFirst());
        assertThat(json).contains("\"user\":\"fd7bcf7b5c9e1d\"", "\"request\":{\"name\":\"login.live.com\",\"port\":443}", "\"status\":\"rejected\"");
        assertThat(ctx.changed).as("a refused request opens no tunnel").isFalse();
    }

    @Test
    void socks5WithUserAndPasswordThenAnIpv6Connect() {
        byte[] greeting = hex("05 02 00 02"), auth = cat(hex("01 05"), "alice", hex("06"), "s3cret");
        byte[] request = hex("05 01 00 04 20010db8000000000000000000000001 01bb");
        byte[] reply = hex("05 00 00 01 0a000001 9c40");
        Ctx ctx = run(2, true, greeting, false, hex("05 02"), true, auth, false, hex("01 00"), true, request, false, reply,
                true, "\u0016\u0003\u0001".getBytes(StandardCharsets.ISO_8859_1));
        String json = EveJson.text(ctx.rec.of(SocksRecord.class).getFirst());
        assertThat(json).contains("\"version\":5", "\"auth_method\":\"username_password\"", "\"user\":\"alice\"", "\"password\":\"s3cret\"",
                "\"request\":{\"host\":\"2001:0db8:0000:0000:0000:0000:0000:0001\",\"port\":443}", "\"status\":\"succeeded\"",
                "\"bound\":{\"host\":\"10.0.0.1\",\"port\":40000}");
        assertThat(ctx.changed).isTrue();
    }

    @Test
    void failuresAndRefusalsEndTheParsingWithTheirStatus() {
        byte[] greeting = hex("05 01 00");
        Ctx refused = run(1000, true, greeting, false, hex("05 00"), true, cat(hex("05 01 00 03 0b"), "example.com", hex("0050")),
                false, hex("05 05 00 01 00000000 0000"));
        assertThat(EveJson.text(refused.rec.of(SocksRecord.class).getFirst())).contains("\"request\":{\"name\":\"example.com\",\"port\":80}",
                "\"status\":\"connection_refused\"");
        assertThat(refused.changed).isFalse();

        Ctx noMethod = run(1000, true, greeting, false, hex("05 ff"));
        assertThat(EveJson.text(noMethod.rec.of(SocksRecord.class).getFirst())).contains("\"status\":\"no_acceptable_methods\"");

        Ctx badAuth = run(1000, true, hex("05 01 02"), false, hex("05 02"), true, cat(hex("01 01"), "u", hex("01"), "p"), false, hex("01 01"));
        assertThat(EveJson.text(badAuth.rec.of(SocksRecord.class).getFirst())).contains("\"status\":\"authentication_failed\"");

        // no answer at all: the request is still logged, without a status
        Ctx unanswered = run(1000, true, hex("04 01 0050 c096bb0c 00"));
        assertThat(EveJson.text(unanswered.rec.of(SocksRecord.class).getFirst())).doesNotContain("status").contains("192.150.187.12");

        // a reply that is no SOCKS 5 message: reported, and one record still
        Ctx broken = run(1000, true, greeting, false, hex("05 00"), true, hex("05 01 00 09 00 00 00"));
        assertThat(broken.rec.anomalies).containsExactly("SOCKS_MALFORMED_MESSAGE");
        assertThat(broken.rec.records).hasSize(1);
    }

    @Test
    void theProbeTakesOnlyWholeStrictlyShapedRequests() {
        SocksProtocol p = new SocksProtocol();
        String[] match = {"04 01 0050 c096bb0c 00", "05 01 00", "05 02 00 02"};
        String[] more = {"04", "04 01 0050", "04 01 0050 c096bb0c 6162", "05 03 00"};
        String[] no = {"05 00", "05 01 00 2f", "04 03 0050 c096bb0c 00", "04 01 0000 c096bb0c 00", "04 01 0050 c096bb0c 01 00",
                "05 01 7f", "16 03 01 00 05", "47 45 54 20"};
        for (String h : match) assertThat(p.probe(true, hex(h), 0, hex(h).length, 40000, 1080)).as(h).isEqualTo(Probe.MATCH);
        for (String h : more) assertThat(p.probe(true, hex(h), 0, hex(h).length, 40000, 1080)).as(h).isEqualTo(Probe.NEED_MORE);
        for (String h : no) assertThat(p.probe(true, hex(h), 0, hex(h).length, 40000, 1080)).as(h).isEqualTo(Probe.NO);
        assertThat(p.probe(false, hex("05 01 00"), 0, 3, 40000, 1080)).as("the proxy's bytes").isEqualTo(Probe.NO);
    }
}

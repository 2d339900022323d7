package dev.vigil.fuzz;

import dev.vigil.testing.EveJson;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppLayer;
import dev.vigil.applayer.AppLayerConfig;
import dev.vigil.applayer.AppOutput;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.AppProtocols;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the app-layer dispatcher with every registered protocol, on one TCP flow:
 * detection, then protocol changes (HTTP CONNECT and upgrades, SMTP STARTTLS, FTP AUTH TLS) and
 * detection again; and TLS found after a preamble no parser knows ({@code LateTls}). An input is a conversation of chunks [control byte: bit 0 direction (1 = to server),
 * bit 1 a gap instead of data; length byte; bytes]. Must hold: no parser throws (the dispatcher would
 * count it), at most {@link AppLayer#MAX_CHANGES} changes, the bytes undecided flows hold stay within
 * what detection and a hand-over may keep, nothing is held once the flow ends, and every record can be
 * written.
 */
class AppLayerFuzzTest {
    static final List<AppProtocol> PROTOCOLS = AppProtocols.load(Set.of(), Map.of());

    static final String[] SEEDS = {
        "\u0001\u0030CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n"
                + "\u0000\u0020HTTP/1.1 200 OK\r\n\r\n\u0016\u0003\u0001\u0000\u0002\u0001\u0000"
                + "\u0001\u0012GET / HTTP/1.1\r\n\r\n",
        "\u0001\u0026CONNECT h:80 HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"
                + "\u0000\u0013HTTP/1.1 200 OK\r\n\r\n",
        "\u0000\u0006220 x\r\n\u0001\u0008EHLO a\r\n\u0000\u0008250 ok\r\n\u0001\nSTARTTLS\r\n"
                + "\u0000\u0007220 go\r\n\u0001\u0006\u0016\u0003\u0001\u0000\u0001\u0001",
        "\u0000\u0006220 x\r\n\u0001\nAUTH TLS\r\n\u0000\u0007234 ok\r\n\u0001\u0006\u0016\u0003\u0001\u0000\u0001\u0001",
        "\u0001\u0036GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n"
                + "\u0000\u002cHTTP/1.1 101 Switching\r\nUpgrade: websocket\r\n\r\n\u0081\u0001",
        // midstream (bit 2 of the first control byte), seen from the server first: detected reversed
        "\u0005\u0013HTTP/1.1 200 OK\r\n\r\n\u0000\u0012GET / HTTP/1.1\r\n\r\n",
    };

    /** A minimal ClientHello (one suite, no extensions), 52 bytes, for the late-TLS seeds. */
    static final String HELLO = "\u0016\u0003\u0001\u0000\u002f\u0001\u0000\u0000\u002b\u0003\u0003"
            + "r".repeat(32) + "\u0000\u0000\u0002\u0000\u002f\u0001\u0000\u0000\u0000";

    /** TLS after a preamble no parser knows (see LateTls): IMAP STARTTLS; SOCKS5 sent without waiting. */
    static final String[] LATE_TLS_SEEDS = {
        "\u0000\u000c* OK IMAP\r\n\u0001\u000ca STARTTLS\r\n\u0000\u0008a OK go\r\n\u0001\u0034" + HELLO,
        "\u0001\u004c\u0005\u0001\u0000\u0005\u0001\u0000\u0003\u000ewww.google.com\u0001\u00bb" + HELLO
                + "\u0000\u0002\u0005\u0000",
    };

    static Stream<Arguments> seeds() {
        return Stream.concat(Stream.of(SEEDS), Stream.of(LATE_TLS_SEEDS))
                .map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void converse(byte[] input) {
        AppLayerConfig config = new AppLayerConfig();
        Out out = new Out();
        AppLayer layer = new AppLayer(PROTOCOLS, config, out);
        Flow f = new Flow();
        f.proto = 6;
        f.aPort = 40000;
        f.bPort = 8080;
        // a session picked up without its SYN may be turned round by detection
        f.tcpMidstream = input.length > 0 && (input[0] & 4) != 0;
        int pos = 0;
        long limit = 2L * AppLayer.MAX_HANDOVER + 2L * config.detectionBytes;
        while (input.length - pos >= 2) {
            int ctl = input[pos] & 0xFF;
            int len = Math.min(input[pos + 1] & 0xFF, input.length - pos - 2);
            boolean toServer = (ctl & 1) != 0;
            layer.setPacket(pos, pos);
            if ((ctl & 2) != 0) layer.onGap(f, toServer, len);
            else layer.onData(f, toServer, input, pos + 2, len);
            pos += 2 + len;
            if (layer.bufferedBytes() > limit || layer.bufferedBytes() < 0) {
                throw new IllegalStateException("undecided bytes " + layer.bufferedBytes());
            }
        }
        layer.onFlowEnd(f, pos);
        if (layer.parserErrors != 0) throw new IllegalStateException(layer.parserErrors + " parser errors");
        if (layer.protocolChanges > AppLayer.MAX_CHANGES) throw new IllegalStateException(layer.protocolChanges + " changes");
        if (layer.bufferedBytes() != 0) throw new IllegalStateException("bytes held after the flow ended");
        if (f.appProtoOrig != null && f.appProto == null) throw new IllegalStateException("changed without app_proto");
        // a flow whose detection failed can only become TLS (LateTls), once
        if (AppLayer.FAILED.equals(f.appProtoOrig) && !"tls".equals(f.appProto) && !AppLayer.FAILED.equals(f.appProto)) {
            throw new IllegalStateException("failed flow became " + f.appProto);
        }
    }

    private static final class Out implements AppOutput {
        @Override
        public void record(Flow flow, AppRecord r, long ts, long n) {
            // every record must render: a writer that throws would lose the flow's output
            EveJson.text(r);
        }

        @Override
        public void anomaly(Flow flow, String type, String appProto, String event, long ts, long n) {
            if (event == null || event.isEmpty()) throw new IllegalStateException("empty anomaly");
        }
    }
}

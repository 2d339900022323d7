package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.applayer.AppLayer;
import dev.vigil.applayer.AppLayerConfig;
import dev.vigil.applayer.AppOutput;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.flow.Flow;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.TestFlows;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of FTP data-connection linking through one worker's app layer: an FTP
 * control connection (client 10.0.0.1:40000, server 10.0.0.2:21) announces data connections, and up
 * to seven other TCP flows between the same hosts (or another host) carry bytes; the table of
 * expectations, the ftp-data parser and the files it hashes are exercised together. An input is
 * [7 x (2 bytes: listening port, 1 byte: bit 0 listener is the FTP server, bit 1 another host)] then
 * chunks [control byte: bit 0 to server, bit 1 a gap, bits 2-4 flow (0: control), bits 5-7 seconds to
 * wait before; length byte; bytes]. Must hold: no parser throws, every record renders, nothing stays
 * buffered once the flows end, no flow gets a parent unless it is ftp-data, and no file is bigger than
 * the bytes and gaps its flow carried.
 */
class FtpDataFuzzTest {
    private static final int FLOWS = 7, HEADER = 3 * FLOWS;

    static Stream<Arguments> seeds() {
        return Stream.of(
                seed(50000, true, "\u0001\u0000PASV\r\n", "\u0000\u0000227 Entering Passive Mode (10,0,0,2,195,80)\r\n",
                        "\u0001\u0000RETR a.txt\r\n", "\u0000\u0000150 ok\r\n", "\u0004\u0000hello file",
                        "\u0000\u0000226 done\r\n"),
                seed(40001, false, "\u0001\u0000PORT 10,0,0,1,156,65\r\n", "\u0000\u0000200 ok\r\n",
                        "\u0001\u0000STOR up.bin\r\n", "\u0000\u0000150 ok\r\n", "\u0004\u0000\u0089PNG\r\n\u001a\n",
                        "\u0006\u00000123456789abcdef", "\u0004\u0000more", "\u0000\u0000226 done\r\n"),
                seed(50001, true, "\u0001\u0000EPSV\r\n", "\u0000\u0000229 ok (|||50001|)\r\n", "\u0001\u0000LIST\r\n",
                        "\u0004\u0000-rw-r--r-- 1 a b 0 x\r\n"),
                // the data connection comes 35 s after its announcement: too late
                seed(50002, true, "\u0001\u0000EPSV\r\n", "\u0000\u0000229 ok (|||50002|)\r\n", "\u0001\u0000RETR late\r\n",
                        "\u00a4\u0000late bytes"))
                .map(b -> Arguments.of((Object) b));
    }

    /** Flow 1 listens on {@code port}; each chunk is [ctl, len placeholder, bytes], the length filled in here. */
    private static byte[] seed(int port, boolean serverListens, String... chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < FLOWS; i++) {
            int p = i == 0 ? port : port + 100 + i;
            out.write(p >> 8);
            out.write(p);
            out.write(serverListens ? 1 : 0);
        }
        for (String c : chunks) {
            byte[] b = c.getBytes(StandardCharsets.ISO_8859_1);
            out.write(b[0]);
            out.write(b.length - 2);
            out.write(b, 2, b.length - 2);
        }
        return out.toByteArray();
    }

    @MethodSource("seeds")
    @FuzzTest
    void link(byte[] input) {
        if (input.length < HEADER) return;
        AppLayerConfig config = new AppLayerConfig();
        Out out = new Out();
        AppLayer layer = new AppLayer(AppLayerFuzzTest.PROTOCOLS, config, out);
        Flow[] flows = new Flow[FLOWS + 1];
        long[] carried = new long[FLOWS + 1];
        flows[0] = flow(0x0A000001L, 40000, 0x0A000002L, 21);
        for (int i = 0; i < FLOWS; i++) {
            int port = ((input[3 * i] & 0xFF) << 8) | (input[3 * i + 1] & 0xFF);
            int bits = input[3 * i + 2];
            long client = (bits & 2) != 0 ? 0x0A000003L : 0x0A000001L;
            // the listener is the flow's side B: the FTP server in passive mode, the client in active mode
            flows[i + 1] = (bits & 1) != 0 ? flow(client, 30000 + i, 0x0A000002L, port) : flow(0x0A000002L, 20, client, port);
        }
        long now = 1_700_000_000_000_000_000L;
        int pos = HEADER;
        while (input.length - pos >= 2) {
            int ctl = input[pos] & 0xFF;
            int len = Math.min(input[pos + 1] & 0xFF, input.length - pos - 2);
            boolean toServer = (ctl & 1) != 0;
            int k = (ctl >>> 2) & 7;
            now += (long) (ctl >>> 5) * 7_000_000_000L;
            layer.setPacket(now, pos);
            if ((ctl & 2) != 0) layer.onGap(flows[k], toServer, len);
            else layer.onData(flows[k], toServer, input, pos + 2, len);
            carried[k] += len;
            pos += 2 + len;
        }
        for (int k = FLOWS; k >= 0; k--) {
            out.carried = carried[k];
            layer.onFlowEnd(flows[k], now);
            if (flows[k].parentId != 0 && !"ftp-data".equals(flows[k].appProto)) throw new IllegalStateException("parent on a " + flows[k].appProto + " flow");
            if (flows[k].parentId != 0 && flows[k].parentId != flows[0].flowId()) throw new IllegalStateException("parent is not the control flow");
        }
        if (layer.parserErrors != 0) throw new IllegalStateException(layer.parserErrors + " parser errors");
        if (layer.bufferedBytes() != 0) throw new IllegalStateException("bytes held after the flows ended");
        if (layer.expectationsMatched() > layer.expectationsCreated()) throw new IllegalStateException("more matches than expectations");
    }

    private static Flow flow(long a, int aPort, long b, int bPort) {
        return TestFlows.tcp4(a, aPort, b, bPort, 1_700_000_000_000_000_000L);
    }

    private static final class Out implements AppOutput {
        long carried;

        @Override
        public void record(Flow flow, AppRecord r, long ts, long n) {
            String text = EveJson.text(r);
            if (r instanceof FileInfoRecord && "ftp-data".equals(flow.appProto)) {
                long size = EveJson.fields(r).path("fileinfo").path("size").asLong();
                if (size > carried) throw new IllegalStateException("file of " + size + " bytes on a flow that carried " + carried + ": " + text);
            }
        }

        @Override
        public void anomaly(Flow flow, String type, String appProto, String event, long ts, long n) {
            if (event == null || event.isEmpty()) throw new IllegalStateException("empty anomaly");
        }
    }
}

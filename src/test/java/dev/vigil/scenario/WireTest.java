package dev.vigil.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.scenario.wire.Host;
import dev.vigil.scenario.wire.TcpConversation;
import dev.vigil.scenario.wire.Timeline;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WireTest {
    static final long T0 = 1_772_409_600_000_000_000L;

    @Test
    void tcpConversationsAreCleanForTsharkAndInterleaveInTime(@TempDir Path tmp) throws Exception {
        Host ws = new Host("ws1", "10.20.1.5", new byte[] {2, 0, 0, 0, 0, 5}, 128, 100_000);
        Host gw = new Host("web", "192.0.2.80", new byte[] {2, 0, 0, 0, 0, 1}, 52, 20_000_000);
        Timeline tl = new Timeline(7);
        byte[] body = new byte[200_000];
        for (int i = 0; i < 3; i++) {
            tl.add(T0 + i * 3_000_000L, w -> {
                TcpConversation c = w.tcp(ws.ephemeral(), gw.port(80)).open();
                byte[] req = "GET /big HTTP/1.1\r\nHost: www.site.example\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
                byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                byte[] resp = new byte[head.length + body.length];
                System.arraycopy(head, 0, resp, 0, head.length);
                c.exchange(req, resp, 2_000_000);
                c.close();
            });
        }
        Path pcap = TsharkCheck.write(tl, tmp.resolve("w.pcap"));
        assertThat(TsharkCheck.expertErrors(pcap)).isEmpty();
        List<String> http = TsharkCheck.fields(pcap, "http.response", "http.response.code", "http.content_length");
        assertThat(http).containsExactly("200|200000", "200|200000", "200|200000");
        List<String> warnings = TsharkCheck.fields(pcap, "tcp.analysis.flags && !tcp.analysis.window_update", "frame.number", "_ws.expert.message");
        assertThat(warnings).isEmpty();
        List<String> times = TsharkCheck.fields(pcap, "frame", "frame.time_delta");
        assertThat(times).allMatch(t -> !t.startsWith("-"));
    }
}

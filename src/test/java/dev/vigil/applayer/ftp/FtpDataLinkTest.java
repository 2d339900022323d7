package dev.vigil.applayer.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.applayer.AppLayer;
import dev.vigil.applayer.AppLayerConfig;
import dev.vigil.applayer.AppOutput;
import dev.vigil.applayer.AppProtocols;
import dev.vigil.applayer.AppRecord;
import dev.vigil.flow.Flow;
import dev.vigil.flow.TcpState;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.TestFlows;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The control connection's announcements link data connections through one worker's app layer: which
 * flow becomes ftp-data, which side's bytes are the file, and what is not linked (too late, ports
 * placed per flow, no transfer command).
 */
class FtpDataLinkTest {
    private static final long CLIENT = 0x0A000001L, SERVER = 0x0A000002L;
    private static final long T0 = 1_700_000_000_000_000_000L;

    private final List<Object[]> out = new ArrayList<>();
    private final AppLayer layer = new AppLayer(AppProtocols.load(Set.of(), Map.of()), new AppLayerConfig(), new AppOutput() {
        @Override public void record(Flow flow, AppRecord r, long ts, long n) { out.add(new Object[] {flow, r}); }
        @Override public void anomaly(Flow flow, String type, String appProto, String event, long ts, long n) {}
    });
    private final Flow control = flow(CLIENT, 40000, SERVER, 21);
    private long now = T0;

    private static Flow flow(long a, int aPort, long b, int bPort) {
        return TestFlows.tcp4(a, aPort, b, bPort, T0);
    }

    private void send(Flow f, boolean toServer, String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        layer.setPacket(now += 1_000_000, 1);
        layer.onData(f, toServer, b, 0, b.length);
    }

    private List<JsonNode> recordsOf(Flow f) {
        List<JsonNode> r = new ArrayList<>();
        for (Object[] o : out) if (o[0] == f) r.add(EveJson.fields((AppRecord) o[1]));
        return r;
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void passiveRetrBecomesAnFtpDataFlowWhoseServerBytesAreTheFile() throws Exception {
        send(control, false, "220 hi\r\n");
        send(control, true, "USER a\r\n");
        send(control, false, "331 ok\r\n");
        send(control, true, "PASV\r\n");
        send(control, false, "227 Entering Passive Mode (10,0,0,2,195,80)\r\n");
        send(control, true, "RETR dir/a.txt\r\n");
        Flow data = flow(CLIENT, 40001, SERVER, 50000);
        send(data, true, "ignored: the client sends nothing in a RETR");
        send(data, false, "hello ");
        send(data, false, "file\n");
        data.tcpState = TcpState.CLOSED;
        layer.onFlowEnd(data, now);
        assertThat(data.appProto).isEqualTo("ftp-data");
        assertThat(data.parentId).isEqualTo(control.flowId());
        List<JsonNode> r = recordsOf(data);
        assertThat(r).extracting(n -> n.path("event_type").asText()).containsExactly("ftp_data", "fileinfo");
        assertThat(r.get(0).path("ftp_data").path("command").asText()).isEqualTo("RETR");
        assertThat(r.get(0).path("ftp_data").path("filename").asText()).isEqualTo("dir/a.txt");
        JsonNode fi = r.get(1).path("fileinfo");
        assertThat(r.get(1).path("app_proto").asText()).isEqualTo("ftp-data");
        assertThat(fi.path("filename").asText()).isEqualTo("dir/a.txt");
        assertThat(fi.path("size").asLong()).isEqualTo(11);
        assertThat(fi.path("md5").asText()).isEqualTo(md5("hello file\n"));
        assertThat(fi.path("state").asText()).isEqualTo("CLOSED");
        assertThat(((AppRecord) out.get(out.size() - 1)[1]).fromServer()).as("a download is logged from the server").isTrue();
    }

    @Test
    void activeStorTakesTheBytesOfTheServerSideThatConnected() throws Exception {
        send(control, true, "PORT 10,0,0,1,156,65\r\n");
        send(control, false, "200 ok\r\n");
        send(control, true, "STOR up.bin\r\n");
        // the FTP server connects from port 20 to the client's announced port 40001: the client listens
        Flow data = flow(SERVER, 20, CLIENT, 40001);
        send(data, true, "not the file");
        send(data, false, "upload");
        layer.onFlowEnd(data, now);
        assertThat(data.appProto).isEqualTo("ftp-data");
        List<JsonNode> r = recordsOf(data);
        assertThat(r.get(0).path("ftp_data").path("command").asText()).isEqualTo("STOR");
        JsonNode fi = r.get(1).path("fileinfo");
        assertThat(fi.path("md5").asText()).isEqualTo(md5("upload"));
        assertThat(fi.path("state").asText()).as("no FIN seen: the capture cut it").isEqualTo("TRUNCATED");
    }

    @Test
    void listingsAreLinkedWithoutAFile() {
        send(control, true, "EPSV\r\n");
        send(control, false, "229 Entering Extended Passive Mode (|||50001|)\r\n");
        send(control, true, "LIST\r\n");
        Flow data = flow(CLIENT, 40002, SERVER, 50001);
        send(data, false, "-rw-r--r-- 1 a b 0 x\r\n");
        layer.onFlowEnd(data, now);
        assertThat(data.appProto).isEqualTo("ftp-data");
        List<JsonNode> r = recordsOf(data);
        assertThat(r).hasSize(1);
        assertThat(r.get(0).path("ftp_data").path("command").asText()).isEqualTo("LIST");
        assertThat(r.get(0).path("ftp_data").has("filename")).isFalse();
    }

    @Test
    void whatIsNotLinked() {
        // announced but no transfer command used it yet
        send(control, true, "PASV\r\n");
        send(control, false, "227 Entering Passive Mode (10,0,0,2,195,90)\r\n");
        Flow unused = flow(CLIENT, 40003, SERVER, 50010);
        send(unused, false, "hello");
        assertThat(unused.appProto).isNotEqualTo("ftp-data");
        // a port placed per flow (below FlowHash.DATA_PORT_MIN) cannot be linked the same way with any worker count
        send(control, true, "PASV\r\n");
        send(control, false, "227 Entering Passive Mode (10,0,0,2,19,136)\r\n");
        send(control, true, "RETR x\r\n");
        Flow lowPort = flow(CLIENT, 40004, SERVER, 5000);
        send(lowPort, false, "hello");
        assertThat(lowPort.appProto).isNotEqualTo("ftp-data");
        // too late: the expectation lapsed 30 s after the announcement
        send(control, true, "PASV\r\n");
        send(control, false, "227 Entering Passive Mode (10,0,0,2,195,100)\r\n");
        send(control, true, "RETR y\r\n");
        now += 31_000_000_000L;
        Flow late = flow(CLIENT, 40005, SERVER, 50020);
        send(late, false, "hello");
        assertThat(late.appProto).isNotEqualTo("ftp-data");
        // the port-5000 one lapsed too (kept: an active-mode server connecting from port 20 could have taken it)
        assertThat(layer.expectationsExpired()).isEqualTo(2);
        assertThat(layer.expectationsMatched()).isZero();
    }
}

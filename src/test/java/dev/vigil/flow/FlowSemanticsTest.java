package dev.vigil.flow;

import static dev.vigil.scenario.PacketBuilder.TCP_ACK;
import static dev.vigil.scenario.PacketBuilder.TCP_FIN;
import static dev.vigil.scenario.PacketBuilder.TCP_PSH;
import static dev.vigil.scenario.PacketBuilder.TCP_RST;
import static dev.vigil.scenario.PacketBuilder.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import dev.vigil.output.EveSink;
import dev.vigil.pipeline.Sensor;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.scenario.PacketBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flow records for small hand-made captures, checked against what Suricata writes for the same packets. */
class FlowSemanticsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final long T0 = 1_700_000_000_000_000_000L;
    static final byte[] NONE = new byte[0];
    static final byte[] DATA = "hello".getBytes(StandardCharsets.US_ASCII);

    @TempDir Path tmp;

    private List<JsonNode> flows(boolean midstream, byte[]... frames) throws IOException {
        Path pcap = tmp.resolve("t" + System.nanoTime() + ".pcap");
        try (OutputStream os = Files.newOutputStream(pcap); PcapWriter w = new PcapWriter(os, LinkType.ETHERNET)) {
            long t = T0;
            for (byte[] f : frames) {
                w.write(t, f);
                t += 1_000_000L;
            }
        }
        SensorConfig c = new SensorConfig();
        c.workers = 2;
        c.flow.midstream = midstream;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureFile file = CaptureFile.open(pcap); EveSink sink = new EveSink(out)) {
            new Sensor(c).run(List.of(file), sink, null);
        }
        List<JsonNode> flows = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            if (n.path("event_type").asText().equals("flow")) flows.add(n);
        }
        flows.sort((a, b) -> a.path("flow").path("start").asText().compareTo(b.path("flow").path("start").asText()));
        return flows;
    }

    private static PacketBuilder c2s() { return new PacketBuilder().ips("10.0.0.1", "10.0.0.2"); }
    private static PacketBuilder s2c() { return new PacketBuilder().ips("10.0.0.2", "10.0.0.1"); }

    @Test
    void clientClosesFirst() throws IOException {
        List<JsonNode> f = flows(false,
                c2s().tcp(1000, 80, 100, 0, TCP_SYN, NONE),
                s2c().tcp(80, 1000, 500, 101, TCP_SYN | TCP_ACK, NONE),
                c2s().tcp(1000, 80, 101, 501, TCP_ACK, NONE),
                c2s().tcp(1000, 80, 101, 501, TCP_ACK | TCP_PSH, DATA),
                s2c().tcp(80, 1000, 501, 106, TCP_ACK, NONE),
                c2s().tcp(1000, 80, 106, 501, TCP_FIN | TCP_ACK, NONE),
                s2c().tcp(80, 1000, 501, 107, TCP_ACK, NONE),
                s2c().tcp(80, 1000, 501, 107, TCP_FIN | TCP_ACK, NONE),
                c2s().tcp(1000, 80, 107, 502, TCP_ACK, NONE));
        assertThat(f).hasSize(1);
        JsonNode r = f.get(0);
        assertThat(r.path("tcp").path("state").asText()).isEqualTo("closed");
        assertThat(r.path("flow").path("state").asText()).isEqualTo("closed");
        assertThat(r.path("tcp").path("tcp_flags").asText()).isEqualTo("1b");
        assertThat(r.path("tcp").path("tcp_flags_tc").asText()).isEqualTo("13");
        assertThat(r.path("flow").path("pkts_toserver").asInt()).isEqualTo(5);
        assertThat(r.path("flow").path("pkts_toclient").asInt()).isEqualTo(4);
    }

    @Test
    void serverClosesFirstAndAStateStopsAtLastAck() throws IOException {
        List<JsonNode> f = flows(false,
                c2s().tcp(1000, 80, 100, 0, TCP_SYN, NONE),
                s2c().tcp(80, 1000, 500, 101, TCP_SYN | TCP_ACK, NONE),
                c2s().tcp(1000, 80, 101, 501, TCP_ACK, NONE),
                s2c().tcp(80, 1000, 501, 101, TCP_FIN | TCP_ACK, NONE),
                c2s().tcp(1000, 80, 101, 502, TCP_FIN | TCP_ACK, NONE),
                s2c().tcp(80, 1000, 502, 102, TCP_ACK, NONE),
                new PacketBuilder().ips("10.0.0.1", "10.0.0.3").tcp(2000, 80, 1, 0, TCP_SYN, NONE),
                new PacketBuilder().ips("10.0.0.3", "10.0.0.1").tcp(80, 2000, 9, 2, TCP_SYN | TCP_ACK, NONE),
                new PacketBuilder().ips("10.0.0.1", "10.0.0.3").tcp(2000, 80, 2, 10, TCP_ACK, NONE),
                new PacketBuilder().ips("10.0.0.1", "10.0.0.3").tcp(2000, 80, 2, 10, TCP_FIN | TCP_ACK, NONE),
                new PacketBuilder().ips("10.0.0.3", "10.0.0.1").tcp(80, 2000, 10, 3, TCP_FIN | TCP_ACK, NONE));
        assertThat(f).hasSize(2);
        assertThat(f.get(0).path("tcp").path("state").asText()).isEqualTo("closed");     // FIN_WAIT1 -> TIME_WAIT -> CLOSED
        assertThat(f.get(1).path("tcp").path("state").asText()).isEqualTo("last_ack");   // CLOSE_WAIT -> LAST_ACK
        assertThat(f.get(1).path("flow").path("state").asText()).isEqualTo("closed");
    }

    @Test
    void synOnlyFlowIsNewWithSynSent() throws IOException {
        JsonNode r = flows(false, c2s().tcp(38212, 25, 1, 0, TCP_SYN, NONE)).get(0);
        assertThat(r.path("tcp").path("state").asText()).isEqualTo("syn_sent");
        assertThat(r.path("tcp").path("tcp_flags").asText()).isEqualTo("02");
        assertThat(r.path("tcp").path("tcp_flags_ts").asText()).isEqualTo("02");
        assertThat(r.path("tcp").path("tcp_flags_tc").asText()).isEqualTo("00");
        assertThat(r.path("tcp").path("syn").asBoolean()).isTrue();
        assertThat(r.path("flow").path("state").asText()).isEqualTo("new");
        assertThat(r.path("flow").path("reason").asText()).isEqualTo("shutdown");
    }

    @Test
    void withoutSynThereIsNoSessionUnlessMidstream() throws IOException {
        byte[] a = c2s().tcp(1000, 80, 101, 501, TCP_ACK | TCP_PSH, DATA);
        byte[] b = s2c().tcp(80, 1000, 501, 106, TCP_ACK, NONE);
        JsonNode off = flows(false, a, b).get(0);
        assertThat(off.path("tcp").path("tcp_flags").asText()).isEqualTo("00");
        assertThat(off.path("tcp").has("state")).isFalse();
        assertThat(off.path("tcp").has("ack")).isFalse();
        assertThat(off.path("flow").path("state").asText()).isEqualTo("new");
        JsonNode on = flows(true, a, b).get(0);
        assertThat(on.path("tcp").path("state").asText()).isEqualTo("established");
        assertThat(on.path("tcp").path("tcp_flags").asText()).isEqualTo("18");
        assertThat(on.path("flow").path("state").asText()).isEqualTo("established");
    }

    @Test
    void rstClosesAndSynOnAClosedTupleStartsANewFlow() throws IOException {
        List<JsonNode> f = flows(false,
                c2s().tcp(1000, 80, 100, 0, TCP_SYN, NONE),
                s2c().tcp(80, 1000, 0, 101, TCP_RST | TCP_ACK, NONE),
                c2s().tcp(1000, 80, 900, 0, TCP_SYN, NONE),
                c2s().tcp(1000, 80, 900, 0, TCP_SYN, NONE));
        assertThat(f).hasSize(2);
        assertThat(f.get(0).path("tcp").path("state").asText()).isEqualTo("closed");
        assertThat(f.get(0).path("flow").path("reason").asText()).isEqualTo("tcp_reuse");
        assertThat(f.get(1).path("flow").path("pkts_toserver").asInt()).as("a SYN with the same ISN is a retransmission").isEqualTo(2);
        assertThat(f.get(1).path("tcp").path("state").asText()).isEqualTo("syn_sent");
    }

    @Test
    void icmpEchoFlowsKeyOnTheTypePair() throws IOException {
        List<JsonNode> f = flows(false,
                c2s().icmpEcho(true, 1, 1, DATA),
                s2c().icmpEcho(false, 1, 1, DATA),
                c2s().icmpEcho(false, 1, 2, DATA));   // a reply in the request's direction: another flow
        assertThat(f).hasSize(2);
        JsonNode pair = f.get(0);
        assertThat(pair.path("icmp_type").asInt()).isEqualTo(8);
        assertThat(pair.path("response_icmp_type").asInt()).isEqualTo(0);
        assertThat(pair.path("response_icmp_code").asInt()).isEqualTo(0);
        assertThat(pair.path("flow").path("pkts_toserver").asInt()).isEqualTo(1);
        assertThat(pair.path("flow").path("pkts_toclient").asInt()).isEqualTo(1);
        assertThat(pair.path("flow").path("state").asText()).isEqualTo("established");
        assertThat(f.get(1).path("icmp_type").asInt()).isEqualTo(0);
        assertThat(f.get(1).has("response_icmp_type")).isFalse();
        assertThat(pair.has("src_port")).isFalse();
    }

    @Test
    void icmpUnreachableJoinsTheFlowItQuotesAndNeverMakesOne() throws IOException {
        byte[] query = c2s().udp(5353, 53, DATA);
        byte[] unreachable = icmpUnreachable(query, "10.0.0.254", "10.0.0.1");
        byte[] stray = icmpUnreachable(new PacketBuilder().ips("10.0.0.1", "10.9.9.9").udp(1, 2, DATA), "10.0.0.254", "10.0.0.1");
        List<JsonNode> f = flows(false, query, unreachable, stray);
        assertThat(f).hasSize(1);
        JsonNode udp = f.get(0);
        assertThat(udp.path("proto").asText()).isEqualTo("UDP");
        assertThat(udp.path("flow").path("pkts_toserver").asInt()).isEqualTo(1);
        assertThat(udp.path("flow").path("pkts_toclient").asInt()).isEqualTo(1);
        assertThat(udp.path("flow").path("bytes_toclient").asInt()).isEqualTo(unreachable.length);
        assertThat(udp.path("flow").path("state").asText()).as("an ICMP error does not make a flow established").isEqualTo("new");
    }

    /** Ethernet + IPv4 + ICMP port unreachable quoting the IP header and 8 bytes of {@code quoted} (an Ethernet frame). */
    private static byte[] icmpUnreachable(byte[] quoted, String from, String to) {
        int quote = 20 + 8;
        byte[] f = new byte[14 + 20 + 8 + quote];
        System.arraycopy(quoted, 0, f, 0, 14);
        f[12] = 0x08;
        f[13] = 0x00;
        int ip = 14;
        f[ip] = 0x45;
        int total = 20 + 8 + quote;
        f[ip + 2] = (byte) (total >> 8);
        f[ip + 3] = (byte) total;
        f[ip + 8] = 64;
        f[ip + 9] = 1;
        String[] s = from.split("\\."), d = to.split("\\.");
        for (int i = 0; i < 4; i++) {
            f[ip + 12 + i] = (byte) Integer.parseInt(s[i]);
            f[ip + 16 + i] = (byte) Integer.parseInt(d[i]);
        }
        int icmp = ip + 20;
        f[icmp] = 3;
        f[icmp + 1] = 3;
        System.arraycopy(quoted, 14, f, icmp + 8, quote);
        return f;
    }
}

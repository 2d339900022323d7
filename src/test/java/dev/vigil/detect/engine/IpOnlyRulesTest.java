package dev.vigil.detect.engine;

import static dev.vigil.scenario.PacketBuilder.TCP_ACK;
import static dev.vigil.scenario.PacketBuilder.TCP_PSH;
import static dev.vigil.scenario.PacketBuilder.TCP_SYN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.capture.CaptureFile;
import dev.vigil.capture.LinkType;
import dev.vigil.capture.PcapWriter;
import dev.vigil.detect.rules.RuleLoader;
import dev.vigil.detect.rules.RuleVars;
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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IP-only rules (addresses and ports, nothing inspected) through the whole sensor: once per direction of
 * a flow, found through the address index among many, and a pass rule that silences its flow; next to
 * them the rules with addresses and no payload that are still inspected packet by packet.
 */
class IpOnlyRulesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000_000_000L;

    @TempDir Path tmp;

    /** A TCP session 10.0.0.1:40000 -> 203.0.113.9:8080: handshake, request, response (packets 1-5). */
    private static List<byte[]> session(String client, String server) {
        PacketBuilder c2s = new PacketBuilder().ips(client, server), s2c = new PacketBuilder().ips(server, client);
        return List.of(
                c2s.tcp(40000, 8080, 100, 0, TCP_SYN, new byte[0]),
                s2c.tcp(8080, 40000, 500, 101, TCP_SYN | TCP_ACK, new byte[0]),
                c2s.tcp(40000, 8080, 101, 501, TCP_ACK, new byte[0]),
                c2s.tcp(40000, 8080, 101, 501, TCP_ACK | TCP_PSH, "HELLO there".getBytes(StandardCharsets.ISO_8859_1)),
                s2c.tcp(8080, 40000, 501, 112, TCP_ACK | TCP_PSH, "OK fine\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    private List<JsonNode> run(String rules, List<byte[]> frames) throws IOException {
        Path pcap = tmp.resolve("s.pcap");
        try (OutputStream os = Files.newOutputStream(pcap); PcapWriter w = new PcapWriter(os, LinkType.ETHERNET)) {
            long t = T0;
            for (byte[] f : frames) {
                w.write(t, f);
                t += 1_000_000L;
            }
        }
        Path rulesFile = tmp.resolve("local.rules");
        Files.writeString(rulesFile, rules);
        RuleLoader.Result r = RuleLoader.forFiles(List.of(rulesFile), RuleVars.defaults()).load(List.of(rulesFile));
        assertThat(r.rejected()).isEmpty();
        DetectEngine engine = new DetectEngine(r.rules());
        assertThat(engine.notInspected()).isEmpty();
        SensorConfig c = new SensorConfig();
        c.workers = 1;
        c.detect = engine;
        c.classifications = r.classifications();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CaptureFile file = CaptureFile.open(pcap); EveSink sink = new EveSink(out)) {
            new Sensor(c).run(List.of(file), sink, null);
        }
        List<JsonNode> alerts = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) continue;
            JsonNode n = JSON.readTree(line);
            if (n.path("event_type").asText().equals("alert")) alerts.add(n);
        }
        return alerts;
    }

    /** "sid@pcap_cnt" of each alert, in output order. */
    private static List<String> hits(List<JsonNode> alerts) {
        return alerts.stream().map(a -> a.path("alert").path("signature_id").asLong() + "@" + a.path("pcap_cnt").asLong()).toList();
    }

    @Test
    void ipOnlyRulesSeeTheFirstPacketOfEachDirectionOnly() throws IOException {
        String rules = String.join("\n",
                "alert tcp 10.0.0.1 any -> any any (msg:\"from the client\"; sid:1;)",
                "alert ip any any -> any any (msg:\"any\"; sid:2;)",
                "alert tcp 203.0.113.9 8080 -> 10.0.0.1 any (msg:\"from the server\"; sid:3;)",
                "alert tcp 10.0.0.1 any -> any 9999 (msg:\"wrong port\"; sid:4;)",
                "alert udp 10.0.0.1 any -> any any (msg:\"wrong protocol\"; sid:5;)",
                "alert tcp [192.0.2.0/24,10.0.0.0/30] any <> 203.0.113.9 any (msg:\"either way\"; sid:6;)");
        assertThat(hits(run(rules, session("10.0.0.1", "203.0.113.9"))))
                .containsExactlyInAnyOrder("1@1", "2@1", "6@1", "2@2", "3@2", "6@2");
    }

    @Test
    void rulesWithAddressesThatTestMoreAreInspectedPacketByPacket() throws IOException {
        String rules = String.join("\n",
                // a negated address makes it "like IP-only": every packet
                "alert tcp 10.0.0.1 any -> !10.0.0.2 any (msg:\"negated\"; sid:1;)",
                // flow state: the ACK completing the handshake is not established yet, as in Suricata
                "alert tcp 10.0.0.1 any -> !10.0.0.1 any (msg:\"established\"; flow:established; sid:2;)",
                "alert tcp 203.0.113.9 any -> any any (msg:\"syn-ack\"; flags:SA; sid:3;)",
                "alert tcp 10.0.0.1 any -> 203.0.113.9 any (msg:\"push\"; flags:+P; flow:to_server; sid:4;)",
                // no address to index: tried on every SYN packet
                "alert tcp any any -> any any (msg:\"any syn\"; flags:S+; sid:5;)",
                "alert tcp any any -> any 8080 (msg:\"bare syn\"; flags:S,12; sid:6;)");
        assertThat(hits(run(rules, session("10.0.0.1", "203.0.113.9"))))
                .containsExactlyInAnyOrder("1@1", "1@3", "1@4", "2@4", "3@2", "4@4", "5@1", "5@2", "6@1");
    }

    @Test
    void anIpOnlyPassRuleSilencesItsFlowOnly() throws IOException {
        String rules = String.join("\n",
                "pass ip any any <> 203.0.113.9 any (msg:\"trusted\"; sid:10;)",
                "alert tcp-pkt any any -> any any (msg:\"hello\"; content:\"HELLO\"; sid:11;)",
                "alert tcp any any -> any any (msg:\"syn\"; flags:S; sid:12;)");
        List<byte[]> frames = new ArrayList<>(session("10.0.0.1", "203.0.113.9"));
        frames.addAll(session("10.0.0.1", "198.51.100.7"));
        // the other server's flow still alerts: its SYN (packet 6) and request (packet 9)
        assertThat(hits(run(rules, frames))).containsExactly("12@6", "11@9");
    }

    @Test
    void anIpOnlyRuleSetsFlowbitsForThePayloadRulesAfterIt() throws IOException {
        String rules = String.join("\n",
                "alert tcp-pkt any any -> any any (msg:\"answer to a watched client\"; flowbits:isset,watched; content:\"OK\"; sid:21;)",
                "alert ip 10.0.0.1 any -> any any (msg:\"watch\"; flowbits:set,watched; flowbits:noalert; sid:20;)");
        assertThat(hits(run(rules, session("10.0.0.1", "203.0.113.9")))).containsExactly("21@5");
        assertThat(hits(run(rules, session("10.0.0.3", "203.0.113.9")))).isEmpty();
    }

    @Test
    void theRightRuleAmongThousandsOfReputationLists() throws IOException {
        Random rnd = new Random(7);
        StringBuilder rules = new StringBuilder();
        for (int sid = 1; sid <= 3000; sid++) {
            List<String> ips = new ArrayList<>();
            for (int k = 0; k < 25; k++) ips.add("198.18." + rnd.nextInt(256) + "." + rnd.nextInt(256));
            if (sid == 2345) ips.add("203.0.113.9");
            if (sid == 17) ips.add("203.0.113.0/28");
            rules.append("alert ip [").append(String.join(",", ips)).append("] any -> $HOME_NET any (msg:\"reputation ").append(sid)
                    .append("\"; threshold: type limit, track by_src, seconds 60, count 1; sid:").append(sid).append(";)\n");
        }
        List<JsonNode> alerts = run(rules.toString(), session("10.0.0.1", "203.0.113.9"));
        assertThat(hits(alerts)).containsExactlyInAnyOrder("17@2", "2345@2");
        assertThat(alerts.get(0).path("src_ip").asText()).isEqualTo("203.0.113.9");
    }
}

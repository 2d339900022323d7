package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCaptureTest {
    @TempDir
    Path tmp;

    @Test
    void theMixedCaptureGivesTheExpectedFlows() throws Exception {
        Path pcap = dev.vigil.scenario.DemoCapture.write(tmp.resolve("demo.pcap"));
        assertThat(Main.run("analyze", pcap.toString(), "-o", tmp.toString())).isZero();
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> flows = new ArrayList<>();
        JsonNode stats = null;
        for (String l : Files.readAllLines(tmp.resolve("eve.json"))) {
            JsonNode n = json.readTree(l);
            if (n.get("event_type").asText().equals("flow")) flows.add(n);
            if (n.get("event_type").asText().equals("stats")) stats = n;
        }
        assertThat(flows).hasSize(6);
        JsonNode http = flows.stream().filter(f -> f.path("dest_port").asInt() == 80).findFirst().orElseThrow();
        assertThat(http.at("/flow/pkts_toserver").asInt()).isEqualTo(5);
        assertThat(http.at("/flow/pkts_toclient").asInt()).isEqualTo(3);
        assertThat(http.at("/tcp/state").asText()).isEqualTo("closed");
        assertThat(http.at("/flow/state").asText()).isEqualTo("closed");
        JsonNode ping = flows.stream().filter(f -> f.get("proto").asText().equals("ICMP")).findFirst().orElseThrow();
        assertThat(ping.at("/flow/pkts_toserver").asInt()).isEqualTo(3);
        assertThat(ping.at("/flow/pkts_toclient").asInt()).isEqualTo(3);
        assertThat(ping.get("icmp_type").asInt()).isEqualTo(8);
        assertThat(ping.get("response_icmp_type").asInt()).isZero();
        JsonNode vlan = flows.stream().filter(f -> f.has("vlan")).findFirst().orElseThrow();
        assertThat(vlan.get("vlan").get(0).asInt()).isEqualTo(42);
        assertThat(vlan.at("/tcp/state").asText()).isEqualTo("closed");
        JsonNode v6 = flows.stream().filter(f -> f.get("ip_v").asInt() == 6).findFirst().orElseThrow();
        assertThat(v6.get("src_ip").asText()).isEqualTo("2001:0db8:0000:0000:0000:0000:0000:0010");
        assertThat(stats).isNotNull();
        assertThat(stats.at("/stats/decoder/pkts").asLong()).isEqualTo(25);
        assertThat(stats.at("/stats/decoder/invalid").asLong()).isEqualTo(1);
        assertThat(stats.at("/stats/decoder/event/ipv4/pkt_too_small").asLong()).isEqualTo(1);
    }
}

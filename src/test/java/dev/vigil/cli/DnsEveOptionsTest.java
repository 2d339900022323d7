package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The eve-log dns options reach the dns protocol from suricata.yaml (a list option arrives
 * comma-joined, an empty key as "") and from {@code --set}, and change what {@code vigil analyze}
 * writes for a real capture (suricata-verify's three queries for google.com: A, AAAA, MX, and their
 * responses). Also: a flow first seen at its DNS answer is reported from the client's side.
 */
class DnsEveOptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path tmp;

    static Path capture() {
        Path p = Corpus.root().resolve("suricata-verify/tests/dns/dns-udp-eve-log-answer-only/dns-udp-google.com-a-aaaa-mx.pcap");
        assertThat(p).as("suricata-verify capture (corpus)").exists();
        return p;
    }

    @Test
    void yamlListAndEmptyOptionsReachTheSettings() throws Exception {
        Path yaml = tmp.resolve("suricata.yaml");
        Files.writeString(yaml, """
                %YAML 1.1
                ---
                outputs:
                  - eve-log:
                      enabled: yes
                      types:
                        - dns:
                            version: 2
                            requests: no
                            types: [a, mx]
                            formats:
                """);
        SensorConfig c = new SensorConfig();
        SuricataYamlConfig.apply(yaml, c);
        assertThat(c.app.settings).containsEntry("dns.version", "2").containsEntry("dns.requests", "false") // YAML 1.1 reads "no" as a boolean
               
                .containsEntry("dns.types", "a,mx").containsEntry("dns.formats", "");
    }

    @Test
    void yamlTypesOptionFiltersTheRecords() throws Exception {
        Path yaml = tmp.resolve("suricata.yaml");
        Files.writeString(yaml, """
                %YAML 1.1
                ---
                outputs:
                  - eve-log:
                      enabled: yes
                      types:
                        - dns:
                            types: [a, mx]
                """);
        List<JsonNode> dns = dns(run("-c", yaml.toString()));
        // A and MX: their requests and responses; the AAAA pair is not logged
        assertThat(dns).hasSize(4);
        assertThat(dns).extracting(n -> n.at("/dns/queries/0/rrtype").asText()).containsOnly("A", "MX");
    }

    @Test
    void setTypesAndRequestsWork() throws Exception {
        List<JsonNode> all = dns(run());
        assertThat(all).hasSize(6);
        List<JsonNode> dns = dns(run("--set", "outputs.eve-log.types.dns.types=a,mx", "--set", "outputs.eve-log.types.dns.requests=no"));
        assertThat(dns).hasSize(2).allMatch(n -> n.at("/dns/type").asText().equals("response"));
        assertThat(dns).extracting(n -> n.at("/dns/queries/0/rrtype").asText()).containsExactlyInAnyOrder("A", "MX");
    }

    @Test
    void aFlowFirstSeenAtItsAnswerIsReportedFromTheClient() throws Exception {
        Path pcap = Corpus.root().resolve("suricata-verify/tests/dns-reversed-udp-1/input.pcap");
        assertThat(pcap).as("suricata-verify capture (corpus)").exists();
        // one packet, 10.16.1.1:53 -> 10.16.1.11: a response
        Path out = tmp.resolve("rev");
        int rc = quiet("analyze", "-r", pcap.toString(), "-l", out.toString(), "-k", "none", "--data-dir", tmp.resolve("data").toString());
        assertThat(rc).isZero();
        List<JsonNode> recs = records(out.resolve("eve.json"));
        JsonNode flow = recs.stream().filter(n -> n.path("event_type").asText().equals("flow")).findFirst().orElseThrow();
        assertThat(flow.path("src_ip").asText()).isEqualTo("10.16.1.11");
        assertThat(flow.path("dest_ip").asText()).isEqualTo("10.16.1.1");
        assertThat(flow.path("dest_port").asInt()).isEqualTo(53);
        assertThat(flow.at("/flow/pkts_toserver").asLong()).isZero();
        assertThat(flow.at("/flow/pkts_toclient").asLong()).isEqualTo(1);
        JsonNode dns = recs.stream().filter(n -> n.path("event_type").asText().equals("dns")).findFirst().orElseThrow();
        // v3: a response is logged from the server
        assertThat(dns.at("/dns/type").asText()).isEqualTo("response");
        assertThat(dns.path("src_ip").asText()).isEqualTo("10.16.1.1");
        assertThat(dns.path("src_port").asInt()).isEqualTo(53);
        assertThat(dns.path("flow_id").asLong()).isEqualTo(flow.path("flow_id").asLong());
        assertThat(recs).noneMatch(n -> n.path("event_type").asText().equals("anomaly"));
    }

    private Path run(String... extra) {
        Path out = tmp.resolve("o" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("analyze", "-r", capture().toString(), "-l", out.toString(), "-k", "none",
                "--data-dir", tmp.resolve("data").toString()));
        args.addAll(List.of(extra));
        assertThat(quiet(args.toArray(String[]::new))).isZero();
        return out.resolve("eve.json");
    }

    /** Main.run with its console output kept out of the test log. */
    static int quiet(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sink, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static List<JsonNode> dns(Path eve) throws Exception {
        return records(eve).stream().filter(n -> n.path("event_type").asText().equals("dns")).toList();
    }

    private static List<JsonNode> records(Path eve) throws Exception {
        List<JsonNode> r = new ArrayList<>();
        for (String l : Files.readAllLines(eve)) r.add(JSON.readTree(l));
        return r;
    }
}

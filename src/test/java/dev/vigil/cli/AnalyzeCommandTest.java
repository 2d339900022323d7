package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.scenario.DemoCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {}

    private Run vigil(String... args) {
        dev.vigil.testing.VigilCli.Run r = dev.vigil.testing.VigilCli.run(args);
        return new Run(r.exit(), r.out(), r.err());
    }

    private static List<JsonNode> records(Path eve) throws Exception {
        List<JsonNode> r = new ArrayList<>();
        for (String l : Files.readAllLines(eve)) r.add(JSON.readTree(l));
        return r;
    }

    @Test
    void suricataOfflineFlagsWork() throws Exception {
        Path pcap = DemoCapture.write(tmp.resolve("demo.pcap"));
        Path yaml = tmp.resolve("suricata.yaml");
        Files.writeString(yaml, """
                %YAML 1.1
                ---
                vars:
                  address-groups:
                    HOME_NET: "[10.0.0.0/8]"
                outputs:
                  - fast:
                      enabled: yes
                  - eve-log:
                      enabled: yes
                      filetype: regular
                      types:
                        - flow
                        - alert:
                            tagged-packets: yes
                unknown-section:
                  whatever: 1
                """);
        Path rules = tmp.resolve("test.rules");
        Files.writeString(rules, "alert tcp any any -> any any (msg:\"x\"; content:\"never in the demo capture\"; sid:1;)\n");
        Path out = tmp.resolve("out");
        Run r = vigil("analyze", "-r", pcap.toString(), "-l", out.toString(), "-S", rules.toString(),
                "-c", yaml.toString(), "-k", "none", "--set", "flow.memcap=64mb", "--set", "stream.midstream=true", "--set", "stream.reassembly.depth=1mb", "--set", "detect.profile=high",
                "--data-dir", tmp.resolve("data").toString());
        assertThat(r.exit()).isZero();
        // stream.* settings are honoured (TCP sessions picked up midstream, the depth); settings Vigil lacks are named and ignored
        assertThat(r.err()).contains("1 rules loaded, 0 rejected").contains("1 rules inspected").contains("detect.profile")
                .doesNotContain("stream.midstream").doesNotContain("stream.reassembly.depth");
        List<JsonNode> recs = records(out.resolve("eve.json"));
        // the yaml enables flow and alert (the rule matches nothing here); anomaly and stats records are therefore not written
        assertThat(recs).isNotEmpty().allMatch(n -> n.get("event_type").asText().equals("flow"));
        assertThat(recs).hasSize(6);
        assertThat(r.out()).contains("packets:        25").contains("flows:          6");
        assertThat(Files.isDirectory(tmp.resolve("data"))).isTrue();
    }

    @Test
    void positionalFilesWorkersAndDefaultTypes() throws Exception {
        Path a = DemoCapture.write(tmp.resolve("a.pcap"));
        Path b = DemoCapture.write(tmp.resolve("b.pcap"));
        Path out = tmp.resolve("o");
        Run r = vigil("analyze", a.toString(), b.toString(), "-o", out.toString(), "--workers", "2",
                "--data-dir", tmp.resolve("data").toString());
        assertThat(r.exit()).isZero();
        List<JsonNode> recs = records(out.resolve("eve.json"));
        JsonNode stats = recs.stream().filter(n -> n.get("event_type").asText().equals("stats")).findFirst().orElseThrow();
        assertThat(stats.at("/stats/decoder/pkts").asLong()).isEqualTo(50);
        // the second file replays the same tuples at the same times: the flows simply continue
        assertThat(recs.stream().filter(n -> n.get("event_type").asText().equals("anomaly"))).hasSize(2);
        assertThat(r.out()).contains("eve.json: ");
    }

    @Test
    void missingFileIsAnErrorButANonCaptureIsReportedAndSkipped() throws Exception {
        Run missing = vigil("analyze", tmp.resolve("nope.pcap").toString(), "-o", tmp.resolve("m").toString(),
                "--data-dir", tmp.resolve("data").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("cannot read");

        Path junk = tmp.resolve("junk.pcap");
        Files.writeString(junk, "this is not a capture file at all");
        Path demo = DemoCapture.write(tmp.resolve("d.pcap"));
        Run r = vigil("analyze", junk.toString(), demo.toString(), "-o", tmp.resolve("j").toString(),
                "--data-dir", tmp.resolve("data").toString());
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("skipped").contains("junk.pcap");
        assertThat(r.out()).contains("packets:        25");
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void badChecksumModeIsRejected() {
        Run r = vigil("analyze", "-k", "sometimes", "x.pcap");
        assertThat(r.exit()).isEqualTo(2);
    }

    @Test
    void zeekLogsAndEveFilesGoThroughTheBehaviouralDetectors() throws Exception {
        // Zeek's JSON conn.log of an nmap run: the scans are found and written as alerts
        Path zeek = dev.vigil.testing.Corpus.root().resolve("behavior/sdt-002-nmap-portscan");
        Run z = vigil("analyze", "--zeek", zeek.toString(), "-o", tmp.resolve("z").toString());
        assertThat(z.exit()).as(z.err()).isZero();
        assertThat(z.out()).contains("4,504 rows").contains("7100031");
        List<JsonNode> alerts = records(tmp.resolve("z/eve.json")).stream().filter(r -> r.path("event_type").asText().equals("alert")).toList();
        assertThat(alerts).isNotEmpty().allSatisfy(a -> {
            assertThat(a.path("src_ip").asText()).isEqualTo("172.16.1.11");
            assertThat(a.at("/alert/signature_id").asInt()).isBetween(7100030, 7100032);
            assertThat(a.at("/alert/mitre").get(0).asText()).isEqualTo("T1046");
        });
        assertThat(records(tmp.resolve("z/eve.json")).getLast().path("event_type").asText()).isEqualTo("stats");

        // the same detectors over an eve.json: the demo's records without their alerts give the alerts back
        Path pcap = DemoCapture.write(tmp.resolve("demo.pcap"));
        Run a = vigil("analyze", pcap.toString(), "-o", tmp.resolve("a").toString(), "--no-behavior");
        assertThat(a.exit()).as(a.err()).isZero();
        Run e = vigil("analyze", "--eve", tmp.resolve("a/eve.json").toString(), "-o", tmp.resolve("e").toString());
        assertThat(e.exit()).as(e.err()).isZero();
        assertThat(e.out()).contains("records used, 0 malformed");

        assertThat(vigil("analyze", "--eve", "x.json", pcap.toString()).exit()).isEqualTo(2);
        assertThat(vigil("analyze", "--zeek", tmp.resolve("nothing-here").toString(), "-o", tmp.resolve("n").toString()).exit()).isEqualTo(1);
    }
}

package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.pipeline.SensorConfig;
import dev.vigil.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Suricata's per-protocol reassembly depth ({@code app-layer.protocols.<name>.stream-depth}) is read from
 * suricata.yaml and {@code --set}, and changes what is logged: in Zeek's SMB3 multichannel capture the
 * CREATE of {@code 12splwow64.exe} comes after more than a megabyte of the session, so SMB's default
 * (unlimited, as Suricata's) logs it and a 1 MiB depth does not.
 */
class ProtocolStreamDepthTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATE_NAME = "12splwow64.exe";
    @TempDir
    Path tmp;

    @Test
    void yamlAndSetReachTheConfig() throws Exception {
        Path yaml = tmp.resolve("suricata.yaml");
        Files.writeString(yaml, """
                %YAML 1.1
                ---
                app-layer:
                  protocols:
                    smb:
                      stream-depth: 2mb
                    http:
                      stream-depth: 0
                    tls:
                      stream-depth: lots
                """);
        SensorConfig c = new SensorConfig();
        List<String> notes = SuricataYamlConfig.apply(yaml, c);
        assertThat(c.app.streamDepths).containsEntry("smb", 2L << 20).containsEntry("http", 0L).doesNotContainKey("tls");
        assertThat(notes).anyMatch(n -> n.contains("tls.stream-depth"));
        assertThat(Settings.apply("app-layer.protocols.smb.stream-depth=64kb", c)).isNull();
        assertThat(c.app.streamDepths).containsEntry("smb", 64L << 10);
    }

    @Test
    void smbIsFollowedPastTheGlobalDepthUnlessItsOwnDepthSaysOtherwise() throws Exception {
        Path pcap = Corpus.pcapDir().resolve("smb/zeek-smb3_multichannel.pcap");
        assertThat(pcap).as("corpus capture").exists();
        assertThat(smbNames(run(pcap, "--set", "stream.reassembly.depth=1mb"))).contains(LATE_NAME);
        assertThat(smbNames(run(pcap, "--set", "app-layer.protocols.smb.stream-depth=1mb"))).isNotEmpty().doesNotContain(LATE_NAME);
    }

    private List<String> smbNames(Path eve) throws Exception {
        List<String> names = new ArrayList<>();
        for (String l : Files.readAllLines(eve)) {
            JsonNode n = JSON.readTree(l);
            if (n.path("event_type").asText().equals("smb") && n.at("/smb/filename").isTextual()) names.add(n.at("/smb/filename").asText());
        }
        return names;
    }

    private Path run(Path pcap, String... extra) {
        Path out = tmp.resolve("o" + System.nanoTime());
        List<String> args = new ArrayList<>(List.of("analyze", "-r", pcap.toString(), "-l", out.toString(), "-k", "none",
                "--data-dir", tmp.resolve("data").toString()));
        args.addAll(List.of(extra));
        assertThat(DnsEveOptionsTest.quiet(args.toArray(String[]::new))).isZero();
        return out.resolve("eve.json");
    }
}

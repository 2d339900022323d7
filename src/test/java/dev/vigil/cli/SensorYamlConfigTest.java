package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.output.EveTypes;
import dev.vigil.pipeline.SensorConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SensorYamlConfigTest {
    @TempDir
    Path tmp;

    @Test
    void theDocumentedExampleHoldsTheDefaults() throws IOException {
        SensorYamlConfig y = SensorYamlConfig.load(Path.of("docs/vigil.yaml"));
        SensorConfig defaults = new SensorConfig();
        SensorCommand cmd = new SensorCommand();
        assertThat(y.interfaces()).containsExactly("eth0");
        assertThat(y.snaplen()).isEqualTo(cmd.snaplen);
        assertThat(y.bufferMb()).isEqualTo(cmd.bufferMb);
        assertThat(y.ringMb()).isEqualTo(cmd.ringMb);
        assertThat(y.statsInterval()).isEqualTo(cmd.statsInterval);
        assertThat(y.promiscuous()).isEqualTo(!cmd.noPromisc);
        assertThat(y.rotateMb()).isEqualTo(cmd.rotateMb);
        assertThat(y.rotateSeconds()).isEqualTo(cmd.rotateSeconds);
        assertThat(y.rotateKeep()).isEqualTo(cmd.rotateKeep);
        assertThat(y.checksumChecks()).isEqualTo(cmd.analysis.checksumMode);
        assertThat(y.workers()).as("commented out: the cores").isNull();
        assertThat(y.rules()).isNull();
        assertThat(y.eveTypes()).containsExactlyInAnyOrderElementsOf(EveTypes.KNOWN);
        // its memcaps and settings, applied as --set would, leave the defaults as they are
        SensorConfig c = new SensorConfig();
        for (String s : y.settings()) assertThat(Settings.apply(s, c)).as(s).isNull();
        assertThat(c.flow.memcap).isEqualTo(defaults.flow.memcap);
        assertThat(c.stream.memcap).isEqualTo(defaults.stream.memcap);
        assertThat(c.defragMemcap).isEqualTo(defaults.defragMemcap);
        assertThat(c.stream.depth).isEqualTo(defaults.stream.depth);
        assertThat(c.flow.timeoutSeconds(dev.vigil.flow.FlowQueue.TCP_ESTABLISHED)).isEqualTo(defaults.flow.timeoutSeconds(dev.vigil.flow.FlowQueue.TCP_ESTABLISHED));
        assertThat(y.vars()).containsEntry("HOME_NET", "[192.168.0.0/16,10.0.0.0/8,172.16.0.0/12]");
    }

    @Test
    void valuesAreReadAndMistakesNamed() throws IOException {
        Path f = tmp.resolve("v.yaml");
        Files.writeString(f, """
                sensor:
                  interfaces: ens3
                  workers: 3
                vars: {HOME_NET: "[10.1.0.0/16]"}
                rules: rules/local.rules
                outputs: {dir: out, eve: {rotate-size-mb: 100, types: [alert, flow]}}
                memcaps: {flow: 256mb}
                """);
        SensorYamlConfig y = SensorYamlConfig.load(f);
        assertThat(y.interfaces()).containsExactly("ens3");
        assertThat(y.workers()).isEqualTo(3);
        assertThat(y.rules()).isEqualTo(tmp.resolve("rules/local.rules"));
        assertThat(y.outputDir()).isEqualTo(tmp.resolve("out"));
        assertThat(y.rotateMb()).isEqualTo(100);
        assertThat(y.eveTypes()).containsExactly("alert", "flow");
        assertThat(y.settings()).containsExactly("flow.memcap=256mb");

        Files.writeString(f, "sensor:\n  interface: eth0\n");
        assertThatThrownBy(() -> SensorYamlConfig.load(f)).hasMessageContaining("unknown key sensor.interface");
        Files.writeString(f, "sensor:\n  workers: two\n");
        assertThatThrownBy(() -> SensorYamlConfig.load(f)).hasMessageContaining("sensor.workers: expected a whole number");
        Files.writeString(f, "outputs:\n  eve:\n    types: [alerts]\n");
        assertThatThrownBy(() -> SensorYamlConfig.load(f)).hasMessageContaining("unknown type alerts");
        Files.writeString(f, "sensor: [eth0\n");
        assertThatThrownBy(() -> SensorYamlConfig.load(f)).hasMessageContaining("not valid YAML");
    }

    @Test
    void theCommandLineWinsOverTheFile() throws IOException {
        Path f = tmp.resolve("v.yaml");
        Files.writeString(f, "sensor: {interfaces: [eth9], workers: 3, stats-interval: 30}\n");
        // no such interface: the command fails at capture, after the options are settled
        SensorCommand cmd = new SensorCommand();
        int rc = new picocli.CommandLine(cmd).execute("--config", f.toString(), "--workers", "1", "-l", tmp.resolve("o").toString());
        assertThat(rc).isEqualTo(1);
        assertThat(cmd.interfaces).containsExactly("eth9");
        assertThat(cmd.analysis.workers).isEqualTo(1);
        assertThat(cmd.statsInterval).isEqualTo(30);
    }
}

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

    /** The behavior section names every setting, each with its default: the documentation cannot drift from the code. */
    @Test
    void theDocumentedBehaviorSectionIsEverySettingWithItsDefault() throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        com.fasterxml.jackson.databind.JsonNode documented = yaml.readTree(Path.of("docs/vigil.yaml").toFile()).get("behavior");
        com.fasterxml.jackson.databind.JsonNode defaults = yaml.valueToTree(new dev.vigil.detect.behavior.BehaviorConfig());
        assertThat(documented).isNotNull();
        assertThat(sortedFields(documented)).isEqualTo(sortedFields(defaults));
        // numbers compare by value (YAML's 120 is an int, the setting a long)
        java.util.Comparator<com.fasterxml.jackson.databind.JsonNode> byValue = (a, b) -> a.equals(b) ? 0
                : a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0 ? 0 : 1;
        assertThat(documented.equals(byValue, defaults)).as(documented + "\n" + defaults).isTrue();
        // and the loader takes it as it is
        assertThat(((com.fasterxml.jackson.databind.JsonNode) yaml.valueToTree(SensorYamlConfig.load(Path.of("docs/vigil.yaml")).behavior())).equals(byValue, defaults)).isTrue();
    }

    private static java.util.List<String> sortedFields(com.fasterxml.jackson.databind.JsonNode n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        n.properties().forEach(e -> {
            out.add(e.getKey());
            if (e.getValue().isObject()) for (String k : sortedFields(e.getValue())) out.add(e.getKey() + "." + k);
        });
        java.util.Collections.sort(out);
        return out;
    }

    @Test
    void aMisspeltBehaviorKeyIsRefusedByName() throws IOException {
        Path f = tmp.resolve("v.yaml");
        Files.writeString(f, "behavior:\n  scanning:\n    vertical_port: 10\n");
        assertThatThrownBy(() -> SensorYamlConfig.load(f)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("vertical_port");
        Files.writeString(f, "behavior:\n  scanning:\n    vertical_ports: 10\n  allow_domains: [corp.example]\n");
        SensorYamlConfig y = SensorYamlConfig.load(f);
        assertThat(y.behavior().scanning.verticalPorts).isEqualTo(10);
        assertThat(y.behavior().allowsName("x.corp.example")).isTrue();
        assertThat(y.behavior().beaconing.threshold).isEqualTo(new dev.vigil.detect.behavior.BehaviorConfig().beaconing.threshold);
    }

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
        assertThat(y.eveTypes()).containsExactlyInAnyOrderElementsOf(EveTypes.all().enabled());
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

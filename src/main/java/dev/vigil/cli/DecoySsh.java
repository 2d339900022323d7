package dev.vigil.cli;

import dev.vigil.deception.decoy.DecoyLog;
import dev.vigil.deception.decoy.ssh.SshDecoy;
import dev.vigil.deception.decoy.ssh.SshDecoyConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** An {@code ssh:} entry of decoy.yaml as a running SSH decoy, with the site's decoy documents in its filesystem. */
final class DecoySsh {
    private DecoySsh() {}

    static AutoCloseable start(DecoyYaml.Service s, DecoyYaml cfg, Path dataDir, DecoyLog log, Map<String, byte[]> documents) throws IOException {
        DecoyYaml.keys(s, "ssh", Set.of("version", "host_key", "hostname", "accept", "accept_tokens"));
        Map<String, String> accept = new LinkedHashMap<>();
        s.settings().path("accept").properties().forEach(e -> accept.put(e.getKey(), e.getValue().asText()));
        String key = s.settings().path("host_key").asText("ssh_host_key_" + s.name().replaceAll("[^A-Za-z0-9_.-]", "_"));
        Path hostKey = dataDir.resolve(key).normalize();
        if (!hostKey.startsWith(dataDir.normalize())) throw new IllegalArgumentException("ssh decoy " + s.name() + ": host_key must stay inside the data directory");
        SshDecoyConfig c = new SshDecoyConfig(s.name(), s.host(), s.port(), s.settings().path("version").asText(null), hostKey, accept,
                s.settings().path("accept_tokens").asBoolean(true), s.settings().path("hostname").asText(null), documents, cfg.limits());
        SshDecoy d = SshDecoy.start(c, log);
        System.err.printf("vigil: decoy %s (ssh, %s) on %s:%d%n", s.name(), c.version(), s.host(), d.port());
        return d;
    }
}

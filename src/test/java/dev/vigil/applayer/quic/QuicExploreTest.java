package dev.vigil.applayer.quic;

import dev.vigil.testing.Corpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class QuicExploreTest {
    @Test
    void explore() throws Exception {
        try (Stream<Path> s = Files.list(Corpus.pcapDir().resolve("quic"))) {
            for (Path p : s.sorted().toList()) {
                QuicReplay q = QuicReplay.of(p);
                System.out.println("== " + p.getFileName());
                for (QuicReplay.Out o : q.records) System.out.println("  " + o.frame() + " " + o.flow() + " " + o.json());
                for (QuicReplay.FlowState f : q.flows.values()) {
                    if (!f.anomalies.isEmpty()) System.out.println("  anomalies " + f.key + " " + f.anomalies);
                    if (f.refused && f.parser == null) System.out.println("  refused " + f.key);
                }
            }
        }
    }
}

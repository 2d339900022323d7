package dev.vigil.intel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detect.ioc.EveValues;
import dev.vigil.detect.ioc.IndicatorMatch;
import dev.vigil.detect.ioc.ObservedValues;
import dev.vigil.intel.stix.BundleReader;
import dev.vigil.intel.stix.StixObject;
import dev.vigil.testing.Corpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntelStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Enterprise ATT&CK bundle imports completely: every object stored, counts by type as the corpus lists them; again, nothing changes. */
    @Test
    void attackImportsCompletelyAndIdempotently(@TempDir Path dir) throws Exception {
        Path bundle = Corpus.root().resolve("intel/attack/enterprise-attack-18.1.stix21.reconstructed.json.gz");
        Map<String, Long> expected = new java.util.TreeMap<>();
        boolean enterprise = false;
        for (String line : Files.readAllLines(Corpus.root().resolve("intel/attack/COUNTS.txt"))) {
            if (line.startsWith("== ")) enterprise = line.contains("enterprise");
            Matcher m = Pattern.compile("^  ([a-z0-9-]+): (\\d+)$").matcher(line);
            if (enterprise && m.matches() && !m.group(1).equals("revoked")) expected.put(m.group(1), Long.parseLong(m.group(2)));
        }
        try (IntelStore store = IntelStore.open(dir)) {
            long t0 = System.nanoTime();
            IntelStore.Importer im = store.importer(null);
            BundleReader.Result read;
            try (InputStream in = Files.newInputStream(bundle)) {
                read = new BundleReader().read(in, im::add);
            }
            IntelStore.ImportReport r = im.finish();
            System.out.printf("ATT&CK Enterprise: %d objects read, %d stored, %d refused in %.2f s%n", read.delivered(), r.stored, r.refused, (System.nanoTime() - t0) / 1e9);
            assertThat(r.reasons).isEmpty();
            assertThat(r.stored).isEqualTo(24_771);
            assertThat(r.byType).isEqualTo(expected);
            assertThat(store.objects().countByType()).isEqualTo(expected);
            IntelStore.Importer again = store.importer(null);
            try (InputStream in = Files.newInputStream(bundle)) {
                new BundleReader().read(in, again::add);
            }
            IntelStore.ImportReport r2 = again.finish();
            assertThat(r2.stored).isZero();
            assertThat(r2.unchanged).isEqualTo(24_771);
        }
    }

    private static ObjectNode indicator(String id, String pattern, String validUntil) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", "indicator").put("spec_version", "2.1").put("id", id)
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
                .put("name", "test " + pattern).put("pattern", pattern).put("pattern_type", "stix").put("valid_from", "2026-01-01T00:00:00Z");
        if (validUntil != null) n.put("valid_until", validUntil);
        return n;
    }

    @Test
    void activeIndicatorsCompileWithTheirTechniques(@TempDir Path dir) {
        String c2 = "indicator--11111111-1111-4111-8111-111111111111";
        String old = "indicator--22222222-2222-4222-8222-222222222222";
        String chain = "indicator--33333333-3333-4333-8333-333333333333";
        String ap = "attack-pattern--44444444-4444-4444-8444-444444444444";
        List<ObjectNode> objs = new ArrayList<>();
        objs.add(indicator(c2, "[domain-name:value = 'c2.example.test']", "2099-01-01T00:00:00Z"));
        objs.add(indicator(old, "[ipv4-addr:value = '198.51.100.7']", "2026-02-01T00:00:00Z"));
        objs.add(indicator(chain, "[ipv4-addr:value = '198.51.100.8'] FOLLOWEDBY [domain-name:value = 'x.test']", null));
        ObjectNode a = JSON.createObjectNode().put("type", "attack-pattern").put("spec_version", "2.1").put("id", ap)
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z").put("name", "Web Protocols");
        a.putArray("external_references").addObject().put("source_name", "mitre-attack").put("external_id", "T1071.001");
        objs.add(a);
        objs.add(JSON.createObjectNode().put("type", "relationship").put("spec_version", "2.1").put("id", "relationship--55555555-5555-4555-8555-555555555555")
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z")
                .put("relationship_type", "indicates").put("source_ref", c2).put("target_ref", ap));
        // a newer version of the C2 indicator, revoked: the revocation wins
        ObjectNode revokedLater = indicator(old, "[ipv4-addr:value = '198.51.100.7']", "2099-01-01T00:00:00Z");
        try (IntelStore store = IntelStore.open(dir)) {
            IntelStore.ImportReport r = store.storeOwn(objs, null);
            assertThat(r.reasons).isEmpty();
            IntelStore.ActiveIndicators active = store.activeIndicators(Instant.parse("2026-11-28T00:00:00Z"));
            assertThat(active.seen()).isEqualTo(3);
            assertThat(active.compiled()).extracting(ci -> ci.info().id()).containsExactly(c2);
            assertThat(active.compiled().getFirst().info().techniques()).containsExactly("T1071.001");
            assertThat(active.refused()).containsOnlyKeys("expired", "pattern needs several observations together");
            ObservedValues v = new ObservedValues();
            EveValues.fill(JSON.createObjectNode().put("src_ip", "10.0.0.1").put("dest_ip", "10.0.0.53")
                    .set("dns", JSON.createObjectNode().put("rrname", "C2.example.test")), v);
            List<IndicatorMatch> m = new ArrayList<>();
            active.set().match(v, m::add);
            assertThat(m).extracting(x -> x.indicator().id()).containsExactly(c2);

            revokedLater.put("modified", "2026-03-01T00:00:00.000Z").put("revoked", true);
            ObjectNode c2revoked = indicator(c2, "[domain-name:value = 'c2.example.test']", "2099-01-01T00:00:00Z");
            c2revoked.put("modified", "2026-05-01T00:00:00.000Z").put("revoked", true);
            store.storeOwn(List.of(revokedLater, c2revoked), null);
            assertThat(store.activeIndicators(Instant.parse("2026-11-28T00:00:00Z")).compiled()).isEmpty();
        }
    }

    @Test
    void invalidObjectsAreRefusedWithTheirReasonAndTheRestStored(@TempDir Path dir) {
        ObjectNode good = indicator("indicator--66666666-6666-4666-8666-666666666666", "[ipv4-addr:value = '192.0.2.1']", null);
        ObjectNode badPattern = indicator("indicator--77777777-7777-4777-8777-777777777777", "[ipv4-addr:value = ", null);
        ObjectNode badTime = indicator("indicator--88888888-8888-4888-8888-888888888888", "[ipv4-addr:value = '192.0.2.2']", null);
        badTime.put("modified", "2025-01-01T00:00:00.000Z");
        try (IntelStore store = IntelStore.open(dir)) {
            IntelStore.ImportReport r = store.storeOwn(List.of(good, badPattern, badTime), null);
            assertThat(r.stored).isEqualTo(1);
            assertThat(r.refused).isEqualTo(2);
            assertThat(r.reasons).anyMatch(s -> s.startsWith("indicator--7777")).anyMatch(s -> s.startsWith("indicator--8888"));
            assertThat(store.objects().latest(good.path("id").asText())).isPresent();
            assertThat(StixObject.of(good).id()).isEqualTo(good.path("id").asText());
        }
    }
}

package dev.vigil.intel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.sign.BundleSigner;
import dev.vigil.intel.sign.BundleVerifier;
import dev.vigil.intel.sign.JsonCanonicalizer;
import dev.vigil.intel.sign.SigningKeys;
import dev.vigil.intel.sign.TrustList;
import dev.vigil.intel.sign.VerificationResult;
import dev.vigil.intel.tlp.MarkingDefinitions;
import dev.vigil.intel.tlp.MarkingFilter;
import dev.vigil.intel.tlp.SharingPolicy;
import dev.vigil.intel.tlp.WithholdReason;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.vigil.testing.Corpus;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The two halves on real data at scale: MITRE's ICS ATT&CK v18.1 bundle (1,826 objects, every one under MITRE's
 * copyright statement marking, none TLP-marked) filtered per partner, then signed and verified whole.
 */
class AttackBundleSharingTest {
    @Test
    void icsAttackBundleIsFilteredSignedAndVerified() throws Exception {
        ObjectNode bundle;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Corpus.root().resolve("intel/attack/ics-attack-18.1.json.gz")))) {
            bundle = (ObjectNode) JsonCanonicalizer.parse(in.readAllBytes());
        }
        int total = bundle.path("objects").size();
        SharingPolicy policy = SharingPolicy.parse("""
                organisation: acme
                default_level: green
                partners:
                  - {id: sector-isac, community: true}
                  - {id: vendor}
                """, true);
        MarkingFilter f = new MarkingFilter(policy, new MarkingDefinitions());
        long t0 = System.nanoTime();
        ObjectNode toIsac = f.outboundBundle("sector-isac", bundle);
        ObjectNode toVendor = f.outboundBundle("vendor", bundle);
        long filterMs = (System.nanoTime() - t0) / 1_000_000;
        int markingDefinitions = 0;
        for (JsonNode o : bundle.path("objects")) if ("marking-definition".equals(o.path("type").asText())) markingDefinitions++;
        System.out.printf("ICS ATT&CK: %d objects, %d marking-definitions; to sector-isac %d, to vendor %d; withheld %s; 2 partners in %d ms%n",
                total, markingDefinitions, toIsac.path("objects").size(), toVendor.path("objects").size(), f.withheldCounts(), filterMs);
        // the copyright statement restricts nobody, so the default GREEN decides
        assertThat(toIsac.path("objects").size()).isEqualTo(total);
        assertThat(toVendor.path("objects").size()).isEqualTo(markingDefinitions);
        assertThat(f.withheldCounts().get(WithholdReason.LEVEL_NOT_ALLOWED)).isEqualTo(total - markingDefinitions);
        assertThat(f.withheldCounts().get(WithholdReason.UNKNOWN_MARKING)).isZero();

        OctetKeyPair key = SigningKeys.generate();
        String pub = SigningKeys.publicJwk(key);
        TrustList trust = TrustList.parse("{\"keys\":[" + pub.substring(0, pub.length() - 1) + ",\"partner\":\"us\"}]}");
        BundleSigner.sign(toIsac, key); // warm-up: the figure below is the steady state, not JIT compilation
        long t1 = System.nanoTime();
        String jws = BundleSigner.sign(toIsac, key);
        long signMs = (System.nanoTime() - t1) / 1_000_000;
        long t2 = System.nanoTime();
        VerificationResult r = BundleVerifier.verify((ObjectNode) JsonCanonicalizer.parse(toIsac.toPrettyString()), jws, trust);
        long verifyMs = (System.nanoTime() - t2) / 1_000_000;
        System.out.printf("ICS ATT&CK bundle: %d canonical bytes, signed in %d ms, re-serialised copy verified in %d ms%n",
                JsonCanonicalizer.canonicalize(toIsac).length, signMs, verifyMs);
        assertThat(r.valid()).as(r.message()).isTrue();
        ((ObjectNode) toIsac.path("objects").get(total / 2)).put("name", "changed");
        assertThat(BundleVerifier.verify(toIsac, jws, trust).failure()).isEqualTo(VerificationResult.Failure.BUNDLE_ALTERED);
    }
}

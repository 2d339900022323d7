package dev.vigil.intel.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.OctetKeyPair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustListTest {
    @TempDir
    Path dir;

    @Test
    void loadsKeysAndPartnerRulesFromAJwkSetFile() throws Exception {
        OctetKeyPair a = SigningKeys.generate("a-1");
        OctetKeyPair b = SigningKeys.generate("b-1");
        TrustList built = BundleSignatureTest.trustList(Map.of(a, "cert-a", b, "cert-b"), "{\"cert-a\":{\"require_signature\":true}}");
        assertThat(built.kids()).containsExactlyInAnyOrder("a-1", "b-1");
        Path f = dir.resolve("trust.jwks");
        String pubA = SigningKeys.publicJwk(a);
        Files.writeString(f, "{\"keys\":[" + pubA.substring(0, pubA.length() - 1) + ",\"partner\":\"cert-a\",\"use\":\"sig\",\"alg\":\"EdDSA\"}],"
                + "\"partners\":{\"cert-a\":{\"require_signature\":true},\"cert-c\":{\"require_signature\":false}}}");
        TrustList t = TrustList.load(f);
        assertThat(t.key("a-1")).get().extracting(TrustList.TrustedKey::partner).isEqualTo("cert-a");
        assertThat(t.key("a-1").get().publicKey().isPrivate()).isFalse();
        assertThat(t.key("b-1")).isEmpty();
        assertThat(t.requiresSignature("cert-a")).isTrue();
        assertThat(t.requiresSignature("cert-c")).isFalse();
        assertThat(t.requiresSignature("nobody")).isFalse();
    }

    @Test
    void privateKeysDuplicatesAndOtherCurvesAreRefused() throws Exception {
        OctetKeyPair a = SigningKeys.generate("a-1");
        String priv = a.toJSONString();
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[" + priv.substring(0, priv.length() - 1) + ",\"partner\":\"x\"}]}"))
                .isInstanceOf(KeyFileException.class).hasMessageContaining("PRIVATE");
        String pub = SigningKeys.publicJwk(a);
        String entry = pub.substring(0, pub.length() - 1) + ",\"partner\":\"x\"}";
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[" + entry + "," + entry + "]}")).hasMessageContaining("duplicate kid");
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[" + pub + "]}")).hasMessageContaining("partner is required");
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"hSDwCYkwp1R0i33ctD73Wg2_Og0mOBr066SpjqqbTmo\",\"kid\":\"k\",\"partner\":\"x\"}]}"))
                .hasMessageContaining("Ed25519");
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[" + entry.replace("}", ",\"alg\":\"ES256\"}") + "]}")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[],\"partners\":{\"x\":{\"require_signature\":\"yes\"}}}")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> TrustList.parse("{\"keys\":[],\"keys\":[]}")).hasMessageContaining("Duplicate");
        assertThatThrownBy(() -> TrustList.parse("[]")).hasMessageContaining("JWK Set");
    }
}

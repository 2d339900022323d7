package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import dev.vigil.intel.sign.BundleSigner;
import dev.vigil.intel.sign.BundleVerifier;
import dev.vigil.intel.sign.TrustList;
import dev.vigil.intel.sign.VerificationResult;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of signature checking on hostile JWS text (the signature travels beside a partner's
 * bundle). Must hold: nothing escapes; a result is valid only for the genuine header and signature bytes (any
 * other text that verifies would be a forgery or a malleability hole).
 */
class BundleVerifierFuzzTest {
    private static final ObjectNode BUNDLE = JsonNodeFactory.instance.objectNode().put("type", "bundle").put("id", "bundle--f0af3c36-a642-4cb0-8526-b4ca899cc1db");
    // fixed key so the seed stays a genuine signature across runs (RFC 8037 appendix A.1 test key)
    private static final String KEY = "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"kid\":\"rfc8037\",\"d\":\"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A\","
            + "\"x\":\"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\"}";
    private static final OctetKeyPair PRIVATE;
    private static final TrustList TRUST;
    private static final String GOOD;

    static {
        try {
            PRIVATE = OctetKeyPair.parse(KEY);
            String pub = PRIVATE.toPublicJWK().toJSONString();
            TRUST = TrustList.parse("{\"keys\":[" + pub.substring(0, pub.length() - 1) + ",\"partner\":\"p\"}]}");
            GOOD = BundleSigner.sign(BUNDLE, PRIVATE);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Stream<Arguments> seeds() {
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"kid\":\"rfc8037\",\"typ\":\"stix-bundle+jcs\"}".getBytes(StandardCharsets.UTF_8));
        return Stream.of(GOOD, none + "..", "a.b.c", GOOD.substring(0, GOOD.length() - 3))
                .map(s -> Arguments.of((Object) s.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @MethodSource("seeds")
    @FuzzTest
    void verify(byte[] input) {
        String jws = new String(input, StandardCharsets.ISO_8859_1);
        VerificationResult r = BundleVerifier.verify(BUNDLE, jws, TRUST);
        if (r.valid()) {
            String[] mine = jws.strip().split("\\.", -1);
            String[] good = GOOD.split("\\.", -1);
            if (!Arrays.equals(decode(mine[0]), decode(good[0])) || !Arrays.equals(decode(mine[2]), decode(good[2]))) {
                throw new IllegalStateException("accepted a signature that is not the genuine one: " + jws);
            }
        } else if (r.failure() == null || r.message() == null) {
            throw new IllegalStateException("failure without a reason");
        }
    }

    private static byte[] decode(String s) {
        return Base64.getUrlDecoder().decode(s);
    }
}

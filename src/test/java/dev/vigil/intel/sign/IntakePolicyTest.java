package dev.vigil.intel.sign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class IntakePolicyTest {
    private static OctetKeyPair strictKey;
    private static OctetKeyPair laxKey;
    private static IntakePolicy policy;
    private static ObjectNode bundle;

    @BeforeAll
    static void setUp() throws Exception {
        strictKey = SigningKeys.generate("strict-1");
        laxKey = SigningKeys.generate("lax-1");
        TrustList trust = BundleSignatureTest.trustList(Map.of(strictKey, "strict", laxKey, "lax"),
                "{\"strict\":{\"require_signature\":true},\"lax\":{\"require_signature\":false}}");
        policy = new IntakePolicy(trust);
        bundle = BundleSignatureTest.corpusBundle("indicators-for-C2-with-COA.json");
    }

    @Test
    void unsignedIsRefusedOnlyFromPartnersThatMustSign() {
        IntakeDecision strict = policy.check("strict", bundle, null);
        assertThat(strict.accepted()).isFalse();
        assertThat(strict.message()).contains("strict must sign").contains("unsigned");
        assertThat(policy.check("lax", bundle, "").accepted()).isTrue();
        assertThat(policy.check("unlisted", bundle, null).accepted()).isTrue();
    }

    @Test
    void validSignatureByThePartnersOwnKeyIsAccepted() throws Exception {
        IntakeDecision d = policy.check("strict", bundle, BundleSigner.sign(bundle, strictKey));
        assertThat(d.accepted()).as(d.message()).isTrue();
        assertThat(d.verification().partner()).isEqualTo("strict");
        assertThat(d.message()).contains("signed by strict");
    }

    @Test
    void anotherPartnersKeyDoesNotSatisfyAPartnerThatMustSign() throws Exception {
        IntakeDecision d = policy.check("strict", bundle, BundleSigner.sign(bundle, laxKey));
        assertThat(d.accepted()).isFalse();
        assertThat(d.message()).contains("signed with a key of lax");
        assertThat(policy.check("lax", bundle, BundleSigner.sign(bundle, strictKey)).accepted()).isTrue();
    }

    @Test
    void badSignaturesAreRefusedFromEveryone() throws Exception {
        String jws = BundleSigner.sign(bundle, laxKey);
        ObjectNode altered = bundle.deepCopy();
        altered.put("id", "bundle--00000000-0000-4000-8000-000000000000");
        for (String partner : new String[] {"strict", "lax"}) {
            IntakeDecision d = policy.check(partner, altered, jws);
            assertThat(d.accepted()).isFalse();
            assertThat(d.message()).contains("BUNDLE_ALTERED");
        }
        IntakeDecision forged = policy.check("lax", bundle, BundleSigner.sign(bundle, SigningKeys.generate("lax-1")));
        assertThat(forged.accepted()).isFalse();
        assertThat(forged.message()).contains("BAD_SIGNATURE");
    }

    @Test
    void unknownKeyCountsAsUnsigned() throws Exception {
        String jws = BundleSigner.sign(bundle, SigningKeys.generate("who-1"));
        IntakeDecision lax = policy.check("lax", bundle, jws);
        assertThat(lax.accepted()).isTrue();
        assertThat(lax.message()).contains("as unsigned").contains("who-1");
        IntakeDecision strict = policy.check("strict", bundle, jws);
        assertThat(strict.accepted()).isFalse();
        assertThat(strict.message()).contains("UNKNOWN_KID");
    }
}

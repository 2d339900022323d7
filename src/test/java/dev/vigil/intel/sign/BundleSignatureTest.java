package dev.vigil.intel.sign;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import dev.vigil.intel.sign.VerificationResult.Failure;
import dev.vigil.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BundleSignatureTest {
    private static final String IDENTITY = "identity--81cade27-7df8-4730-836b-62d880e6d9d3";
    private static OctetKeyPair key;
    private static OctetKeyPair otherKey;
    private static TrustList trust;

    @BeforeAll
    static void keys() throws Exception {
        key = SigningKeys.generate();
        otherKey = SigningKeys.generate();
        trust = trustList(Map.of(key, "cert-a", otherKey, "cert-b"), "{\"cert-a\":{\"require_signature\":true,\"identity\":\"" + IDENTITY + "\"}}");
    }

    static TrustList trustList(Map<OctetKeyPair, String> keys, String partners) throws KeyFileException {
        StringBuilder b = new StringBuilder("{\"keys\":[");
        boolean first = true;
        for (Map.Entry<OctetKeyPair, String> e : keys.entrySet()) {
            String pub = SigningKeys.publicJwk(e.getKey());
            if (!first) b.append(',');
            first = false;
            b.append(pub, 0, pub.length() - 1).append(",\"partner\":\"").append(e.getValue()).append("\"}");
        }
        return TrustList.parse(b.append("],\"partners\":").append(partners).append('}').toString());
    }

    static ObjectNode corpusBundle(String name) throws Exception {
        Path p = Corpus.root().resolve("intel/stix21/examples/oasis-json-schemas").resolve(name);
        return (ObjectNode) JsonCanonicalizer.parse(Files.readAllBytes(p));
    }

    @Test
    void corpusBundleSignsAndVerifies() throws Exception {
        ObjectNode bundle = corpusBundle("poisonivy.json");
        String jws = new BundleSigner(key, IDENTITY).sign(bundle);
        assertThat(jws).matches("[A-Za-z0-9_-]+\\.\\.[A-Za-z0-9_-]+");
        VerificationResult r = BundleVerifier.verify(bundle, jws, trust);
        assertThat(r.valid()).as(r.message()).isTrue();
        assertThat(r.partner()).isEqualTo("cert-a");
        assertThat(r.kid()).isEqualTo(key.getKeyID());
        assertThat(r.signerIdentity()).isEqualTo(IDENTITY);
        // a freshly parsed copy of the file (new tree, same data) verifies too
        assertThat(BundleVerifier.verify(corpusBundle("poisonivy.json"), jws, trust).valid()).isTrue();
    }

    /** The signature is a plain RFC 7515 one: the JDK's own Ed25519, not Nimbus/Tink, accepts it over header.b64(JCS). */
    @Test
    void signatureIsStandardEdDsaOverTheCanonicalForm() throws Exception {
        ObjectNode bundle = corpusBundle("apt1.json");
        String jws = BundleSigner.sign(bundle, key);
        String[] parts = jws.split("\\.", -1);
        JsonNode header = JsonCanonicalizer.parse(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.path("alg").asText()).isEqualTo("EdDSA");
        assertThat(header.path("kid").asText()).isEqualTo(key.getKeyID());
        byte[] canonical = JsonCanonicalizer.canonicalize(bundle);
        byte[] input = (parts[0] + "." + Base64URL.encode(canonical)).getBytes(StandardCharsets.US_ASCII);
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] x = key.getX().decode();
        byte[] der = new byte[spki.length + x.length];
        System.arraycopy(spki, 0, der, 0, spki.length);
        System.arraycopy(x, 0, der, spki.length, x.length);
        PublicKey pub = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        Signature v = Signature.getInstance("Ed25519");
        v.initVerify(pub);
        v.update(input);
        assertThat(v.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    @Test
    void everyParseableOneByteChangeFails() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        String jws = BundleSigner.sign(bundle, key);
        byte[] canonical = JsonCanonicalizer.canonicalize(bundle);
        int tried = 0, verified = 0;
        List<String> wrongly = new ArrayList<>();
        for (int i = 0; i < canonical.length; i++) {
            for (int bit : new int[] {0x01, 0x20}) {
                byte[] m = canonical.clone();
                m[i] ^= (byte) bit;
                JsonNode changed;
                try {
                    changed = JsonCanonicalizer.parse(m);
                } catch (CanonicalizationException e) {
                    continue; // no longer JSON: nobody could present it as the bundle
                }
                if (!changed.isObject()) continue;
                tried++;
                VerificationResult r = BundleVerifier.verify((ObjectNode) changed, jws, trust);
                if (r.valid()) {
                    verified++;
                    wrongly.add(i + ":" + bit);
                } else {
                    assertThat(r.failure()).isIn(Failure.BUNDLE_ALTERED, Failure.NOT_CANONICAL);
                }
            }
        }
        System.out.printf("one-byte changes of a %d-byte canonical bundle: %d still JSON, %d verified %s%n", canonical.length, tried, verified, wrongly);
        assertThat(tried).isGreaterThan(canonical.length / 2);
        assertThat(verified).isZero();
    }

    @Test
    void propertyChangesFail() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        String jws = BundleSigner.sign(bundle, key);
        ObjectNode changed = bundle.deepCopy();
        ObjectNode indicator = firstOfType(changed, "indicator");
        String pattern = indicator.path("pattern").asText();
        indicator.put("pattern", pattern.replace("10.0.0.0", "10.0.0.1"));
        assertThat(indicator.path("pattern").asText()).isNotEqualTo(pattern);
        assertThat(BundleVerifier.verify(changed, jws, trust).failure()).isEqualTo(Failure.BUNDLE_ALTERED);

        ObjectNode added = bundle.deepCopy();
        firstOfType(added, "indicator").put("x_note", "");
        assertThat(BundleVerifier.verify(added, jws, trust).failure()).isEqualTo(Failure.BUNDLE_ALTERED);

        ObjectNode dropped = bundle.deepCopy();
        ((ArrayNode) dropped.get("objects")).remove(0);
        assertThat(BundleVerifier.verify(dropped, jws, trust).failure()).isEqualTo(Failure.BUNDLE_ALTERED);

        ObjectNode typed = bundle.deepCopy();
        typed.put("id", bundle.get("id").asText().replace('a', 'b'));
        assertThat(BundleVerifier.verify(typed, jws, trust).failure()).isEqualTo(Failure.BUNDLE_ALTERED);
    }

    @Test
    void reorderedAndReformattedBundleStillVerifies() throws Exception {
        ObjectNode bundle = corpusBundle("poisonivy.json");
        String jws = BundleSigner.sign(bundle, key);
        JsonNode reversed = reverseMembers(bundle);
        String pretty = new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(reversed);
        assertThat(pretty).isNotEqualTo(bundle.toString());
        ObjectNode reparsed = (ObjectNode) JsonCanonicalizer.parse(pretty.replace("\n", "\r\n\t"));
        assertThat(reparsed.properties().iterator().next().getKey()).isNotEqualTo(bundle.properties().iterator().next().getKey());
        VerificationResult r = BundleVerifier.verify(reparsed, jws, trust);
        assertThat(r.valid()).as(r.message()).isTrue();
    }

    @Test
    void wrongKeyIsABadSignature() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        OctetKeyPair impostor = SigningKeys.generate(key.getKeyID()); // same kid, different key
        String jws = BundleSigner.sign(bundle, impostor);
        VerificationResult r = BundleVerifier.verify(bundle, jws, trust);
        assertThat(r.failure()).isEqualTo(Failure.BAD_SIGNATURE);
        assertThat(r.message()).contains("does not verify").contains("cert-a");
    }

    @Test
    void unknownKidIsNamed() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        String jws = BundleSigner.sign(bundle, SigningKeys.generate("stranger-1"));
        VerificationResult r = BundleVerifier.verify(bundle, jws, trust);
        assertThat(r.failure()).isEqualTo(Failure.UNKNOWN_KID);
        assertThat(r.message()).contains("stranger-1");
    }

    @Test
    void algNoneAndOtherAlgorithmsAreRefusedByName() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        String none = b64("{\"alg\":\"none\",\"typ\":\"" + SignatureHeader.TYPE + "\",\"kid\":\"" + key.getKeyID() + "\"}") + "..";
        VerificationResult r = BundleVerifier.verify(bundle, none, trust);
        assertThat(r.failure()).isEqualTo(Failure.ALG_NOT_ALLOWED);
        assertThat(r.message()).contains("none");

        // HS256 keyed with the (public) x coordinate: the classic key-confusion forgery
        byte[] canonical = JsonCanonicalizer.canonicalize(bundle);
        JWSObject hs = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).type(new JOSEObjectType(SignatureHeader.TYPE)).build(),
                new Payload(canonical));
        byte[] secret = new byte[32];
        System.arraycopy(key.getX().decode(), 0, secret, 0, 32);
        hs.sign(new MACSigner(secret));
        assertThat(BundleVerifier.verify(bundle, hs.serialize(true), trust).failure()).isEqualTo(Failure.ALG_NOT_ALLOWED);

        String noAlg = b64("{\"typ\":\"" + SignatureHeader.TYPE + "\",\"kid\":\"" + key.getKeyID() + "\"}") + "..AAAA";
        assertThat(BundleVerifier.verify(bundle, noAlg, trust).failure()).isEqualTo(Failure.ALG_NOT_ALLOWED);
    }

    @Test
    void fullySpecifiedEd25519AlgorithmNameIsTheSameSignature() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.Ed25519).keyID(key.getKeyID()).type(new JOSEObjectType(SignatureHeader.TYPE)).build(),
                new Payload(JsonCanonicalizer.canonicalize(bundle)));
        jws.sign(new Ed25519Signer(key));
        VerificationResult r = BundleVerifier.verify(bundle, jws.serialize(true), trust);
        assertThat(r.valid()).as(r.message()).isTrue();
    }

    @Test
    void malformedSignaturesAreRefusedWithAReason() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        String jws = BundleSigner.sign(bundle, key);
        String[] p = jws.split("\\.", -1);
        assertThat(BundleVerifier.verify(bundle, null, trust).failure()).isEqualTo(Failure.MALFORMED);
        assertThat(BundleVerifier.verify(bundle, "a.b", trust).failure()).isEqualTo(Failure.MALFORMED);
        String attached = p[0] + "." + Base64URL.encode(JsonCanonicalizer.canonicalize(bundle)) + "." + p[2];
        assertThat(BundleVerifier.verify(bundle, attached, trust).message()).contains("detached");
        String dupAlg = b64("{\"alg\":\"EdDSA\",\"alg\":\"none\",\"typ\":\"" + SignatureHeader.TYPE + "\",\"kid\":\"" + key.getKeyID() + "\"}") + ".." + p[2];
        assertThat(BundleVerifier.verify(bundle, dupAlg, trust).failure()).isEqualTo(Failure.MALFORMED);
        String crit = b64("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"typ\":\"" + SignatureHeader.TYPE + "\",\"kid\":\"" + key.getKeyID() + "\"}") + ".." + p[2];
        assertThat(BundleVerifier.verify(bundle, crit, trust).failure()).isEqualTo(Failure.MALFORMED);
        String noTyp = b64("{\"alg\":\"EdDSA\",\"kid\":\"" + key.getKeyID() + "\"}") + ".." + p[2];
        assertThat(BundleVerifier.verify(bundle, noTyp, trust).message()).contains("typ");
        String truncated = p[0] + ".." + p[2].substring(0, 20);
        assertThat(BundleVerifier.verify(bundle, truncated, trust).valid()).isFalse();
        assertThat(BundleVerifier.verify(bundle, "!!!.." + p[2], trust).failure()).isEqualTo(Failure.MALFORMED);
        // the same signature spelt differently (junk Nimbus's decoder would skip, padding, trailing bits) is refused
        assertThat(BundleVerifier.verify(bundle, jws, trust).valid()).isTrue();
        String junk = p[0] + ".." + p[2].substring(0, 40) + "\u0000\u0000" + p[2].substring(40);
        assertThat(BundleVerifier.verify(bundle, junk, trust).failure()).isEqualTo(Failure.MALFORMED);
        assertThat(BundleVerifier.verify(bundle, p[0] + ".." + p[2] + "==", trust).failure()).isEqualTo(Failure.MALFORMED);
        char last = p[2].charAt(p[2].length() - 1);
        String otherBits = p[2].substring(0, p[2].length() - 1) + (char) (last ^ 1);
        assertThat(BundleVerifier.verify(bundle, p[0] + ".." + otherBits, trust).valid()).isFalse();
    }

    @Test
    void aSignatureNamingAnotherIdentityIsRefused() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        String jws = new BundleSigner(key, "identity--00000000-0000-4000-8000-000000000000").sign(bundle);
        assertThat(BundleVerifier.verify(bundle, jws, trust).failure()).isEqualTo(Failure.IDENTITY_MISMATCH);
    }

    @Test
    void bundleWithoutCanonicalFormCannotBeSigned() throws Exception {
        ObjectNode bundle = corpusBundle("indicator-for-c2-ip-address.json");
        bundle.put("x_bad", "\uD800");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BundleSigner.sign(bundle, key)).isInstanceOf(SigningException.class);
    }

    private static ObjectNode firstOfType(ObjectNode bundle, String type) {
        for (JsonNode o : bundle.get("objects")) if (type.equals(o.path("type").asText())) return (ObjectNode) o;
        throw new AssertionError("no " + type);
    }

    private static JsonNode reverseMembers(JsonNode n) {
        if (n.isObject()) {
            List<Map.Entry<String, JsonNode>> members = new ArrayList<>(n.properties());
            Collections.reverse(members);
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> e : members) out.set(e.getKey(), reverseMembers(e.getValue()));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            for (JsonNode c : n) out.add(reverseMembers(c));
            return out;
        }
        return n;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}

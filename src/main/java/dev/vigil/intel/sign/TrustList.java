package dev.vigil.intel.sign;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.jwk.OctetKeyPair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Partners' public keys and whether each partner must sign. The file is a JWK Set (RFC 7517 §5) — readable by
 * any JOSE tool — with two members RFC 7517 lets us add: {@code partner} on each key, and a {@code partners} map:
 * <pre>
 * {
 *   "keys": [ {"kty": "OKP", "crv": "Ed25519", "x": "...", "kid": "...", "partner": "cert-eu"} ],
 *   "partners": { "cert-eu": {"require_signature": true, "identity": "identity--..."} }
 * }
 * </pre>
 * {@code identity} (optional) is the STIX identity id the partner signs as; a signature naming another is refused.
 * A partner with keys but no {@code partners} entry does not require signatures. Private keys are refused: a trust
 * list is shared, so a private key in it is a leak.
 */
public final class TrustList {
    public static final int MAX_FILE = 4 * 1024 * 1024;
    public static final int MAX_KEYS = 10_000;

    public record TrustedKey(String kid, String partner, OctetKeyPair publicKey) {}

    record PartnerRule(boolean requireSignature, String identity) {}

    private final Map<String, TrustedKey> byKid;
    private final Map<String, PartnerRule> partners;

    private TrustList(Map<String, TrustedKey> byKid, Map<String, PartnerRule> partners) {
        this.byKid = Map.copyOf(byKid);
        this.partners = Map.copyOf(partners);
    }

    public static TrustList empty() {
        return new TrustList(Map.of(), Map.of());
    }

    public static TrustList load(Path file) throws KeyFileException {
        try {
            if (Files.size(file) > MAX_FILE) throw new KeyFileException(file + ": trust list over " + MAX_FILE + " bytes");
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new KeyFileException(file + ": " + e.getMessage(), e);
        }
    }

    public static TrustList parse(String json) throws KeyFileException {
        JsonNode root;
        try {
            root = JsonCanonicalizer.parse(json);
        } catch (CanonicalizationException e) {
            throw new KeyFileException("trust list: " + e.getMessage(), e);
        }
        if (!root.isObject() || !root.path("keys").isArray()) throw new KeyFileException("trust list: not a JWK Set (no \"keys\" list)");
        JsonNode keys = root.get("keys");
        if (keys.size() > MAX_KEYS) throw new KeyFileException("trust list: more than " + MAX_KEYS + " keys");
        Map<String, TrustedKey> byKid = new HashMap<>();
        int i = 0;
        for (JsonNode k : keys) {
            String where = "trust list keys[" + i++ + "]";
            if (!k.isObject()) throw new KeyFileException(where + ": not a JWK");
            if (k.has("d")) throw new KeyFileException(where + ": holds a PRIVATE key; a trust list takes public keys only");
            String kid = k.path("kid").asText("");
            String partner = k.path("partner").asText("");
            if (kid.isEmpty()) throw new KeyFileException(where + ": kid is required");
            if (partner.isEmpty()) throw new KeyFileException(where + " (" + kid + "): partner is required");
            if (k.has("use") && !"sig".equals(k.get("use").asText())) throw new KeyFileException(where + " (" + kid + "): use is not sig");
            if (k.has("alg") && !BundleVerifier.ALLOWED_ALGS.contains(k.get("alg").asText())) {
                throw new KeyFileException(where + " (" + kid + "): alg " + k.get("alg").asText() + " is not allowed");
            }
            OctetKeyPair pub = SigningKeys.parseEd25519(k.toString(), where + " (" + kid + ")");
            if (byKid.put(kid, new TrustedKey(kid, partner, pub)) != null) throw new KeyFileException(where + ": duplicate kid " + kid);
        }
        Map<String, PartnerRule> partners = new HashMap<>();
        JsonNode p = root.path("partners");
        if (!p.isMissingNode()) {
            if (!p.isObject()) throw new KeyFileException("trust list: partners must be an object");
            for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode rule = e.getValue();
                if (!rule.isObject()) throw new KeyFileException("trust list partners." + e.getKey() + ": must be an object");
                JsonNode req = rule.path("require_signature");
                if (!req.isMissingNode() && !req.isBoolean()) throw new KeyFileException("trust list partners." + e.getKey() + ".require_signature must be true or false");
                JsonNode id = rule.path("identity");
                if (!id.isMissingNode() && !id.asText("").startsWith("identity--")) {
                    throw new KeyFileException("trust list partners." + e.getKey() + ".identity must be a STIX identity id");
                }
                partners.put(e.getKey(), new PartnerRule(req.asBoolean(false), id.isMissingNode() ? null : id.asText()));
            }
        }
        return new TrustList(byKid, partners);
    }

    public Optional<TrustedKey> key(String kid) {
        return Optional.ofNullable(kid == null ? null : byKid.get(kid));
    }

    public boolean requiresSignature(String partner) {
        PartnerRule r = partner == null ? null : partners.get(partner);
        return r != null && r.requireSignature();
    }

    /** The STIX identity the partner signs as, when the trust list pins one. */
    public Optional<String> identity(String partner) {
        PartnerRule r = partner == null ? null : partners.get(partner);
        return Optional.ofNullable(r == null ? null : r.identity());
    }

    public Set<String> kids() {
        return byKid.keySet();
    }
}

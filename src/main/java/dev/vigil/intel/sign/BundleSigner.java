package dev.vigil.intel.sign;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.Ed25519Signer;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.util.Base64URL;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Signs a STIX bundle: a detached compact JWS ({@code header..signature}, RFC 7515 appendix F) with EdDSA over
 * the RFC 8785 canonical form of the bundle.
 *
 * <p>Why the ordinary base64url payload and not RFC 7797's unencoded payload ({@code b64:false} with
 * {@code crit}): the payload is never transmitted either way (it is detached and rebuilt from the bundle), so
 * b64:false saves nothing on the wire, while every JOSE library verifies the ordinary form and many reject or
 * mishandle {@code crit}/{@code b64}. Why JCS: servers re-serialise, re-order and re-page STIX, so the signature
 * must be over the data, not the bytes one server happened to send.
 */
public final class BundleSigner {
    private final OctetKeyPair key;
    private final String signerIdentity;

    public BundleSigner(OctetKeyPair key) {
        this(key, null);
    }

    /** @param signerIdentity the signer's STIX identity id to put in the header, or null */
    public BundleSigner(OctetKeyPair key, String signerIdentity) {
        this.key = key;
        this.signerIdentity = signerIdentity;
    }

    public static String sign(ObjectNode bundle, OctetKeyPair key) throws SigningException {
        return new BundleSigner(key).sign(bundle);
    }

    /** The detached JWS to send beside the bundle. */
    public String sign(ObjectNode bundle) throws SigningException {
        try {
            if (key.getKeyID() == null) throw new SigningException("key has no kid; recipients could not find it", null);
            byte[] canonical = JsonCanonicalizer.canonicalize(bundle);
            JWSHeader.Builder h = new JWSHeader.Builder(JWSAlgorithm.EdDSA)
                    .type(new JOSEObjectType(SignatureHeader.TYPE))
                    .keyID(key.getKeyID())
                    .customParam(SignatureHeader.BUNDLE_DIGEST, digest(canonical));
            if (signerIdentity != null) h.customParam(SignatureHeader.IDENTITY, signerIdentity);
            JWSObject jws = new JWSObject(h.build(), new Payload(canonical));
            jws.sign(new Ed25519Signer(key));
            return jws.serialize(true);
        } catch (CanonicalizationException e) {
            throw new SigningException("bundle has no canonical JSON form: " + e.getMessage(), e);
        } catch (JOSEException e) {
            throw new SigningException("cannot sign with key " + key.getKeyID() + ": " + e.getMessage(), e);
        }
    }

    static String digest(byte[] canonical) {
        try {
            return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(canonical)).toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
        }
    }
}

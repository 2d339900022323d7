package dev.vigil.scenario.tls;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Certificates for the scenario's web sites: a leaf per site (EC P-256, CN and DNS subjectAltNames,
 * DV-style extensions) issued by one of a few fictional certificate authorities, each an ECC
 * intermediate under its own root. Everything derives from the seed and the site's name, never from
 * the order sites are asked for, and each site's chain is made once: a day-long scenario reuses it.
 */
public final class SiteCertificates {
    /** A site's chain: {@link #certificates()} is what a server sends (leaf, then intermediate). */
    public record Chain(byte[] leaf, byte[] intermediate, byte[] root, PrivateKey leafKey) {
        public List<byte[]> certificates() {
            return List.of(leaf, intermediate);
        }
    }

    private record Authority(byte[] name, KeyPair key, byte[] cert, byte[] rootCert, String signatureAlg, String signatureOid) {}

    /** Fictional CA families: organization, country, intermediate and root common names. */
    private static final String[][] FAMILIES = {
        {"Example Trust Services", "US", "Example Trust ECC DV CA 1", "Example Trust Root CA G2"},
        {"Harborlight Certificates Ltd", "GB", "Harborlight Secure Server CA 2", "Harborlight Root Certification Authority"},
        {"Lumenkey Foundation", "US", "Lumenkey E7", "Lumenkey Root X2"},
    };

    private static final String ECDSA_SHA256 = "1.2.840.10045.4.3.2", ECDSA_SHA384 = "1.2.840.10045.4.3.3";

    private final long seed;
    private final Instant epoch;
    private final List<Authority> authorities = new ArrayList<>();
    private final Map<String, Chain> bySite = new HashMap<>();

    /** {@code scenarioStartNanos}: the capture's start (epoch nanoseconds), around which validity periods fall. */
    public SiteCertificates(long seed, long scenarioStartNanos) {
        this.seed = seed;
        this.epoch = Instant.ofEpochSecond(0, scenarioStartNanos);
        SplittableRandom rng = new SplittableRandom(seed);
        for (String[] f : FAMILIES) authorities.add(authority(rng.split(), f));
    }

    /** The chain for {@code site} with {@code site} as its only DNS name. */
    public Chain forSite(String site) {
        return forSite(site, List.of(site));
    }

    /** The chain for {@code site} (its CN) naming {@code dnsNames} in subjectAltName. */
    public synchronized Chain forSite(String site, List<String> dnsNames) {
        String key = site + "\n" + String.join("\n", dnsNames);
        Chain c = bySite.get(key);
        if (c == null) {
            c = leaf(site, dnsNames, new SplittableRandom(seed ^ stableHash(key)));
            bySite.put(key, c);
        }
        return c;
    }

    private Authority authority(SplittableRandom rng, String[] f) {
        try {
            KeyPair rootKey = keys("secp384r1", rng.nextLong());
            KeyPair caKey = keys("secp256r1", rng.nextLong());
            byte[] rootName = name(f[1], f[0], f[3]);
            byte[] caName = name(f[1], f[0], f[2]);
            Instant rootFrom = hour(epoch.minus(Duration.ofDays(3000 + rng.nextInt(2000))));
            byte[] root = sign(tbs(serial(rng), rootName, rootFrom, rootFrom.plus(Duration.ofDays(25 * 365)), rootName,
                    rootKey.getPublic(), ECDSA_SHA384, caExtensions(rootKey.getPublic(), null, false)), rootKey.getPrivate(), "SHA384withECDSA", ECDSA_SHA384, rng);
            Instant caFrom = hour(epoch.minus(Duration.ofDays(300 + rng.nextInt(700))));
            byte[] ca = sign(tbs(serial(rng), rootName, caFrom, caFrom.plus(Duration.ofDays(5 * 365)), caName,
                    caKey.getPublic(), ECDSA_SHA384, caExtensions(caKey.getPublic(), rootKey.getPublic(), true)), rootKey.getPrivate(), "SHA384withECDSA", ECDSA_SHA384, rng);
            return new Authority(caName, caKey, ca, root, "SHA256withECDSA", ECDSA_SHA256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256/P-384 and ECDSA are mandatory in the JDK", e);
        }
    }

    private Chain leaf(String site, List<String> dnsNames, SplittableRandom rng) {
        Authority ca = authorities.get(rng.nextInt(authorities.size()));
        try {
            KeyPair key = keys("secp256r1", rng.nextLong());
            // issued some days before the scenario, valid for the 90 days of ACME CAs or a commercial year
            Instant from = hour(epoch.minus(Duration.ofHours(24 * 3 + rng.nextInt(24 * 60))));
            Instant to = from.plus(Duration.ofDays(rng.nextBoolean() ? 90 : 365)).minusSeconds(1);
            byte[] tbs = tbs(serial(rng), ca.name(), from, to, name(null, null, site), key.getPublic(), ca.signatureOid(),
                    leafExtensions(key.getPublic(), ca.key().getPublic(), dnsNames));
            byte[] leaf = sign(tbs, ca.key().getPrivate(), ca.signatureAlg(), ca.signatureOid(), rng);
            return new Chain(leaf, ca.cert(), ca.rootCert(), key.getPrivate());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 and ECDSA are mandatory in the JDK", e);
        }
    }

    private static KeyPair keys(String curve, long seed) throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve), new SeededSecureRandom(seed));
        return g.generateKeyPair();
    }

    private static byte[] tbs(BigInteger serial, byte[] issuer, Instant from, Instant to, byte[] subject, PublicKey key,
            String sigOid, byte[] extensions) {
        return Der.seq(
                Der.explicit(0, Der.integer(2)),
                Der.integer(serial),
                Der.seq(Der.oid(sigOid)),
                issuer,
                Der.seq(Der.utcTime(from), Der.utcTime(to)),
                subject,
                key.getEncoded(),
                Der.explicit(3, Der.seq(extensions)));
    }

    private static byte[] sign(byte[] tbs, PrivateKey key, String alg, String oid, SplittableRandom rng) throws GeneralSecurityException {
        Signature s = Signature.getInstance(alg);
        s.initSign(key, new SeededSecureRandom(rng.nextLong()));
        s.update(tbs);
        return Der.seq(tbs, Der.seq(Der.oid(oid)), Der.bits(s.sign()));
    }

    private static byte[] caExtensions(PublicKey subject, PublicKey issuer, boolean intermediate) {
        return Der.concat(
                extension("2.5.29.19", true, Der.seq(intermediate ? Der.concat(Der.bool(true), Der.integer(0)) : Der.bool(true))),
                // digitalSignature, keyCertSign, cRLSign
                extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {1, (byte) 0x86})),
                extension("2.5.29.14", false, Der.octets(keyId(subject))),
                issuer == null ? new byte[0] : extension("2.5.29.35", false, Der.seq(Der.implicit(0, keyId(issuer)))));
    }

    private static byte[] leafExtensions(PublicKey subject, PublicKey issuer, List<String> dnsNames) {
        byte[] sans = new byte[0];
        for (String d : dnsNames) sans = Der.concat(sans, Der.implicit(2, d.getBytes(StandardCharsets.US_ASCII)));
        return Der.concat(
                // digitalSignature only: an ECDSA key signs, it does not encipher
                extension("2.5.29.15", true, Der.tlv(Der.BIT_STRING, new byte[] {7, (byte) 0x80})),
                extension("2.5.29.37", false, Der.seq(Der.oid("1.3.6.1.5.5.7.3.1"), Der.oid("1.3.6.1.5.5.7.3.2"))),
                extension("2.5.29.19", true, Der.seq()),
                extension("2.5.29.14", false, Der.octets(keyId(subject))),
                extension("2.5.29.35", false, Der.seq(Der.implicit(0, keyId(issuer)))),
                extension("2.5.29.17", false, Der.seq(sans)),
                // the CA/Browser Forum's domain-validated policy
                extension("2.5.29.32", false, Der.seq(Der.seq(Der.oid("2.23.140.1.2.1")))));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical ? Der.seq(Der.oid(oid), Der.bool(true), Der.octets(value)) : Der.seq(Der.oid(oid), Der.octets(value));
    }

    /** C, O and CN as public CAs write them (any of them may be absent). */
    private static byte[] name(String country, String org, String cn) {
        byte[] rdns = new byte[0];
        if (country != null) rdns = Der.concat(rdns, Der.set(Der.seq(Der.oid("2.5.4.6"), Der.string(Der.PRINTABLE, country))));
        if (org != null) rdns = Der.concat(rdns, Der.set(Der.seq(Der.oid("2.5.4.10"), Der.string(Der.UTF8, org))));
        rdns = Der.concat(rdns, Der.set(Der.seq(Der.oid("2.5.4.3"), Der.string(Der.UTF8, cn))));
        return Der.seq(rdns);
    }

    private static byte[] keyId(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial(SplittableRandom rng) {
        byte[] b = new byte[16];
        rng.nextBytes(b);
        b[0] = (byte) ((b[0] & 0x7f) | 0x01);
        return new BigInteger(1, b);
    }

    private static Instant hour(Instant t) {
        return Instant.ofEpochSecond(t.getEpochSecond() / 3600 * 3600);
    }

    /** A hash of the site that does not depend on String.hashCode's or a map's behaviour. */
    private static long stableHash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            return h;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

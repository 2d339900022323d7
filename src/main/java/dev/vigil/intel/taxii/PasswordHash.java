package dev.vigil.intel.taxii;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Stored credentials. Passwords: PBKDF2-HMAC-SHA256, written {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}
 * (Base64). API tokens are long random strings, so a plain SHA-256 digest (hex) is enough to keep them
 * out of the configuration and makes the per-request check cheap.
 */
public final class PasswordHash {
    public static final int DEFAULT_ITERATIONS = 210_000;
    private static final int MIN_ITERATIONS = 1_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordHash() {}

    public static String hash(char[] password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    public static String hash(char[] password, int iterations) {
        if (iterations < MIN_ITERATIONS) throw new IllegalArgumentException("too few PBKDF2 iterations: " + iterations);
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] dk = derive(password, salt, iterations);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "pbkdf2-sha256:" + iterations + ":" + b64.encodeToString(salt) + ":" + b64.encodeToString(dk);
    }

    /** Constant-time check of a password against a stored hash; a malformed hash never matches. */
    public static boolean verify(char[] password, String stored) {
        if (stored == null) return false;
        String[] f = stored.split(":", 5);
        if (f.length != 4 || !f[0].equals("pbkdf2-sha256")) return false;
        try {
            int iterations = Integer.parseInt(f[1]);
            if (iterations < MIN_ITERATIONS || iterations > 10_000_000) return false;
            byte[] salt = Base64.getDecoder().decode(f[2]);
            byte[] expected = Base64.getDecoder().decode(f[3]);
            if (expected.length < 16 || expected.length > 64) return false;
            return MessageDigest.isEqual(derive(password, salt, iterations, expected.length * 8), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The hex SHA-256 of an API token, the form tokens are configured in. */
    public static String tokenDigest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        return derive(password, salt, iterations, 256);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations, int bits) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bits);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}

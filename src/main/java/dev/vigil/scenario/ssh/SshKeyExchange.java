package dev.vigil.scenario.ssh;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The ECDH key exchange messages (RFC 5656 / RFC 8731): the client's ephemeral key, and the server's reply
 * with its host key, its ephemeral key and the exchange hash's signature. OpenSSH's sntrup761x25519 hybrid
 * has the same shape with larger values, but tshark 4.0 reports its key sizes as errors (real captures
 * included), so it is not generated: a scenario gives such a pair a curve25519-first server list. Keys and signatures are random bytes of the
 * real sizes; a server's host key is derived from its address and algorithm, so it is the same in every
 * connection to that server, as a real one is.
 */
final class SshKeyExchange {
    static final int MSG_KEX_ECDH_INIT = 30, MSG_KEX_ECDH_REPLY = 31;

    private SshKeyExchange() {}

    static boolean supported(String kex) {
        try {
            ephemeralLengths(kex);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {client, server} ephemeral value lengths. */
    private static int[] ephemeralLengths(String kex) {
        return switch (kex) {
            case "curve25519-sha256", "curve25519-sha256@libssh.org" -> new int[] {32, 32};
            case "ecdh-sha2-nistp256" -> new int[] {65, 65};
            case "ecdh-sha2-nistp384" -> new int[] {97, 97};
            case "ecdh-sha2-nistp521" -> new int[] {133, 133};
            default -> throw new IllegalArgumentException("key exchange not generated: " + kex);
        };
    }

    static byte[] init(String kex, RandomGenerator rng) {
        byte[] q = random(rng, ephemeralLengths(kex)[0]);
        if (kex.startsWith("ecdh-")) q[0] = 4; // an uncompressed point
        return new SshBuffer().u8(MSG_KEX_ECDH_INIT).string(q).toBytes();
    }

    static byte[] reply(String kex, String hostKeyAlgorithm, String serverAddress, RandomGenerator rng) {
        byte[] q = random(rng, ephemeralLengths(kex)[1]);
        if (kex.startsWith("ecdh-")) q[0] = 4;
        return new SshBuffer().u8(MSG_KEX_ECDH_REPLY).string(hostKey(hostKeyAlgorithm, serverAddress)).string(q)
                .string(signature(hostKeyAlgorithm, rng)).toBytes();
    }

    /** The host key blob (RFC 4253 6.6) the server presents. */
    static byte[] hostKey(String algorithm, String serverAddress) {
        RandomGenerator key = new SplittableRandom((serverAddress + "|" + algorithm).hashCode());
        SshBuffer b = new SshBuffer();
        switch (algorithm) {
            case "ssh-ed25519" -> b.string(algorithm).string(random(key, 32));
            case "ecdsa-sha2-nistp256" -> {
                byte[] point = random(key, 65);
                point[0] = 4;
                b.string(algorithm).string("nistp256").string(point);
            }
            case "rsa-sha2-512", "rsa-sha2-256", "ssh-rsa" -> {
                byte[] n = random(key, 257);
                n[0] = 0;
                n[1] |= (byte) 0x80;
                b.string("ssh-rsa").string(new byte[] {1, 0, 1}).string(n);
            }
            default -> throw new IllegalArgumentException("host key type not generated: " + algorithm);
        }
        return b.toBytes();
    }

    private static byte[] signature(String algorithm, RandomGenerator rng) {
        SshBuffer b = new SshBuffer().string(algorithm);
        switch (algorithm) {
            case "ssh-ed25519" -> b.string(random(rng, 64));
            case "ecdsa-sha2-nistp256" -> b.string(new SshBuffer().string(mpint(rng, 32)).string(mpint(rng, 32)).toBytes());
            default -> b.string(random(rng, 256));
        }
        return b.toBytes();
    }

    /** A positive mpint of {@code n} random bytes: a leading zero when the top bit is set. */
    private static byte[] mpint(RandomGenerator rng, int n) {
        byte[] v = random(rng, n);
        if (v[0] == 0) v[0] = 1;
        if ((v[0] & 0x80) == 0) return v;
        byte[] w = new byte[n + 1];
        System.arraycopy(v, 0, w, 1, n);
        return w;
    }

    static byte[] random(RandomGenerator rng, int n) {
        byte[] r = new byte[n];
        rng.nextBytes(r);
        return r;
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

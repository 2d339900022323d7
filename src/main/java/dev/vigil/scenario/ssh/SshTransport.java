package dev.vigil.scenario.ssh;

import java.util.random.RandomGenerator;

/**
 * The binary packet layer (RFC 4253 6) in one direction, for a negotiated cipher and MAC: how long a
 * packet carrying a payload is on the wire, and its bytes. Before NEWKEYS packets are clear; after it
 * they are random bytes of the right length, with the length field left readable where the mode does
 * (encrypt-then-MAC sends it in clear; chacha20-poly1305 and encrypt-and-MAC hide it).
 */
final class SshTransport {
    /** The transport before any key exchange: no cipher (block size 8), no MAC. */
    static final SshTransport CLEAR = new SshTransport("none", 8, 0, false, false);

    final String cipher;
    private final int block;
    private final int macLength;
    /** The length field is outside the padded, encrypted part (AEAD or encrypt-then-MAC). */
    private final boolean lengthOutside;
    /** The length field itself is readable on the wire. */
    private final boolean lengthClear;

    private SshTransport(String cipher, int block, int macLength, boolean lengthOutside, boolean lengthClear) {
        this.cipher = cipher;
        this.block = block;
        this.macLength = macLength;
        this.lengthOutside = lengthOutside;
        this.lengthClear = lengthClear;
    }

    static SshTransport of(String cipher, String mac) {
        if (cipher.equals("chacha20-poly1305@openssh.com")) return new SshTransport(cipher, 8, 16, true, false);
        if (cipher.endsWith("-gcm@openssh.com")) {
            // tshark 4.0 dissects AES-GCM packets it cannot decrypt as clear ones and reports them malformed
            throw new IllegalArgumentException("negotiated cipher " + cipher + " is not generated (tshark 4.0 cannot dissect it cleanly)");
        }
        int block = cipher.startsWith("aes") || cipher.startsWith("rijndael") ? 16 : 8;
        boolean etm = mac.endsWith("-etm@openssh.com");
        return new SshTransport(cipher, block, macLength(mac), etm, etm);
    }

    private static int macLength(String mac) {
        String m = mac.replace("-etm@openssh.com", "").replace("@openssh.com", "");
        return switch (m) {
            case "hmac-sha2-256" -> 32;
            case "hmac-sha2-512" -> 64;
            case "hmac-sha1" -> 20;
            case "hmac-sha1-96", "hmac-md5-96" -> 12;
            case "hmac-md5", "umac-128" -> 16;
            case "hmac-ripemd160" -> 20;
            case "umac-64" -> 8;
            default -> throw new IllegalArgumentException("unknown MAC " + mac);
        };
    }

    /** packet_length for a payload: padding at least 4 bytes, up to the block boundary. */
    int packetLength(int payload) {
        int covered = 1 + payload + (lengthOutside ? 0 : 4);
        int pad = block - covered % block;
        if (pad < 4) pad += block;
        return 1 + payload + pad;
    }

    int wireLength(int payload) {
        return 4 + packetLength(payload) + macLength;
    }

    /** A clear packet: length, padding length, payload, random padding. */
    byte[] clear(byte[] payload, RandomGenerator rng) {
        int packetLength = packetLength(payload.length);
        int pad = packetLength - 1 - payload.length;
        byte[] padding = new byte[pad];
        rng.nextBytes(padding);
        return new SshBuffer().u32(packetLength).u8(pad).bytes(payload).bytes(padding).toBytes();
    }

    /** An encrypted packet standing for a payload of {@code payload} bytes. */
    byte[] encrypted(int payload, RandomGenerator rng) {
        byte[] out = new byte[wireLength(payload)];
        rng.nextBytes(out);
        if (lengthClear) {
            int n = packetLength(payload);
            out[0] = (byte) (n >>> 24);
            out[1] = (byte) (n >>> 16);
            out[2] = (byte) (n >>> 8);
            out[3] = (byte) n;
        }
        return out;
    }
}

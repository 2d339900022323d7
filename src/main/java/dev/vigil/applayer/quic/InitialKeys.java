package dev.vigil.applayer.quic;

/**
 * The Initial packet protection keys of one side (RFC 9001 section 5.2): every observer can derive them
 * from the version's salt and the Destination Connection ID of the client's first Initial packet, which
 * is what lets a passive sensor read the ClientHello.
 */
final class InitialKeys {
    final byte[] key;
    final byte[] iv;
    final byte[] hp;

    private InitialKeys(byte[] key, byte[] iv, byte[] hp) {
        this.key = key;
        this.iv = iv;
        this.hp = hp;
    }

    /** Keys of the client ({@code client} true) or server side, or null for a version we cannot decrypt. */
    static InitialKeys derive(int version, byte[] dcid, int off, int len, boolean client) {
        byte[] salt = QuicVersion.initialSalt(version);
        if (salt == null) return null;
        byte[] initial = Hkdf.extract(salt, dcid, off, len);
        byte[] secret = Hkdf.expandLabel(initial, client ? "client in" : "server in", 32);
        return fromSecret(version, secret);
    }

    static InitialKeys fromSecret(int version, byte[] secret) {
        String p = QuicVersion.labelPrefix(version);
        return new InitialKeys(
                Hkdf.expandLabel(secret, p + "key", 16),
                Hkdf.expandLabel(secret, p + "iv", 12),
                Hkdf.expandLabel(secret, p + "hp", 16));
    }
}

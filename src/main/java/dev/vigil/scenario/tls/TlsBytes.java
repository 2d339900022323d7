package dev.vigil.scenario.tls;

import java.io.ByteArrayOutputStream;
import java.util.random.RandomGenerator;

/** A byte sink with the big-endian integers and length prefixes TLS messages are made of. */
final class TlsBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);

    TlsBytes u8(int v) {
        out.write(v);
        return this;
    }

    TlsBytes u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    TlsBytes u24(int v) {
        out.write(v >>> 16);
        return u16(v & 0xffff);
    }

    TlsBytes u32(long v) {
        u16((int) (v >>> 16) & 0xffff);
        return u16((int) v & 0xffff);
    }

    TlsBytes bytes(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    TlsBytes random(RandomGenerator rng, int n) {
        byte[] b = new byte[n];
        rng.nextBytes(b);
        return bytes(b);
    }

    TlsBytes zeros(int n) {
        return bytes(new byte[n]);
    }

    /** {@code body} behind a length prefix of {@code lenBytes} (1, 2 or 3) bytes. */
    TlsBytes vector(int lenBytes, byte[] body) {
        switch (lenBytes) {
            case 1 -> u8(body.length);
            case 2 -> u16(body.length);
            default -> u24(body.length);
        }
        return bytes(body);
    }

    int size() {
        return out.size();
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    static byte[] u16s(int[] values) {
        TlsBytes b = new TlsBytes();
        for (int v : values) b.u16(v);
        return b.toByteArray();
    }

    /** A handshake message: type, 24-bit length, body. */
    static byte[] handshake(int type, byte[] body) {
        return new TlsBytes().u8(type).vector(3, body).toByteArray();
    }

    /** One record: content type, version, 16-bit length, fragment (at most 2^14 + 256 bytes). */
    static byte[] record(int type, int version, byte[] fragment) {
        return new TlsBytes().u8(type).u16(version).vector(2, fragment).toByteArray();
    }
}

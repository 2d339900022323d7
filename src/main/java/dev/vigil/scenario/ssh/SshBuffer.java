package dev.vigil.scenario.ssh;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable writer of RFC 4251 data types (network byte order). */
final class SshBuffer {
    private byte[] b = new byte[128];
    private int len;

    private void room(int n) {
        if (len + n > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, len + n));
    }

    SshBuffer u8(int v) {
        room(1);
        b[len++] = (byte) v;
        return this;
    }

    SshBuffer u32(long v) {
        room(4);
        for (int i = 3; i >= 0; i--) b[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    SshBuffer bytes(byte[] v) {
        room(v.length);
        System.arraycopy(v, 0, b, len, v.length);
        len += v.length;
        return this;
    }

    /** A {@code string}: uint32 length, then the bytes. */
    SshBuffer string(byte[] v) {
        return u32(v.length).bytes(v);
    }

    SshBuffer string(String v) {
        return string(v.getBytes(StandardCharsets.US_ASCII));
    }

    int length() {
        return len;
    }

    byte[] toBytes() {
        return Arrays.copyOf(b, len);
    }
}

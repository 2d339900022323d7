package dev.vigil.scenario.smb;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable little-endian writer: SMB2, NTLMSSP and DCE/RPC (NDR, little-endian data rep) all use it. */
final class LeBuffer {
    private byte[] b = new byte[256];
    private int len;

    int position() {
        return len;
    }

    private void room(int n) {
        if (len + n > b.length) b = Arrays.copyOf(b, Math.max(b.length * 2, len + n));
    }

    LeBuffer u8(int v) {
        room(1);
        b[len++] = (byte) v;
        return this;
    }

    LeBuffer u16(int v) {
        room(2);
        b[len++] = (byte) v;
        b[len++] = (byte) (v >>> 8);
        return this;
    }

    LeBuffer u32(long v) {
        room(4);
        for (int i = 0; i < 4; i++) b[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    LeBuffer u64(long v) {
        room(8);
        for (int i = 0; i < 8; i++) b[len++] = (byte) (v >>> (8 * i));
        return this;
    }

    LeBuffer bytes(byte[] v) {
        return bytes(v, 0, v.length);
    }

    LeBuffer bytes(byte[] v, int off, int n) {
        room(n);
        System.arraycopy(v, off, b, len, n);
        len += n;
        return this;
    }

    LeBuffer zeros(int n) {
        room(n);
        len += n;
        return this;
    }

    /** Zero bytes up to the next multiple of {@code n} counted from {@code base}. */
    LeBuffer align(int base, int n) {
        int rel = (len - base) % n;
        return rel == 0 ? this : zeros(n - rel);
    }

    LeBuffer utf16(String s) {
        return bytes(utf16Bytes(s));
    }

    static byte[] utf16Bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    void setU16(int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >>> 8);
    }

    void setU32(int at, long v) {
        for (int i = 0; i < 4; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    byte[] toBytes() {
        return Arrays.copyOf(b, len);
    }
}

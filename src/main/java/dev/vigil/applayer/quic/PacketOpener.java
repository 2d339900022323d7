package dev.vigil.applayer.quic;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Removes the protection of one side's Initial packets (RFC 9001 sections 5.3 and 5.4, AES-128-GCM and
 * AES-128-ECB header protection): unmasks the first byte and the packet number, rebuilds the full packet
 * number, and authenticates and decrypts the payload. Never modifies the caller's buffer; a packet that
 * does not authenticate is reported as {@code -1}, never as an exception.
 */
final class PacketOpener {
    static final int TAG_LEN = 16;
    private static final int SAMPLE_LEN = 16;

    private final SecretKeySpec key;
    private final SecretKeySpec hp;
    private final byte[] iv;
    private final byte[] nonce = new byte[12];
    private final byte[] mask = new byte[16];
    private Cipher ecb;
    private Cipher gcm;
    private byte[] header = new byte[64];
    private long largest = -1;

    /** Set by a successful {@link #open}: the packet's full number and the plaintext header length. */
    long packetNumber;
    int firstByte;

    PacketOpener(InitialKeys keys) {
        this.key = new SecretKeySpec(keys.key, "AES");
        this.hp = new SecretKeySpec(keys.hp, "AES");
        this.iv = keys.iv;
    }

    /**
     * Opens the long-header packet that starts at {@code pkt}, whose (protected) packet number starts at
     * {@code pnOff} and whose Length field ends the packet at {@code end}. Writes the frames to
     * {@code out} (at least {@code end - pnOff} bytes) and returns their length, or -1.
     */
    int open(byte[] buf, int pkt, int pnOff, int end, byte[] out) {
        if (pnOff + 4 + SAMPLE_LEN > end) return -1;
        try {
            if (ecb == null) {
                ecb = Cipher.getInstance("AES/ECB/NoPadding");
                ecb.init(Cipher.ENCRYPT_MODE, hp);
                gcm = Cipher.getInstance("AES/GCM/NoPadding");
            }
            ecb.doFinal(buf, pnOff + 4, SAMPLE_LEN, mask, 0);
            int first = (buf[pkt] ^ (mask[0] & 0x0f)) & 0xff;
            int pnLen = (first & 3) + 1;
            int hdrLen = pnOff - pkt + pnLen;
            if (header.length < hdrLen) header = new byte[Math.max(hdrLen, header.length * 2)];
            System.arraycopy(buf, pkt, header, 0, hdrLen);
            header[0] = (byte) first;
            long truncated = 0;
            for (int i = 0; i < pnLen; i++) {
                int b = (buf[pnOff + i] ^ mask[1 + i]) & 0xff;
                header[pnOff - pkt + i] = (byte) b;
                truncated = (truncated << 8) | b;
            }
            long pn = decodePacketNumber(largest, truncated, pnLen * 8);
            int ctOff = pnOff + pnLen;
            int ctLen = end - ctOff;
            if (ctLen < TAG_LEN) return -1;
            System.arraycopy(iv, 0, nonce, 0, 12);
            for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (pn >>> (8 * i));
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LEN * 8, nonce));
            gcm.updateAAD(header, 0, hdrLen);
            int n = gcm.doFinal(buf, ctOff, ctLen, out, 0);
            if (pn > largest) largest = pn;
            packetNumber = pn;
            firstByte = first;
            return n;
        } catch (GeneralSecurityException | RuntimeException e) {
            // AEADBadTagException (wrong keys, corrupt or truncated packet) and any malformed length:
            // the packet is simply not readable.
            return -1;
        }
    }

    /** RFC 9000 appendix A.3: the packet number closest to the next expected one. */
    static long decodePacketNumber(long largest, long truncated, int bits) {
        long expected = largest + 1;
        long win = 1L << bits;
        long hwin = win / 2;
        long maskBits = win - 1;
        long candidate = (expected & ~maskBits) | truncated;
        if (candidate <= expected - hwin && candidate < (1L << 62) - win) return candidate + win;
        if (candidate > expected + hwin && candidate >= win) return candidate - win;
        return candidate;
    }
}

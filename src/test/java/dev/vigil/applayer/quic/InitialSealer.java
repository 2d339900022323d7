package dev.vigil.applayer.quic;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Builds protected client Initial packets from plaintext frames for tests and fuzzing, with the keys of
 * RFC 9001 appendix A (DCID 8394c8f03e515708): the sender side of {@link PacketOpener}, written from the
 * RFC independently of it.
 */
public final class InitialSealer {
    static final HexFormat HEX = HexFormat.of();
    public static final byte[] DCID = HEX.parseHex("8394c8f03e515708");
    static final byte[] KEY = HEX.parseHex("1f369613dd76d5467730efcbe3b1a22d");
    static final byte[] IV = HEX.parseHex("fa044b2f42a3fd3b46fb255c");
    static final byte[] HP = HEX.parseHex("9f50449e04a0e810283a1e9933adedd2");

    private InitialSealer() {}

    /** A client Initial (version 1, RFC 9001's DCID, 4-byte packet number) carrying these plaintext frames. */
    public static byte[] seal(byte[] b, int off, int len, long pn) throws Exception {
        if (len < 0) len = b.length - off;
        int plen = Math.max(len, 4);
        int length = 4 + plen + 16;
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(0xc3);
        h.write(new byte[] {0, 0, 0, 1});
        h.write(DCID.length);
        h.write(DCID);
        h.write(0);  // SCID length
        h.write(0);  // token length
        h.write(0x40 | (length >>> 8));
        h.write(length & 0xff);
        int pnOff = h.size();
        for (int i = 3; i >= 0; i--) h.write((int) (pn >>> (8 * i)));
        byte[] header = h.toByteArray();
        byte[] plain = new byte[plen];
        System.arraycopy(b, off, plain, 0, len);
        byte[] nonce = IV.clone();
        for (int i = 0; i < 8; i++) nonce[11 - i] ^= (byte) (pn >>> (8 * i));
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(KEY, "AES"), new GCMParameterSpec(128, nonce));
        gcm.updateAAD(header);
        byte[] ct = gcm.doFinal(plain);
        byte[] pkt = new byte[header.length + ct.length];
        System.arraycopy(header, 0, pkt, 0, header.length);
        System.arraycopy(ct, 0, pkt, header.length, ct.length);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(HP, "AES"));
        byte[] mask = ecb.doFinal(pkt, pnOff + 4, 16);
        pkt[0] ^= (byte) (mask[0] & 0x0f);
        for (int i = 0; i < 4; i++) pkt[pnOff + i] ^= mask[1 + i];
        return pkt;
    }

    /** The ClientHello handshake message of RFC 9001 appendix A.2 (header included). */
    public static byte[] plainClientHello() {
        return HEX.parseHex("010000ed0303ebf8fa56f12939b9584a3896472ec40bb863cfd3e86804fe3a47f06a2b69484c"
                + "00000413011302010000c000000010000e00000b6578616d706c652e636f6dff01000100000a00080006001d0017"
                + "0018001000070005046170706e000500050100000000003300260024001d00209370b2c9caa47fbabaf4559fedba"
                + "753de171fa71f50f1ce15d43e994ec74d748002b0003020304000d0010000e04030503060302030804080508060"
                + "02d00020101001c00024001003900320408ffffffffffffffff05048000ffff07048000ffff080110010480007530"
                + "0901100f088394c8f03e51570806048000ffff");
    }

    public static byte[] crypto(int offset, byte[] data, int off, int len) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(0x06);
        f.write(0x40 | (offset >>> 8));
        f.write(offset & 0xff);
        f.write(0x40 | (len >>> 8));
        f.write(len & 0xff);
        f.write(data, off, len);
        return f.toByteArray();
    }
}

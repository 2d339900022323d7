package dev.vigil.applayer.ssh;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * HASSH (Salesforce): the MD5 of four algorithm name-lists of one side's KEXINIT joined with ';'. The
 * client's is kex;enc_c2s;mac_c2s;cmp_c2s of the client's KEXINIT, the server's (HASSH-server)
 * kex;enc_s2c;mac_s2c;cmp_s2c of the server's. The host key list is left out by the spec.
 */
public record Hassh(String string, String hash) {

    /** @param lists a KEXINIT's first eight name-lists, raw bytes */
    static Hassh of(byte[][] lists, boolean client) {
        int enc = client ? 2 : 3, mac = client ? 4 : 5, cmp = client ? 6 : 7;
        int n = lists[0].length + lists[enc].length + lists[mac].length + lists[cmp].length + 3;
        byte[] s = new byte[n];
        int p = 0;
        p = put(s, p, lists[0]);
        s[p++] = ';';
        p = put(s, p, lists[enc]);
        s[p++] = ';';
        p = put(s, p, lists[mac]);
        s[p++] = ';';
        put(s, p, lists[cmp]);
        return new Hassh(new String(s, StandardCharsets.ISO_8859_1), md5Hex(s));
    }

    private static int put(byte[] dst, int p, byte[] src) {
        System.arraycopy(src, 0, dst, p, src.length);
        return p + src.length;
    }

    static String md5Hex(byte[] data) {
        try {
            byte[] d = MessageDigest.getInstance("MD5").digest(data);
            char[] out = new char[d.length * 2];
            for (int i = 0; i < d.length; i++) {
                out[2 * i] = Character.forDigit((d[i] >> 4) & 0xF, 16);
                out[2 * i + 1] = Character.forDigit(d[i] & 0xF, 16);
            }
            return new String(out);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks MD5", e);
        }
    }
}

package dev.vigil.scenario.tls;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The handful of DER encodings an X.509 certificate needs. Each method returns one complete TLV, so a
 * certificate is written inside out as nested calls; nothing here parses.
 */
final class Der {
    private Der() {}

    static final int BOOLEAN = 0x01, INTEGER = 0x02, BIT_STRING = 0x03, OCTET_STRING = 0x04, OID = 0x06,
            UTF8 = 0x0c, PRINTABLE = 0x13, IA5 = 0x16, UTC_TIME = 0x17, SEQUENCE = 0x30, SET = 0x31;

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").withZone(ZoneOffset.UTC);

    static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        out.write(tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else {
            int bytes = n < 0x100 ? 1 : n < 0x10000 ? 2 : 3;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) out.write(n >>> (8 * i));
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] seq(byte[]... parts) {
        return tlv(SEQUENCE, concat(parts));
    }

    static byte[] set(byte[]... parts) {
        return tlv(SET, concat(parts));
    }

    /** A constructed context-specific tag [n] around {@code inner} (EXPLICIT tagging). */
    static byte[] explicit(int n, byte[] inner) {
        return tlv(0xa0 | n, inner);
    }

    /** A primitive context-specific tag [n] replacing the value's own tag (IMPLICIT tagging). */
    static byte[] implicit(int n, byte[] value) {
        return tlv(0x80 | n, value);
    }

    static byte[] integer(BigInteger v) {
        return tlv(INTEGER, v.toByteArray());
    }

    static byte[] integer(long v) {
        return integer(BigInteger.valueOf(v));
    }

    static byte[] bool(boolean v) {
        return tlv(BOOLEAN, new byte[] {(byte) (v ? 0xff : 0)});
    }

    static byte[] octets(byte[] v) {
        return tlv(OCTET_STRING, v);
    }

    /** A BIT STRING holding whole bytes. */
    static byte[] bits(byte[] v) {
        byte[] b = new byte[v.length + 1];
        System.arraycopy(v, 0, b, 1, v.length);
        return tlv(BIT_STRING, b);
    }

    static byte[] string(int tag, String s) {
        return tlv(tag, s.getBytes(tag == UTF8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII));
    }

    static byte[] utcTime(Instant t) {
        return string(UTC_TIME, UTC.format(t));
    }

    static byte[] oid(String dotted) {
        String[] p = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(p[0]) * 40 + Integer.parseInt(p[1]));
        for (int i = 2; i < p.length; i++) {
            long v = Long.parseLong(p[i]);
            int groups = 1;
            while ((v >>> (7 * groups)) != 0) groups++;
            for (int g = groups - 1; g >= 0; g--) out.write((int) ((v >>> (7 * g)) & 0x7f) | (g > 0 ? 0x80 : 0));
        }
        return tlv(OID, out.toByteArray());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }
}

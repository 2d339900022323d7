package dev.vigil.applayer.dns;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;

/**
 * Turns raw protocol bytes into the JSON string Suricata writes for them: valid UTF-8 as it is,
 * otherwise ASCII kept and every other byte written as the four characters {@code \xHH}, so a log
 * reader sees which bytes were there without an invalid string in the record.
 */
public final class EveText {
    private EveText() {}

    public static String of(byte[] b) {
        return b == null ? "" : of(b, 0, b.length);
    }

    public static String of(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len; i++) {
            if (b[i] < 0) { ascii = false; break; }
        }
        if (ascii) return new String(b, off, len, StandardCharsets.ISO_8859_1);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, off, len)).toString();
        } catch (CharacterCodingException notUtf8) {
            StringBuilder sb = new StringBuilder(len + 16);
            for (int i = off; i < off + len; i++) {
                int c = b[i] & 0xFF;
                if (c < 0x80) sb.append((char) c);
                else sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 15]);
            }
            return sb.toString();
        }
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Lower-case hex of the bytes, optionally with a separator between bytes ("19:8c:34"). */
    public static String hex(byte[] b, char sep) {
        StringBuilder sb = new StringBuilder(b.length * 3);
        for (int i = 0; i < b.length; i++) {
            if (sep != 0 && i > 0) sb.append(sep);
            sb.append(HEX[(b[i] >> 4) & 15]).append(HEX[b[i] & 15]);
        }
        return sb.toString();
    }
}

package dev.vigil.applayer.files;

import java.nio.charset.StandardCharsets;

/**
 * Vigil's own table of the file signatures common in traffic, with the MIME type Apache Tika names
 * for each. Every entry tests at least the bytes Tika's own signature for that type tests, so a file
 * the table recognises is one Tika's signature matches too; whether another Tika signature could
 * also match (and win) is checked by {@link FileMagic} against {@link TikaMagicIndex}.
 *
 * <p>Executables with several PE/ELF variants, MP4 brands, OLE2 (doc/xls/msi) and markup whose root
 * element Tika inspects are not here: Tika's choice among its variants stays Tika's.
 */
final class FileSignatures {
    private FileSignatures() {}

    private record Sig(int offset, byte[] bytes, byte[] mask, String mime) {
        boolean matches(byte[] b, int len) {
            if (offset + bytes.length > len) return false;
            for (int i = 0; i < bytes.length; i++) {
                if (((b[offset + i] ^ bytes[i]) & mask[i]) != 0) return false;
            }
            return true;
        }
    }

    /** '?' in a text signature stands for any byte. */
    private static Sig text(int offset, String s, String mime) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        byte[] m = new byte[b.length];
        for (int i = 0; i < b.length; i++) m[i] = (byte) (b[i] == '?' ? 0 : 0xFF);
        return new Sig(offset, b, m, mime);
    }

    private static Sig hex(int offset, String hex, String mime) {
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        byte[] m = new byte[b.length];
        java.util.Arrays.fill(m, (byte) 0xFF);
        return new Sig(offset, b, m, mime);
    }

    private static final Sig[] SIGS = {
        // images
        hex(0, "89504e470d0a1a0a", "image/png"),
        hex(0, "ffd8ff", "image/jpeg"),
        text(0, "GIF87a", "image/gif"),
        text(0, "GIF89a", "image/gif"),
        text(0, "RIFF????WEBP", "image/webp"),
        hex(0, "00000100", "image/vnd.microsoft.icon"),
        hex(0, "4d4d002a", "image/tiff"),
        hex(0, "49492a00", "image/tiff"),
        // documents
        text(0, "%PDF-", "application/pdf"),
        hex(0, "efbbbf25504446 2d".replace(" ", ""), "application/pdf"),
        text(0, "{\\rtf", "application/rtf"),
        // archives and compression
        hex(0, "1f8b", "application/gzip"),
        hex(0, "fd377a585a00", "application/x-xz"),
        hex(0, "377abcaf271c", "application/x-7z-compressed"),
        text(0, "Rar!", "application/x-rar-compressed"),
        hex(0, "28b52ffd", "application/zstd"),
        text(0, "MSCF", "application/vnd.ms-cab-compressed"),
        hex(0, "504b0304", "application/zip"),
        hex(0, "504b0506", "application/zip"),
        hex(0, "504b0708", "application/zip"),
        text(0, "ITSF", "application/vnd.ms-htmlhelp"),
        text(0, "LZIP", "application/x-lzip"),
        text(257, "ustar\0", "application/x-tar"),
        // executables and code
        text(0, "MZ", "application/x-msdownload"),
        hex(0, "7f454c46", "application/x-elf"),
        hex(0, "cafebabe", "application/java-vm"),
        hex(0, "0061736d", "application/wasm"),
        // media
        text(0, "ID3", "audio/mpeg"),
        text(0, "OggS", "application/ogg"),
        text(0, "FWS", "application/x-shockwave-flash"),
        text(0, "CWS", "application/x-shockwave-flash"),
        text(4, "moov\0", "video/quicktime"),
        text(4, "mdat\0", "video/quicktime"),
        text(4, "free\0", "video/quicktime"),
        text(4, "skip\0", "video/quicktime"),
        text(4, "ftyp", "video/quicktime"),
        // fonts
        hex(0, "00010000", "application/x-font-ttf"),
        hex(0, "4f54544f00", "application/x-font-otf"),
    };

    /** Bytes of BMP's bits-per-pixel field (offset 28, little-endian) Tika accepts. */
    private static final int[] BMP_DEPTHS = {0, 1, 4, 8, 16, 24, 32};

    /** The type of {@code b[0..len)} by this table, or null. */
    static String match(byte[] b, int len) {
        for (Sig s : SIGS) if (s.matches(b, len)) return s.mime;
        if (len >= 4 && b[0] == 'B' && b[1] == 'Z' && b[2] == 'h' && b[3] >= '1' && b[3] <= '9') return "application/x-bzip2";
        if (len >= 30 && b[0] == 'B' && b[1] == 'M' && b[26] == 1 && b[27] == 0 && b[29] == 0) {
            for (int d : BMP_DEPTHS) if ((b[28] & 0xFF) == d) return "image/bmp";
        }
        return null;
    }
}

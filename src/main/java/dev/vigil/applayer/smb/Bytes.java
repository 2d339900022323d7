package dev.vigil.applayer.smb;

import java.nio.charset.StandardCharsets;

/** Little-endian reads and bounded string decoding over a byte range (SMB is little-endian throughout). */
final class Bytes {
    private Bytes() {}

    static int u8(byte[] b, int i) { return b[i] & 0xFF; }
    static int u16(byte[] b, int i) { return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8; }
    static int u16be(byte[] b, int i) { return (b[i] & 0xFF) << 8 | (b[i + 1] & 0xFF); }
    static int i32(byte[] b, int i) { return u16(b, i) | u16(b, i + 2) << 16; }
    static long u32(byte[] b, int i) { return i32(b, i) & 0xFFFFFFFFL; }
    static long i64(byte[] b, int i) { return u32(b, i) | u32(b, i + 4) << 32; }

    /** Longest name kept, in characters: longer names are cut (SMB paths are at most 32 Ki chars). */
    static final int MAX_STRING_CHARS = 4096;

    /** UTF-16LE text in {@code b[off, off+len)}, cut at a NUL and at {@link #MAX_STRING_CHARS}. */
    static String utf16(byte[] b, int off, int len) {
        len = Math.min(len & ~1, MAX_STRING_CHARS * 2);
        int end = off;
        while (end + 1 < off + len && (b[end] != 0 || b[end + 1] != 0)) end += 2;
        return new String(b, off, end - off, StandardCharsets.UTF_16LE);
    }

    /** 8-bit text (OEM strings, SMB1 dialects), cut at a NUL. */
    static String ascii(byte[] b, int off, int len) {
        len = Math.min(len, MAX_STRING_CHARS);
        int end = off;
        while (end < off + len && b[end] != 0) end++;
        return new String(b, off, end - off, StandardCharsets.ISO_8859_1);
    }

    static boolean inRange(int off, int len, int limit) {
        return off >= 0 && len >= 0 && off <= limit && len <= limit - off;
    }

    /** Windows FILETIME (100 ns since 1601) as Unix seconds; 0 stays 0. */
    static long filetimeToUnix(long ft) {
        if (ft == 0) return 0;
        return Long.divideUnsigned(ft, 10_000_000L) - 11_644_473_600L;
    }
}

package dev.vigil.scenario.smb;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A directory's entries as FileIdBothDirectoryInformation (MS-FSCC 2.4.17), cut into output buffers no
 * larger than the client asked for. "." and ".." come first as on NTFS; a name ending in a backslash is
 * a subdirectory (the backslash is not part of its name), anything else a file of a plausible size.
 */
final class DirectoryListing {
    static final int FILE_ID_BOTH_DIRECTORY_INFORMATION = 0x25;
    private static final int FIXED = 104;
    private static final int ATTR_DIRECTORY = 0x10, ATTR_ARCHIVE = 0x20;

    private DirectoryListing() {}

    /** The output buffers, in the order successive QUERY_DIRECTORY responses return them. */
    static List<byte[]> buffers(List<String> names, int maxBuffer, RandomGenerator rng, long filetime) {
        List<byte[]> entries = new ArrayList<>();
        entries.add(entry(".", true, 0, rng, filetime));
        entries.add(entry("..", true, 0, rng, filetime));
        for (String n : names) {
            boolean dir = n.endsWith("\\");
            String name = dir ? n.substring(0, n.length() - 1) : n;
            long size = dir ? 0 : 1 + rng.nextLong(4L << 20);
            entries.add(entry(name, dir, size, rng, filetime));
        }
        List<byte[]> out = new ArrayList<>();
        List<byte[]> current = new ArrayList<>();
        int used = 0;
        for (byte[] e : entries) {
            int padded = (e.length + 7) & ~7;
            if (!current.isEmpty() && used + e.length > maxBuffer) {
                out.add(chain(current));
                current = new ArrayList<>();
                used = 0;
            }
            current.add(e);
            used += padded;
        }
        if (!current.isEmpty()) out.add(chain(current));
        return out;
    }

    /** Entries linked by NextEntryOffset, each 8-aligned; the last one's offset stays 0. */
    private static byte[] chain(List<byte[]> entries) {
        LeBuffer b = new LeBuffer();
        for (int i = 0; i < entries.size(); i++) {
            byte[] e = entries.get(i);
            int start = b.position();
            b.bytes(e);
            if (i < entries.size() - 1) {
                b.align(start, 8);
                b.setU32(start, b.position() - start);
            }
        }
        return b.toBytes();
    }

    private static byte[] entry(String name, boolean dir, long size, RandomGenerator rng, long filetime) {
        byte[] n = LeBuffer.utf16Bytes(name);
        // files were written some time in the past year, then read recently
        long written = filetime - rng.nextLong(365L * 86_400 * 10_000_000);
        long accessed = written + (filetime - written) / 2;
        LeBuffer b = new LeBuffer();
        b.u32(0).u32(0);
        b.u64(written).u64(accessed).u64(written).u64(written);
        b.u64(size).u64((size + 4095) & ~4095L);
        b.u32(dir ? ATTR_DIRECTORY : ATTR_ARCHIVE);
        b.u32(n.length).u32(0);
        b.u8(0).u8(0).zeros(24).u16(0);
        b.u64(dir && name.startsWith(".") ? 0 : 0x0001_0000_0000_0000L | rng.nextLong(1L << 32));
        b.bytes(n);
        assert b.position() == FIXED + n.length;
        return b.toBytes();
    }
}

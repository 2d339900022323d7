package dev.vigil.detect.behavior.zeek;

import java.util.Locale;

/** The Zeek logs that carry what the behavioural detectors read; every other log is skipped unread. */
public enum ZeekLog {
    CONN("conn"), OPEN_CONN("open_conn"), DNS("dns"), HTTP("http"), SSL("ssl"), SSH("ssh"), FTP("ftp"),
    SMB_MAPPING("smb_mapping"), SMB_FILES("smb_files"), NOTICE("notice");

    /** The log's {@code #path}, as Zeek names its files. */
    public final String path;

    ZeekLog(String path) { this.path = path; }

    /** The log a {@code #path} value names, or null for logs this reader does not use. */
    public static ZeekLog ofPath(String path) {
        if (path == null) return null;
        String p = path.trim().toLowerCase(Locale.ROOT);
        for (ZeekLog l : values()) if (l.path.equals(p)) return l;
        return null;
    }

    /**
     * The log a file name suggests: {@code conn.log}, {@code conn.log.gz}, {@code conn.00:00:00-01:00:00.log.gz}
     * (rotated), {@code conn.log.labeled} and {@code labeled-conn.log} (Stratosphere); null when the name says nothing.
     */
    public static ZeekLog ofFileName(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.startsWith("labeled-")) n = n.substring(8);
        int dot = n.indexOf('.');
        return ofPath(dot < 0 ? n : n.substring(0, dot));
    }

    /** How the stats name a log this reader skips: the part before the first dot, bounded so hostile names stay short. */
    static String skippedName(String pathOrFileName) {
        String n = pathOrFileName.toLowerCase(Locale.ROOT);
        if (n.startsWith("labeled-")) n = n.substring(8);
        int dot = n.indexOf('.');
        String p = dot < 0 ? n : n.substring(0, dot);
        return p.length() > 32 ? p.substring(0, 32) : p;
    }
}

package dev.vigil.applayer.http;

import java.nio.charset.StandardCharsets;

/** The request methods that identify HTTP/1.x from a flow's first bytes: RFC 9110, WebDAV and a few common extensions. */
final class HttpMethods {
    private HttpMethods() {}

    private static final String[] NAMES = {
        "GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "CONNECT", "TRACE", "PATCH",
        // WebDAV (RFC 4918, 3253, 3648, 3744, 5323, 5842) and CalDAV
        "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "SEARCH", "REPORT", "CHECKOUT",
        "CHECKIN", "UNCHECKOUT", "MKWORKSPACE", "UPDATE", "LABEL", "MERGE", "BASELINE-CONTROL", "MKACTIVITY",
        "VERSION-CONTROL", "ORDERPATCH", "ACL", "BIND", "UNBIND", "REBIND", "MKCALENDAR", "MKREDIRECTREF",
        "UPDATEREDIRECTREF",
        // other extensions seen in traffic
        "PURGE", "LINK", "UNLINK", "NOTIFY", "SUBSCRIBE", "UNSUBSCRIBE", "POLL", "BPROPFIND", "BPROPPATCH",
        "BCOPY", "BDELETE", "BMOVE", "X-MS-ENUMATTS", "RPC_IN_DATA", "RPC_OUT_DATA", "M-SEARCH", "DEBUG", "QUERY"
    };

    private static final byte[][] BYTES = new byte[NAMES.length][];

    static {
        for (int i = 0; i < NAMES.length; i++) BYTES[i] = NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }

    /** Longest method name plus the space after it. */
    static final int MAX_PREFIX;

    static {
        int m = 0;
        for (byte[] b : BYTES) m = Math.max(m, b.length + 1);
        MAX_PREFIX = m;
    }

    /** 1: a known method followed by a space; 0: could still become one with more bytes; -1: cannot. */
    static int match(byte[] b, int off, int len) {
        boolean prefix = false;
        for (byte[] m : BYTES) {
            int n = Math.min(len, m.length + 1);
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) ok = i < m.length ? b[off + i] == m[i] : b[off + i] == ' ';
            if (!ok) continue;
            if (len > m.length) return 1;
            prefix = true;
        }
        return prefix ? 0 : -1;
    }
}

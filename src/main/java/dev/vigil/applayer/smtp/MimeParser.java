package dev.vigil.applayer.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A MIME message (RFC 5322 headers, RFC 2045/2046 bodies) read one line at a time: the message's own
 * headers that are logged, and the parts that carry a file name, decoded (base64, quoted-printable or
 * as they are) into a {@link Listener}. Nothing but the current header block and line is kept.
 */
final class MimeParser {
    /** One entity's header block: past this its headers are ignored. */
    static final int MAX_HEADER_BLOCK = 64 * 1024;
    /** Nested multiparts followed. */
    static final int MAX_DEPTH = 8;
    /** Parts per message. */
    static final int MAX_PARTS = 256;
    /** RFC 2046 limits a boundary to 70 characters; a little slack for real mailers. */
    static final int MAX_BOUNDARY = 200;
    /** A file name longer than this is cut. */
    static final int MAX_FILENAME = 1024;

    interface Listener {
        /** A header of the message itself (not of a part): name lower-case, value unfolded and trimmed. */
        void header(String name, String value);
        void fileStart(String name);
        void fileData(byte[] b, int off, int len);
        void fileEnd(boolean complete);
        void anomaly(String event);
    }

    private enum Enc { RAW, BASE64, QP }

    private final Listener listener;
    private final StringBuilder headers = new StringBuilder();
    private boolean headerOverflow;
    private boolean inHeaders = true;
    private boolean topLevel = true;
    private boolean midLine;
    private final String[] boundaries = new String[MAX_DEPTH];
    private int depth;
    private int parts;
    private boolean done;
    private String status = "HEADER_STARTED";

    // the part being decoded into a file, if any
    private boolean inFile;
    private Enc enc;
    private Base64Stream base64;
    private boolean pendingCrlf;
    private byte[] qpOut = new byte[256];
    private boolean reportedB64, reportedQp;

    MimeParser(Listener listener) {
        this.listener = listener;
    }

    /** Suricata's state names: HEADER_STARTED, HEADER_READY, BODY_STARTED, PARSE_DONE, PARSE_ERROR. */
    String status() { return status; }

    /**
     * One line, or a piece of one: {@code eol} false when the line goes on in the next call (it was too
     * long to keep whole); the line break itself is not in the bytes.
     */
    void line(byte[] b, int off, int len, boolean eol) {
        if (done) return;
        boolean lineStart = !midLine;
        midLine = !eol;
        if (inHeaders) {
            if (lineStart && len == 0 && eol) {
                endOfHeaders();
                return;
            }
            boolean folded = lineStart && len > 0 && (b[off] == ' ' || b[off] == '\t');
            if (lineStart && !folded && !hasColon(b, off, len)) {
                // not a header field: the headers ended without their blank line, and this is body
                // (as mail readers take it); the line then goes on below as body content
                listener.anomaly("MIME_MALFORMED_MSG");
                endOfHeaders();
            } else {
                header(b, off, len, lineStart, folded);
                return;
            }
        }
        if (lineStart && depth > 0 && len >= 2 && b[off] == '-' && b[off + 1] == '-' && boundary(b, off + 2, len - 2)) return;
        if (inFile) fileLine(b, off, len, eol);
    }

    private static boolean hasColon(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) if (b[i] == ':') return true;
        return false;
    }

    /** Keeps a header line (or a piece of one), unfolded later; past the block's bound nothing more. */
    private void header(byte[] b, int off, int len, boolean lineStart, boolean folded) {
        if (headerOverflow) return;
        if (headers.length() + len + 1 > MAX_HEADER_BLOCK) {
            headerOverflow = true;
            listener.anomaly("MIME_LONG_HEADER_VALUE");
            return;
        }
        if (lineStart && !folded && headers.length() > 0) headers.append('\n');
        for (int i = off; i < off + len; i++) headers.append((char) (b[i] & 0xFF));
    }

    /** The message ended: {@code complete} false when it was cut short. */
    void end(boolean complete) {
        if (done) return;
        if (inHeaders && headers.length() > 0 && complete) endOfHeaders();
        // outside a multipart the last line break is the body's own
        if (inFile && pendingCrlf && enc != Enc.BASE64) listener.fileData(CRLF, 0, 2);
        closeFile(complete);
        done = true;
        status = complete ? "PARSE_DONE" : status;
    }

    /** A line that starts with "--": the boundary of an enclosing multipart, or content. */
    private boolean boundary(byte[] b, int off, int len) {
        int end = off + len;
        while (end > off && (b[end - 1] == ' ' || b[end - 1] == '\t')) end--;
        for (int d = depth - 1; d >= 0; d--) {
            String bd = boundaries[d];
            int n = bd.length();
            if (end - off < n || !startsWith(b, off, bd)) continue;
            int rest = end - off - n;
            boolean close = rest == 2 && b[off + n] == '-' && b[off + n + 1] == '-';
            if (rest != 0 && !close) continue;
            closeFile(true);
            depth = d + 1;
            if (close) {
                depth = d; // the epilogue that follows belongs to the parent, and is not a part
                if (depth == 0) status = "BODY_STARTED";
            } else if (++parts > MAX_PARTS) {
                listener.anomaly("MIME_MALFORMED_MSG");
                depth = 0;
            } else {
                inHeaders = true;
                headers.setLength(0);
                headerOverflow = false;
            }
            return true;
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int off, String s) {
        for (int i = 0; i < s.length(); i++) if ((b[off + i] & 0xFF) != s.charAt(i)) return false;
        return true;
    }

    private void endOfHeaders() {
        inHeaders = false;
        status = topLevel ? "HEADER_READY" : status;
        String contentType = null, disposition = null, encoding = null;
        for (String h : headers.toString().split("\n")) {
            int colon = h.indexOf(':');
            if (colon <= 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = unfold(h.substring(colon + 1));
            switch (name) {
                case "content-type" -> contentType = value;
                case "content-disposition" -> disposition = value;
                case "content-transfer-encoding" -> encoding = value.toLowerCase(Locale.ROOT);
                default -> { }
            }
            if (topLevel) listener.header(name, value);
        }
        headers.setLength(0);
        headerOverflow = false;
        topLevel = false;
        status = "BODY_STARTED";
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            String bd = param(contentType, "boundary");
            if (bd == null || bd.isEmpty()) {
                listener.anomaly("MIME_MALFORMED_MSG");
            } else if (bd.length() > MAX_BOUNDARY) {
                listener.anomaly("MIME_BOUNDARY_TOO_LONG");
            } else if (depth >= MAX_DEPTH) {
                listener.anomaly("MIME_MALFORMED_MSG");
            } else {
                boundaries[depth++] = bd;
            }
            return;
        }
        String name = disposition == null ? null : param(disposition, "filename");
        if (name == null && disposition != null) name = param(disposition, "filename*");
        if (name == null && contentType != null) name = param(contentType, "name");
        if (name == null) return;
        if (name.length() > MAX_FILENAME) {
            listener.anomaly("MIME_LONG_FILENAME");
            name = name.substring(0, MAX_FILENAME);
        }
        enc = encoding == null ? Enc.RAW : encoding.startsWith("base64") ? Enc.BASE64 : encoding.startsWith("quoted-printable") ? Enc.QP : Enc.RAW;
        base64 = enc == Enc.BASE64 ? new Base64Stream() : null;
        pendingCrlf = false;
        inFile = true;
        listener.fileStart(name);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private void fileLine(byte[] b, int off, int len, boolean eol) {
        switch (enc) {
            case BASE64 -> {
                base64.feed(b, off, len, listener::fileData);
                if (base64.sawInvalid() && !reportedB64) {
                    reportedB64 = true;
                    listener.anomaly("MIME_INVALID_BASE64");
                }
            }
            case QP -> {
                if (qpOut.length < len) qpOut = new byte[Math.max(len, qpOut.length * 2)];
                if (!reportedQp && QuotedPrintable.invalidEscape(b, off, len)) {
                    reportedQp = true;
                    listener.anomaly("MIME_INVALID_QP");
                }
                if (pendingCrlf) listener.fileData(CRLF, 0, 2);
                int n = QuotedPrintable.decodeLine(b, off, len, qpOut);
                boolean soft = n < 0;
                if (soft) n = -n - 1;
                listener.fileData(qpOut, 0, n);
                pendingCrlf = eol && !soft;
            }
            default -> {
                // the line break before a boundary belongs to the boundary (RFC 2046 5.1.1)
                if (pendingCrlf) listener.fileData(CRLF, 0, 2);
                listener.fileData(b, off, len);
                pendingCrlf = eol;
            }
        }
    }

    private void closeFile(boolean complete) {
        if (!inFile) return;
        inFile = false;
        base64 = null;
        listener.fileEnd(complete);
    }

    /** RFC 5322 unfolding: line breaks and the white space around them become one space. */
    private static String unfold(String v) {
        StringBuilder sb = new StringBuilder(v.length());
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r') continue;
            sb.append(c == '\n' ? ' ' : c);
        }
        return sb.toString().trim();
    }

    /** A parameter of a structured header value ({@code type/sub; key=value; key="quoted"}), or null. */
    static String param(String value, String key) {
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int start = i + 1;
            int eq = value.indexOf('=', start);
            if (eq < 0) return null;
            String k = value.substring(start, eq).trim();
            int p = eq + 1;
            while (p < value.length() && value.charAt(p) == ' ') p++;
            String v;
            int next;
            if (p < value.length() && value.charAt(p) == '"') {
                StringBuilder sb = new StringBuilder();
                int q = p + 1;
                while (q < value.length() && value.charAt(q) != '"') {
                    if (value.charAt(q) == '\\' && q + 1 < value.length()) q++;
                    sb.append(value.charAt(q++));
                }
                v = sb.toString();
                next = value.indexOf(';', q);
            } else {
                next = value.indexOf(';', p);
                v = value.substring(p, next < 0 ? value.length() : next).trim();
            }
            if (k.equalsIgnoreCase(key)) return v;
            i = next;
        }
        return null;
    }

    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
}

package dev.vigil.applayer.http;

import java.nio.charset.StandardCharsets;

/**
 * Streams a multipart/form-data request body (RFC 7578) and hands each part that carries a
 * filename to {@link Parts} as a file. The delimiter is found with a KMP automaton so it may straddle
 * calls without the body being buffered; only a part's header lines are kept, each bounded.
 */
final class MultipartReader {
    /** Longest boundary accepted (RFC 2046 allows 70; some clients go further). */
    static final int MAX_BOUNDARY = 256;
    static final int MAX_PART_HEADERS = 64;

    interface Parts {
        /** A part with a filename begins. */
        void open(String filename);

        void data(byte[] b, int off, int len);

        /** The open part ends; {@code complete} false when the body ended inside it. */
        void close(boolean complete);

        void anomaly(String event);
    }

    private enum State { DATA, AFTER_DELIMITER, PART_HEADERS, EPILOGUE }

    private final Parts parts;
    private final byte[] delim;
    private final int[] fail;
    private final LineBuffer line = new LineBuffer(MessageReader.MAX_LINE);
    private State state = State.DATA;
    private int matched;
    private boolean inFile;
    private int partHeaders;
    private String filename;

    /** Null when the boundary is unusable. */
    static MultipartReader of(String boundary, Parts parts) {
        if (boundary == null || boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) return null;
        return new MultipartReader(boundary, parts);
    }

    private MultipartReader(String boundary, Parts parts) {
        this.parts = parts;
        this.delim = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        this.fail = new int[delim.length + 1];
        // fail[k]: longest proper prefix of delim[0, k) that is also its suffix
        for (int k = 2, j = 0; k <= delim.length; k++) {
            while (j > 0 && delim[k - 1] != delim[j]) j = fail[j];
            if (delim[k - 1] == delim[j]) j++;
            fail[k] = j;
        }
        // the body's first delimiter has no CRLF before it
        this.matched = 2;
    }

    void data(byte[] b, int off, int len) {
        int p = off, end = off + len;
        while (p < end) {
            switch (state) {
                case DATA -> p = scan(b, p, end);
                case EPILOGUE -> p = end;
                default -> {
                    int q = line.feed(b, p, end);
                    if (q < 0) return;
                    p = q;
                    onLine(line.bytes(), line.length());
                    line.clear();
                }
            }
        }
    }

    private int scan(byte[] b, int p, int end) {
        int runStart = p;
        while (p < end) {
            byte c = b[p];
            if (matched == 0) {
                // fast path: nothing can start a delimiter before the next CR
                int q = p;
                while (q < end && b[q] != delim[0]) q++;
                p = q;
                if (p == end) break;
                c = b[p];
            }
            while (matched > 0 && delim[matched] != c) {
                int back = fail[matched];
                emitRun(b, runStart, p);
                runStart = p;
                emit(delim, 0, matched - back);
                matched = back;
            }
            if (delim[matched] == c) {
                if (matched == 0) {
                    emitRun(b, runStart, p);
                    runStart = p + 1;
                } else {
                    runStart = p + 1;
                }
                matched++;
                p++;
                if (matched == delim.length) {
                    matched = 0;
                    delimiterFound();
                    return p;
                }
            } else {
                p++;
            }
        }
        if (matched == 0) emitRun(b, runStart, p);
        return p;
    }

    private void emitRun(byte[] b, int from, int to) {
        if (to > from) emit(b, from, to - from);
    }

    private void emit(byte[] b, int off, int len) {
        if (inFile && len > 0) parts.data(b, off, len);
    }

    private void delimiterFound() {
        if (inFile) {
            parts.close(true);
            inFile = false;
        }
        state = State.AFTER_DELIMITER;
    }

    private void onLine(byte[] b, int len) {
        if (state == State.AFTER_DELIMITER) {
            if (len >= 2 && b[0] == '-' && b[1] == '-') {
                state = State.EPILOGUE;
            } else {
                state = State.PART_HEADERS;
                partHeaders = 0;
                filename = null;
            }
            return;
        }
        // PART_HEADERS
        if (len == 0) {
            state = State.DATA;
            matched = 0;
            if (filename != null) {
                parts.open(filename);
                inFile = true;
            }
            return;
        }
        if (++partHeaders > MAX_PART_HEADERS) return;
        int colon = -1;
        for (int i = 0; i < len; i++) if (b[i] == ':') { colon = i; break; }
        if (colon <= 0) {
            parts.anomaly("MULTIPART_INVALID_HEADER");
            return;
        }
        int ne = colon;
        while (ne > 0 && b[ne - 1] == ' ') ne--;
        if (HeaderValues.is(b, 0, ne, "content-disposition")) {
            String v = HeaderValues.text(b, colon + 1, len - colon - 1).trim();
            String f = HeaderValues.parameter(v, "filename");
            if (f != null) filename = f;
        }
    }

    /** The body ended: an open part is cut short. */
    void end(boolean complete) {
        if (inFile) {
            parts.close(false);
            inFile = false;
        }
        if (complete && state != State.EPILOGUE) parts.anomaly("MULTIPART_GENERIC_ERROR");
        state = State.EPILOGUE;
    }
}

package dev.vigil.applayer.http;

import java.util.Arrays;

/**
 * The framing of one direction of an HTTP/1.x connection: start line, header lines (with obsolete
 * line folding), then the body by Content-Length, by chunks (with extensions and trailers) or until
 * the connection closes. What a message means (which framing applies, what a header says) is the
 * {@link Handler}'s business; this class only cuts the byte stream, streaming and bounded: no line
 * is kept beyond {@link #MAX_LINE} bytes and no header past {@link #MAX_HEADERS} is delivered.
 */
final class MessageReader {
    /** Longest start, header, chunk-size or trailer line kept (longer ones are truncated and reported). */
    static final int MAX_LINE = 16 * 1024;
    /** Most header lines delivered per message (more are read past and reported once). */
    static final int MAX_HEADERS = 512;

    enum Framing {
        /** No body: the message ends with its headers. */
        NONE,
        /** {@link Handler#bodyLength()} bytes of body. */
        LENGTH,
        /** Chunked transfer-coding. */
        CHUNKED,
        /** Body until the connection closes (responses without a length). */
        CLOSE,
        /** The connection stops being HTTP after this message (CONNECT tunnel, 101 Switching Protocols). */
        TUNNEL,
        /** An interim (1xx) response: no body, and the final response still follows. */
        INTERIM
    }

    /** What a start line turned out to be. */
    enum Start { NOT_A_START_LINE, WITH_HEADERS, WITHOUT_HEADERS }

    interface Handler {
        Start startLine(byte[] b, int len);

        /** True when a line met while resynchronising could begin a message. */
        boolean looksLikeStartLine(byte[] b, int len);

        void header(byte[] b, int nameOff, int nameLen, int valueOff, int valueLen);

        Framing headersDone();

        /** The body length announced by the headers, read after {@link #headersDone} said LENGTH. */
        long bodyLength();

        void body(byte[] b, int off, int len);

        void bodyGap(long bytes);

        /** The message ended; {@code complete} false when it was cut short (gap, lost framing, close). */
        void messageEnd(boolean complete);

        void anomaly(String event);
    }

    private enum State { START, HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, BODY_CLOSE, RESYNC, STOPPED }

    private final Handler h;
    /** "REQUEST" or "RESPONSE": libhtp's event names differ only by it. */
    private final String side;
    private final LineBuffer line = new LineBuffer(MAX_LINE);
    private State state = State.START;
    private long remaining;
    private int headers;
    private boolean tooManyReported;
    private byte[] pending = new byte[256];
    private int pendingLen = -1;
    private boolean pendingTooLong;

    MessageReader(Handler h, boolean request) {
        this.h = h;
        this.side = request ? "REQUEST" : "RESPONSE";
    }

    boolean atStart() { return state == State.START && line.isEmpty(); }

    boolean stopped() { return state == State.STOPPED; }

    /** Reading a body that lasts until the connection closes. */
    boolean inBodyUntilClose() { return state == State.BODY_CLOSE; }

    /** Between messages or inside one (headers or body). */
    boolean inMessage() {
        return state != State.START && state != State.RESYNC && state != State.STOPPED;
    }

    /** No more bytes of this direction are parsed (tunnel, or the parser gave up on the flow). */
    void stop() {
        state = State.STOPPED;
        line.clear();
    }

    /** The message begins with its body, which lasts until close (an HTTP/0.9 response). */
    void bodyUntilClose() {
        state = State.BODY_CLOSE;
        line.clear();
    }

    /**
     * The bytes of a line begun between messages and not ended (no LF yet), as a copy; null when there
     * is none. Used at close for an HTTP/0.9 response that never sent a line end.
     */
    byte[] partialStart() {
        if (state != State.START || line.isEmpty()) return null;
        line.endWithoutTerminator();
        return Arrays.copyOf(line.bytes(), line.length());
    }

    /**
     * Parses {@code b[off, off+len)}.
     * @return how many bytes were taken: fewer than {@code len} only when the handler {@link #pause}d the
     *     reader or {@link #stop}ped it (a tunnel starts after the bytes taken)
     */
    int feed(byte[] b, int off, int len) {
        int p = off, end = off + len;
        while (p < end) {
            if (paused) return p - off;
            switch (state) {
                case STOPPED -> { return p - off; } // the bytes after a tunnel's start are not HTTP
                case BODY_LENGTH, CHUNK_DATA -> {
                    int n = (int) Math.min(remaining, end - p);
                    h.body(b, p, n);
                    p += n;
                    remaining -= n;
                    if (remaining == 0) {
                        if (state == State.BODY_LENGTH) endMessage(true);
                        else state = State.CHUNK_END;
                    }
                }
                case BODY_CLOSE -> {
                    h.body(b, p, end - p);
                    p = end;
                }
                default -> {
                    int q = line.feed(b, p, end);
                    if (q < 0) return len;
                    p = q;
                    if (line.overflowed()) h.anomaly(side + "_FIELD_TOO_LONG");
                    lineCrLf = line.endedWithCrLf();
                    onLine(line.bytes(), line.length());
                    line.clear();
                }
            }
        }
        return len;
    }

    private boolean paused;

    /** Stops taking bytes at the end of the current message until {@link #resume} (a CONNECT awaiting its answer). */
    void pause() { paused = true; }

    void resume() { paused = false; }

    private void onLine(byte[] b, int len) {
        switch (state) {
            case START -> startLine(b, len);
            case RESYNC -> {
                if (len > 0 && h.looksLikeStartLine(b, len)) {
                    state = State.START;
                    startLine(b, len);
                }
            }
            case HEADERS -> headerLine(b, len);
            case CHUNK_SIZE -> chunkSize(b, len);
            case CHUNK_END -> {
                // the CRLF after chunk data; a sender that omits it gets its line read as the next size
                if (len != 0) chunkSize(b, len);
                else state = State.CHUNK_SIZE;
            }
            case TRAILERS -> {
                if (len == 0) endMessage(true);
            }
            default -> { }
        }
    }

    private void startLine(byte[] b, int len) {
        if (len == 0) return; // empty lines between messages are tolerated, as by libhtp
        switch (h.startLine(b, len)) {
            case WITH_HEADERS -> {
                state = State.HEADERS;
                headers = 0;
                tooManyReported = false;
                pendingLen = -1;
            }
            case WITHOUT_HEADERS -> endMessage(true);
            case NOT_A_START_LINE -> state = State.RESYNC;
        }
    }

    /** The line being handled ended with CR LF. */
    private boolean lineCrLf;

    private void headerLine(byte[] b, int len) {
        // as libhtp, these end the headers too: a line of CRs ("\r\r\n"), and a single blank ended by a
        // bare LF (" \n"); a blank line ended by CR LF is folding
        if (len == 0 || onlyCr(b, len) || len == 1 && (b[0] == ' ' || b[0] == '\t') && !lineCrLf) {
            flushPending();
            framing(h.headersDone());
            return;
        }
        if (b[0] == ' ' || b[0] == '\t') {
            if (pendingLen < 0) {
                // folding with nothing to fold into: read the line as a header of its own
                h.anomaly("INVALID_" + side + "_FIELD_FOLDING");
                int s = 0;
                while (s < len && (b[s] == ' ' || b[s] == '\t')) s++;
                keepPending(b, s, len - s);
            } else {
                int s = 0;
                while (s < len && (b[s] == ' ' || b[s] == '\t')) s++;
                appendPending((byte) ' ');
                for (int i = s; i < len; i++) appendPending(b[i]);
            }
            return;
        }
        flushPending();
        keepPending(b, 0, len);
    }

    private static boolean onlyCr(byte[] b, int len) {
        for (int i = 0; i < len; i++) if (b[i] != '\r') return false;
        return true;
    }

    private void keepPending(byte[] b, int off, int len) {
        if (len > pending.length) pending = Arrays.copyOf(pending, Math.min(MAX_LINE, Math.max(len, pending.length * 2)));
        int n = Math.min(len, pending.length);
        System.arraycopy(b, off, pending, 0, n);
        pendingLen = n;
        pendingTooLong = false;
    }

    private void appendPending(byte v) {
        if (pendingLen == pending.length) {
            if (pending.length >= MAX_LINE) {
                if (!pendingTooLong) h.anomaly(side + "_FIELD_TOO_LONG");
                pendingTooLong = true;
                return;
            }
            pending = Arrays.copyOf(pending, Math.min(MAX_LINE, pending.length * 2));
        }
        pending[pendingLen++] = v;
    }

    private void flushPending() {
        if (pendingLen < 0) return;
        int len = pendingLen;
        pendingLen = -1;
        if (++headers > MAX_HEADERS) {
            if (!tooManyReported) h.anomaly(side + "_TOO_MANY_HEADERS");
            tooManyReported = true;
            return;
        }
        byte[] b = pending;
        int colon = -1;
        for (int i = 0; i < len; i++) if (b[i] == ':') { colon = i; break; }
        if (colon < 0) {
            h.anomaly(side + "_FIELD_MISSING_COLON");
            return;
        }
        int nameEnd = colon;
        while (nameEnd > 0 && (b[nameEnd - 1] == ' ' || b[nameEnd - 1] == '\t')) nameEnd--;
        boolean invalid = nameEnd == 0 || nameEnd != colon;
        for (int i = 0; i < nameEnd && !invalid; i++) if (b[i] <= ' ' || b[i] >= 0x7F) invalid = true;
        if (invalid) h.anomaly(side + "_HEADER_INVALID");
        int v = colon + 1, ve = len;
        while (v < ve && (b[v] == ' ' || b[v] == '\t')) v++;
        while (ve > v && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) ve--;
        h.header(b, 0, nameEnd, v, ve - v);
    }

    private void framing(Framing f) {
        switch (f) {
            case NONE -> endMessage(true);
            case LENGTH -> {
                remaining = h.bodyLength();
                if (remaining <= 0) endMessage(true);
                else state = State.BODY_LENGTH;
            }
            case CHUNKED -> state = State.CHUNK_SIZE;
            case CLOSE -> state = State.BODY_CLOSE;
            case TUNNEL -> {
                h.messageEnd(true);
                stop();
            }
            case INTERIM -> state = State.START;
        }
    }

    private void chunkSize(byte[] b, int len) {
        int i = 0;
        while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
        if (i == len) { state = State.CHUNK_SIZE; return; } // a stray empty line between chunks
        long size = 0;
        int digits = 0;
        for (; i < len; i++) {
            int d = Character.digit(b[i], 16);
            if (d < 0) break;
            if (size > (Long.MAX_VALUE >> 4)) { digits = -1; break; }
            size = (size << 4) | d;
            digits++;
        }
        // after the digits only whitespace (C's isspace, as libhtp: a vertical tab too) or a chunk extension may follow
        if (digits > 0) {
            while (i < len && (b[i] == ' ' || b[i] == '\t' || b[i] == 0x0b || b[i] == 0x0c || b[i] == '\r')) i++;
            if (i < len && b[i] != ';') digits = 0;
        }
        if (digits <= 0) {
            h.anomaly("INVALID_" + side + "_CHUNK_LEN");
            endMessage(false);
            state = State.RESYNC;
            return;
        }
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void endMessage(boolean complete) {
        state = State.START;
        h.messageEnd(complete);
    }

    /** {@code bytes} of this direction were lost. */
    void gap(long bytes) {
        switch (state) {
            case BODY_LENGTH, CHUNK_DATA -> {
                long n = Math.min(bytes, remaining);
                h.bodyGap(n);
                remaining -= n;
                if (bytes > n) {
                    // the loss ran past this body: the next message's start is gone too
                    h.messageEnd(false);
                    state = State.RESYNC;
                } else if (remaining == 0) {
                    if (state == State.BODY_LENGTH) endMessage(true);
                    else state = State.CHUNK_END;
                }
            }
            case BODY_CLOSE -> h.bodyGap(bytes);
            case STOPPED -> { }
            case HEADERS, CHUNK_SIZE, CHUNK_END, TRAILERS -> {
                // a header line already ended waits only for folding: the loss ends it (libhtp has it too)
                if (state == State.HEADERS) flushPending();
                h.messageEnd(false);
                state = State.RESYNC;
            }
            default -> state = State.RESYNC;
        }
        line.clear();
    }

    /**
     * The connection closed: a body running until close is complete, anything else cut short. A start line
     * the peer began but never ended ("GET /" and close) is read as complete, as libhtp reads it, when it
     * looks like one: that request is logged.
     */
    void close() {
        if (state == State.START && !line.isEmpty()) {
            line.endWithoutTerminator();
            if (h.looksLikeStartLine(line.bytes(), line.length())) startLine(line.bytes(), line.length());
            line.clear();
        }
        if (state == State.HEADERS) flushPending();
        switch (state) {
            case BODY_CLOSE -> h.messageEnd(true);
            case HEADERS, BODY_LENGTH, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS -> h.messageEnd(false);
            default -> { }
        }
        state = State.STOPPED;
        line.clear();
    }
}

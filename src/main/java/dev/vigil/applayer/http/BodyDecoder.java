package dev.vigil.applayer.http;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Undoes a response's Content-Encoding (gzip, x-gzip, deflate as zlib or as raw deflate) as the body
 * streams by, so file hashes and sizes are those of the decoded body, as Suricata reports them.
 * Bounded against decompression bombs: at most {@link #MAX_OUT} bytes out per body, and no more than
 * {@link #BOMB_RATIO} times the bytes in once past {@link #BOMB_FLOOR}; beyond, decoding stops
 * (COMPRESSION_BOMB) and the file is truncated. Data that is not what its header claims (libhtp's
 * GZIP_DECOMPRESSION_FAILED) is passed on as it is, as libhtp does.
 */
final class BodyDecoder {
    /** Decoded bytes per body at most. */
    static final long MAX_OUT = 256L << 20;
    /** Output beyond which the ratio bound applies (libhtp's compression bomb limit default). */
    static final long BOMB_FLOOR = 1L << 20;
    /**
     * Output/input ratio beyond which a body is a bomb. One deflate layer cannot exceed about 1032:1,
     * so libhtp's 2048 would only ever catch stacked layers; 1000 catches a single layer of zeros.
     */
    static final long BOMB_RATIO = 1000;

    interface Sink {
        void data(byte[] b, int off, int len);
    }

    enum Result { OK, FAILED, BOMB }

    private static final int GZIP_HEADER_MAX = 4096;

    private final boolean gzip;
    private final Sink sink;
    private final byte[] out = new byte[16 * 1024];
    private Inflater inflater;
    private long in, produced;
    private boolean passthrough, stopped, finished;
    // gzip header parsing (it may span calls)
    private final byte[] header = new byte[GZIP_HEADER_MAX];
    private int headerLen;
    private boolean headerDone;
    // deflate: the first bytes decide between zlib and raw
    private boolean formatKnown;
    private Result result = Result.OK;

    BodyDecoder(boolean gzip, Sink sink) {
        this.gzip = gzip;
        this.sink = sink;
    }

    /** What went wrong, if anything: read to raise the matching anomaly once. */
    Result result() { return result; }

    boolean stopped() { return stopped; }

    void data(byte[] b, int off, int len) {
        if (stopped || len <= 0) return;
        in += len;
        if (passthrough) {
            sink.data(b, off, len);
            return;
        }
        if (finished) return; // trailing bytes after the end of the compressed stream are not body
        if (gzip && !headerDone) {
            int n = Math.min(len, GZIP_HEADER_MAX - headerLen);
            System.arraycopy(b, off, header, headerLen, n);
            headerLen += n;
            int hl = gzipHeaderLength(header, headerLen);
            if (hl == -1) {
                if (headerLen < GZIP_HEADER_MAX) return;
                fail(header, 0, headerLen);
                if (n < len) sink.data(b, off + n, len - n);
                return;
            }
            if (hl == -2) {
                fail(header, 0, headerLen);
                if (n < len) sink.data(b, off + n, len - n);
                return;
            }
            headerDone = true;
            inflater = new Inflater(true);
            // what of the buffered bytes follows the header, then the rest of this call
            if (hl < headerLen) inflate(header, hl, headerLen - hl);
            if (n < len && !stopped && !passthrough) inflate(b, off + n, len - n);
            return;
        }
        if (!gzip && !formatKnown) {
            // a zlib stream opens with a CMF/FLG pair whose 16-bit value is a multiple of 31
            if (headerLen + len < 2) {
                header[headerLen++] = b[off];
                return;
            }
            int b0 = headerLen > 0 ? header[0] & 0xFF : b[off] & 0xFF;
            int b1 = headerLen > 0 ? b[off] & 0xFF : b[off + 1] & 0xFF;
            boolean zlib = (b0 & 0x0F) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | b1) % 31 == 0;
            inflater = new Inflater(!zlib);
            formatKnown = true;
            if (headerLen > 0) inflate(header, 0, headerLen);
            headerLen = 0;
        }
        inflate(b, off, len);
    }

    private void inflate(byte[] b, int off, int len) {
        if (stopped || passthrough || finished) return;
        inflater.setInput(b, off, len);
        try {
            while (true) {
                int n = inflater.inflate(out);
                if (n > 0) {
                    produced += n;
                    if (produced > MAX_OUT || (produced > BOMB_FLOOR && produced > BOMB_RATIO * in)) {
                        result = Result.BOMB;
                        stopped = true;
                        end();
                        return;
                    }
                    sink.data(out, 0, n);
                }
                if (inflater.finished()) {
                    finished = true;
                    end();
                    return;
                }
                if (n == 0) {
                    // no progress: more input is needed (a preset dictionary never comes over HTTP)
                    if (inflater.needsDictionary()) throw new DataFormatException("preset dictionary");
                    return;
                }
            }
        } catch (DataFormatException e) {
            if (produced == 0) {
                // nothing decoded yet: the body was not what its header claimed; hand it on untouched
                fail(b, off, len);
            } else {
                result = Result.FAILED;
                stopped = true;
                end();
            }
        }
    }

    private void fail(byte[] b, int off, int len) {
        result = Result.FAILED;
        passthrough = true;
        end();
        if (headerLen > 0 && b != header) sink.data(header, 0, headerLen);
        sink.data(b, off, len);
    }

    /** Length of a complete gzip header (RFC 1952), -1 when more bytes are needed, -2 when it is no gzip header. */
    static int gzipHeaderLength(byte[] h, int n) {
        if (n >= 1 && (h[0] & 0xFF) != 0x1F) return -2;
        if (n >= 2 && (h[1] & 0xFF) != 0x8B) return -2;
        if (n >= 3 && h[2] != 8) return -2;
        if (n < 10) return -1;
        int flags = h[3] & 0xFF;
        int p = 10;
        if ((flags & 4) != 0) { // FEXTRA
            if (n < p + 2) return -1;
            p += 2 + ((h[p] & 0xFF) | (h[p + 1] & 0xFF) << 8);
        }
        if ((flags & 8) != 0) { // FNAME, zero-terminated
            while (p < n && h[p] != 0) p++;
            if (p >= n) return -1;
            p++;
        }
        if ((flags & 16) != 0) { // FCOMMENT
            while (p < n && h[p] != 0) p++;
            if (p >= n) return -1;
            p++;
        }
        if ((flags & 2) != 0) p += 2; // FHCRC
        return p <= n ? p : -1;
    }

    /** Releases the inflater's native memory; idempotent. */
    void end() {
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }
}

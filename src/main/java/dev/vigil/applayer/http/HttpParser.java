package dev.vigil.applayer.http;

import dev.vigil.applayer.AppContext;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.InspectionBuffers;
import dev.vigil.applayer.files.FileInfoRecord;
import dev.vigil.applayer.files.ObservedFile;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;

/**
 * One HTTP/1.x connection. Requests open transactions in order; responses are matched to them in the
 * same order (pipelining), interim 1xx responses are passed over, and a transaction is logged once
 * both its messages are done, or when the flow closes. Request uploads (POST/PUT bodies, multipart
 * parts with a filename) and response bodies are files, hashed after Content-Encoding is undone.
 * After a CONNECT answered 2xx or a 101 Switching Protocols the connection is no longer HTTP and the
 * parser is {@link #done}. A CONNECT tunnel's bytes are handed to the dispatcher
 * ({@link AppContext#changeProtocol}), which detects their protocol again (TLS, or HTTP to the proxied
 * server), as Suricata does; so are an upgrade's to h2c or websocket, when such a protocol is enabled.
 */
public final class HttpParser implements AppParser {
    /** Transactions waiting for their response at most; beyond, the oldest is logged without one. */
    static final int MAX_PENDING = 256;
    /** Anomalies reported per flow at most, then one TOO_MANY_WARNINGS. */
    static final int MAX_ANOMALIES = 64;
    /** Client bytes kept while a CONNECT waits for its answer (they are tunnel bytes if it succeeds). */
    static final int MAX_HELD = 64 * 1024;

    private final AppContext ctx;
    private final HttpLogOptions options;
    /** Body bytes kept per message for signatures; 0 when no rule inspects HTTP bodies or headers. */
    private final int inspectBodyLimit;
    private final ArrayDeque<HttpTransaction> txs = new ArrayDeque<>();
    private long nextTxId;
    private int anomalies;
    private boolean tunnel;
    /** Responses still to come for transactions dropped from a full queue: they are read and not logged. */
    private int droppedAwaitingResponse;

    private final RequestSide reqSide = new RequestSide();
    private final ResponseSide respSide = new ResponseSide();
    private final MessageReader request = new MessageReader(reqSide, true);
    private final MessageReader response = new MessageReader(respSide, false);

    // CONNECT: client bytes after the request wait for the answer
    private HttpTransaction connectTx;
    private byte[] held;
    private int heldLen;
    private boolean releaseHeld;
    /** The client sent more than {@link #MAX_HELD} while its CONNECT waited: the tunnel's start is not all kept. */
    private boolean heldOverflow;
    /** The dispatcher takes the bytes after the tunnel's start: the rest of the response buffer is handed over. */
    private boolean handingOver;

    public HttpParser(AppContext ctx) {
        this(ctx, HttpLogOptions.DEFAULT, 0);
    }

    public HttpParser(AppContext ctx, HttpLogOptions options, int inspectBodyLimit) {
        this.ctx = ctx;
        this.options = options;
        this.inspectBodyLimit = inspectBodyLimit;
    }

    @Override
    public void onData(boolean toServer, byte[] buf, int off, int len) {
        if (tunnel || len <= 0) return;
        if (toServer) {
            if (connectTx != null) {
                hold(buf, off, len);
            } else {
                int n = request.feed(buf, off, len);
                if (n < len) hold(buf, off + n, len - n);
            }
        } else {
            int p = off, end = off + len;
            while (p < end && !tunnel) {
                if (response.atStart()) startHttp09Response(buf, p, end - p);
                p += response.feed(buf, p, end - p);
                if (!releaseHeld) break;
                // a refused CONNECT: the requests sent meanwhile come before the responses that follow
                replayHeld();
                response.resume();
            }
            if (handingOver) {
                // the server's first tunnel bytes came with the response that opened it
                handingOver = false;
                int q = skipLineEnds(buf, p, end);
                ctx.handOver(false, buf, q, end - q);
            }
        }
    }

    @Override
    public void onGap(boolean toServer, long bytes) {
        if (tunnel || bytes <= 0) return;
        if (toServer) {
            if (connectTx != null) return;
            request.gap(bytes);
        } else {
            response.gap(bytes);
        }
    }

    @Override
    public void onClose() {
        if (!tunnel) {
            request.close();
            // a server answering HTTP/0.9 without any line end: its bytes wait as a partial line
            byte[] rest = response.partialStart();
            if (rest != null && !startsWithStatusLine(rest, 0, rest.length)) {
                startHttp09Response(rest, 0, rest.length);
                if (response.inBodyUntilClose()) response.feed(rest, 0, rest.length);
            }
            response.close();
        }
        logAll();
    }

    @Override
    public boolean done() {
        return tunnel || (request.stopped() && response.stopped());
    }

    /** The transactions not yet logged (for tests). */
    int pending() { return txs.size(); }

    private void hold(byte[] b, int off, int len) {
        if (held == null) held = new byte[Math.min(MAX_HELD, Math.max(1024, len))];
        int room = MAX_HELD - heldLen;
        int n = Math.min(len, room);
        if (n < len) heldOverflow = true;
        if (heldLen + n > held.length) held = java.util.Arrays.copyOf(held, Math.min(MAX_HELD, Math.max(heldLen + n, held.length * 2)));
        System.arraycopy(b, off, held, heldLen, n);
        heldLen += n;
    }

    private void replayHeld() {
        releaseHeld = false;
        connectTx = null;
        byte[] h = held;
        int n = heldLen;
        held = null;
        heldLen = 0;
        request.resume();
        if (n > 0) {
            int taken = request.feed(h, 0, n);
            if (taken < n) hold(h, taken, n - taken);
        }
    }

    /** RFC 9110 token characters: what a method is made of. */
    static boolean tchar(byte c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
        return c == '!' || c == '#' || c == '$' || c == '%' || c == '&' || c == '\'' || c == '*' || c == '+' || c == '-'
                || c == '.' || c == '^' || c == '_' || c == '`' || c == '|' || c == '~';
    }

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    /** A server that answers a request without protocol with a status line is not speaking HTTP/0.9. */
    private static boolean startsWithStatusLine(byte[] b, int off, int len) {
        // line ends and blanks before a status line are tolerated (and leave the question open)
        int end = off + len;
        while (off < end && (b[off] == '\r' || b[off] == '\n' || b[off] == ' ' || b[off] == '\t')) off++;
        int n = Math.min(end - off, HTTP_SLASH.length);
        for (int i = 0; i < n; i++) if ((b[off + i] | (i < 4 ? 0x20 : 0)) != (HTTP_SLASH[i] | (i < 4 ? 0x20 : 0))) return false;
        return true;
    }

    private void startHttp09Response(byte[] b, int off, int len) {
        if (startsWithStatusLine(b, off, len)) return;
        HttpTransaction t = awaitingResponse();
        // libhtp reads any first response without a status line as body (an evasion drops it to hide the
        // body); Vigil does so only for HTTP/0.9 requests: without it, a capture that lost a response's
        // first segment, and says so by no gap, would lose every later response to "body until close"
        if (t != null && t.http09 && droppedAwaitingResponse == 0) {
            t.responseStarted = true;
            respSide.begin(t);
            respSide.framingDecided(t, null, null);
            response.bodyUntilClose();
        }
    }

    /** Content codings undone at most (Suricata's response-body-decompress-layer-limit default). */
    static final int MAX_ENCODING_LAYERS = 2;

    /**
     * The codings of a Content-Encoding value (one header, or several joined by ", "), in the order
     * listed: true for gzip, false for deflate; identity adds none. A coding is recognised by its name
     * within the token, as libhtp does, so stray bytes around it ("\u00a0gzip") do not hide it. Null when a
     * token names no coding Vigil undoes (the body is then passed on as it is).
     */
    static List<Boolean> codings(String contentEncoding) {
        List<Boolean> out = new java.util.ArrayList<>();
        for (String token : contentEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String t = token.strip();
            if (t.isEmpty() || t.contains("identity")) continue;
            if (t.contains("gzip")) out.add(true);
            else if (t.contains("deflate")) out.add(false);
            else return null;
        }
        return out;
    }

    private HttpTransaction awaitingResponse() {
        for (HttpTransaction t : txs) if (!t.responseStarted) return t;
        return null;
    }

    private HttpTransaction newTx() {
        if (txs.size() >= MAX_PENDING) {
            HttpTransaction old = txs.pollFirst();
            if (!old.responseStarted) droppedAwaitingResponse++;
            log(old);
        }
        HttpTransaction t = new HttpTransaction(nextTxId++);
        if (inspectBodyLimit > 0) t.inspection = new HttpInspection(inspectBodyLimit);
        if (ctx.inspectsTransactions()) t.alerted = new java.util.BitSet();
        txs.addLast(t);
        return t;
    }

    private void anomaly(String event) {
        if (anomalies < MAX_ANOMALIES) ctx.anomaly(event);
        else if (anomalies == MAX_ANOMALIES) ctx.anomaly("TOO_MANY_WARNINGS");
        anomalies++;
    }

    /** Logs the transactions at the head of the queue that are complete, keeping the log in transaction order. */
    private void logCompleted() {
        while (!txs.isEmpty() && txs.peekFirst().complete()) log(txs.pollFirst());
    }

    private void logAll() {
        while (!txs.isEmpty()) log(txs.pollFirst());
    }

    private void log(HttpTransaction t) {
        if (t.logged) return;
        t.logged = true;
        ctx.emit(new HttpRecord(t.id, t.snapshot(), options, t.inspection, t.alerted));
    }

    /** Keeps a header for the record's header arrays when the log options ask for it. */
    private void keepHeader(HttpTransaction t, boolean request, byte[] b, int no, int nl, int vo, int vl) {
        if (t == null || !options.keepsHeaders(request) || !options.keeps(request, b, no, nl)) return;
        if (request) {
            if (t.requestHeaders == null) t.requestHeaders = new HeaderList();
            t.requestHeaders.add(b, no, nl, vo, vl);
        } else {
            if (t.responseHeaders == null) t.responseHeaders = new HeaderList();
            t.responseHeaders.add(b, no, nl, vo, vl);
        }
    }

    /**
     * The connection stops being HTTP after this transaction's response. A CONNECT tunnel is detected
     * again; an upgrade goes to the protocol it names when that one is enabled (Suricata: h2c to HTTP/2,
     * websocket to WebSocket); anything else is no longer parsed.
     */
    private void enterTunnel(HttpTransaction t, String upgrade, boolean complete) {
        tunnel = true;
        boolean change;
        if (!complete) {
            change = false; // bytes lost in the response: where the tunnel starts is unknown
        } else if (t.isConnect()) {
            // bytes the client sent past what was kept cannot be detected or parsed from their start
            change = !heldOverflow && ctx.changeProtocol(null);
        } else {
            String to = upgrade == null ? null : upgrade.trim();
            if ("h2c".equals(to)) change = ctx.changeProtocol("http2");
            else if (to != null && to.equalsIgnoreCase("websocket")) change = ctx.changeProtocol("websocket");
            else change = false;
        }
        if (change) {
            int q = skipLineEnds(held, 0, heldLen);
            if (heldLen > q) ctx.handOver(true, held, q, heldLen - q);
            handingOver = true;
        }
        held = null;
        heldLen = 0;
        request.stop();
        response.stop();
    }

    /**
     * Line ends right after the message that opened a tunnel are still HTTP's (empty lines between
     * messages, which libhtp and {@link MessageReader} tolerate; some clients and servers end their
     * CONNECT messages with one more): no tunnelled protocol (TLS, HTTP) starts with one.
     */
    private static int skipLineEnds(byte[] b, int p, int end) {
        while (p < end && (b[p] == '\r' || b[p] == '\n')) p++;
        return p;
    }

    /** A file carried by one message body, opened at its first byte (Suricata logs no empty body). */
    private final class BodyFile {
        final HttpTransaction tx;
        final String name;
        final boolean download;
        ObservedFile file;

        BodyFile(HttpTransaction tx, String name, boolean download) {
            this.tx = tx;
            this.name = name;
            this.download = download;
        }

        void data(byte[] b, int off, int len) {
            if (len <= 0) return;
            if (file == null) file = new ObservedFile(name);
            file.append(b, off, len);
        }

        void gap(long n) {
            if (n <= 0) return;
            if (file == null) file = new ObservedFile(name);
            file.gap(n);
        }

        void finish(boolean complete) {
            if (file == null || file.state() != ObservedFile.State.OPEN) return;
            file.finish(complete);
            ctx.emit(new FileInfoRecord(file, "http", tx.id, tx.snapshot(), download));
        }
    }

    /** Per-message header values that decide the framing; reset at each start line. */
    private static final class Framing {
        long contentLength = -1;
        boolean contentLengthSeen, contentLengthInvalid, contentLengthConflict;
        boolean transferEncodingSeen, chunked;
        String contentType, contentEncoding, contentDisposition;

        void reset() {
            contentLength = -1;
            contentLengthSeen = contentLengthInvalid = contentLengthConflict = false;
            transferEncodingSeen = chunked = false;
            contentType = contentEncoding = contentDisposition = null;
        }

        void header(byte[] b, int no, int nl, int vo, int vl) {
            if (HeaderValues.is(b, no, nl, "content-length")) {
                long v = HeaderValues.contentLength(b, vo, vl);
                if (v < 0) contentLengthInvalid = true;
                else if (contentLengthSeen && v != contentLength) contentLengthConflict = true;
                else contentLength = v;
                contentLengthSeen = true;
            } else if (HeaderValues.is(b, no, nl, "transfer-encoding")) {
                transferEncodingSeen = true;
                // libhtp compares ignoring NUL bytes: "chu\0nked" is chunked to it, so to the server's client
                if (HeaderValues.containsToken(HeaderValues.text(b, vo, vl).replace("\0", ""), "chunked")) chunked = true;
            } else if (HeaderValues.is(b, no, nl, "content-type")) {
                if (contentType == null) contentType = HeaderValues.logText(b, vo, vl);
            } else if (HeaderValues.is(b, no, nl, "content-encoding")) {
                // repeated headers are one list, as libhtp joins them ("deflate" then "gzip": both layers)
                String v = HeaderValues.text(b, vo, vl);
                contentEncoding = contentEncoding == null ? v : contentEncoding + ", " + v;
            } else if (HeaderValues.is(b, no, nl, "content-disposition")) {
                if (contentDisposition == null) contentDisposition = HeaderValues.logText(b, vo, vl);
            }
        }
    }

    private final class RequestSide implements MessageReader.Handler, MultipartReader.Parts {
        private final Framing f = new Framing();
        private HttpTransaction cur;
        private BodyFile file;
        private MultipartReader multipart;
        private BodyFile part;
        /** Undoes a compressed request body for signatures (Suricata 7.0.16 on inspects it decompressed). */
        private BodyDecoder inspectDecoder;

        @Override
        public MessageReader.Start startLine(byte[] b, int len) {
            int i = 0;
            while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
            if (i > 0) anomaly("REQUEST_LINE_LEADING_WHITESPACE");
            int ms = i;
            while (i < len && tchar(b[i])) i++;
            int me = i;
            if (me == ms || (i < len && b[i] != ' ' && b[i] != '\t')) {
                anomaly("REQUEST_LINE_INVALID");
                return MessageReader.Start.NOT_A_START_LINE;
            }
            f.reset();
            cur = newTx();
            cur.requestStarted = true;
            cur.method = HeaderValues.logText(b, ms, me - ms);
            if (cur.inspection != null) cur.inspection.request.startLine(b, len);
            while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
            int end = len;
            while (end > i && (b[end - 1] == ' ' || b[end - 1] == '\t')) end--;
            if (i == end) {
                // no target, no protocol: read on as headers; a true HTTP/0.9 client sends none and the
                // transaction is logged when the flow ends
                cur.http09 = true;
                return MessageReader.Start.WITH_HEADERS;
            }
            // the protocol is the last word when it looks like one; a target may contain spaces
            int ps = end;
            while (ps > i && b[ps - 1] != ' ' && b[ps - 1] != '\t') ps--;
            if (ps == i && end - i >= 5 && HeaderValues.is(b, i, 5, "http/")) {
                // "OPTIONS HTTP/1.1": no target at all, yet headers follow
                anomaly("REQUEST_LINE_INVALID");
                cur.protocol = HeaderValues.logText(b, i, end - i);
                return MessageReader.Start.WITH_HEADERS;
            }
            if (ps > i && end - ps >= 5 && HeaderValues.is(b, ps, 5, "http/")) {
                cur.protocol = HeaderValues.logText(b, ps, end - ps);
                int te = ps;
                while (te > i && (b[te - 1] == ' ' || b[te - 1] == '\t')) te--;
                cur.url = HeaderValues.logText(b, i, te - i);
                return MessageReader.Start.WITH_HEADERS;
            }
            cur.url = HeaderValues.logText(b, i, end - i);
            cur.http09 = true;
            // as above: clients that drop the protocol by mistake still send headers, which are read
            return MessageReader.Start.WITH_HEADERS;
        }

        @Override
        public boolean looksLikeStartLine(byte[] b, int len) {
            return HttpMethods.match(b, 0, len) > 0;
        }

        @Override
        public void header(byte[] b, int no, int nl, int vo, int vl) {
            HttpTransaction t = cur;
            f.header(b, no, nl, vo, vl);
            keepHeader(t, true, b, no, nl, vo, vl);
            if (t.inspection != null) t.inspection.request.header(b, no, nl, vo, vl);
            if (HeaderValues.is(b, no, nl, "host")) {
                if (t.hostHeader == null) t.hostHeader = HeaderValues.logText(b, vo, vl);
                else anomaly("HOST_HEADER_AMBIGUOUS");
            } else if (HeaderValues.is(b, no, nl, "user-agent")) {
                if (t.userAgent == null) t.userAgent = HeaderValues.logText(b, vo, vl);
            } else if (HeaderValues.is(b, no, nl, "referer")) {
                if (t.referer == null) t.referer = HeaderValues.logText(b, vo, vl);
            }
        }

        @Override
        public MessageReader.Framing headersDone() {
            HttpTransaction t = cur;
            if (t.hostHeader == null && "HTTP/1.1".equals(t.protocol)) anomaly("MISSING_HOST_HEADER");
            // the request line and headers are all known now: signatures read them on this packet (its body's
            // buffers when the request ends, the response's when the transaction does)
            if (t.alerted != null) ctx.inspect(new HttpRecord(t.id, t.snapshot(), options, t.inspection, t.alerted));
            MessageReader.Framing framing;
            if (f.transferEncodingSeen && f.chunked) {
                framing = MessageReader.Framing.CHUNKED;
            } else {
                if (f.transferEncodingSeen) anomaly("INVALID_TRANSFER_ENCODING_VALUE_IN_REQUEST");
                if (f.contentLengthConflict) anomaly("DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST");
                if (f.contentLengthInvalid) anomaly("INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST");
                framing = f.contentLength > 0 ? MessageReader.Framing.LENGTH : MessageReader.Framing.NONE;
            }
            inspectDecoder = null;
            if (framing != MessageReader.Framing.NONE && t.inspection != null && f.contentEncoding != null) {
                String ce = f.contentEncoding.trim().toLowerCase(Locale.ROOT);
                HttpInspection.Message m = t.inspection.request;
                if (ce.equals("gzip") || ce.equals("x-gzip")) inspectDecoder = new BodyDecoder(true, m::body);
                else if (ce.equals("deflate")) inspectDecoder = new BodyDecoder(false, m::body);
            }
            if (framing != MessageReader.Framing.NONE && ("POST".equals(t.method) || "PUT".equals(t.method))) {
                String ct = f.contentType;
                if ("POST".equals(t.method) && ct != null
                        && HeaderValues.mediaType(ct).toLowerCase(Locale.ROOT).equals("multipart/form-data")) {
                    multipart = MultipartReader.of(HeaderValues.parameter(ct, "boundary"), this);
                    if (multipart == null) anomaly("MULTIPART_GENERIC_ERROR");
                } else if (t.url != null) {
                    file = new BodyFile(t, UriNormalizer.path(t.url), false);
                }
            }
            return framing;
        }

        @Override
        public long bodyLength() { return f.contentLength; }

        @Override
        public void body(byte[] b, int off, int len) {
            if (inspectDecoder != null) inspectDecoder.data(b, off, len);
            else if (cur != null && cur.inspection != null) cur.inspection.request.body(b, off, len);
            if (multipart != null) multipart.data(b, off, len);
            else if (file != null) file.data(b, off, len);
        }

        @Override
        public void bodyGap(long bytes) {
            if (multipart != null) {
                // part boundaries cannot be found again reliably inside lost bytes
                multipart.end(false);
                multipart = null;
            }
            if (file != null) file.gap(bytes);
        }

        @Override
        public void messageEnd(boolean complete) {
            HttpTransaction t = cur;
            if (inspectDecoder != null) inspectDecoder.end();
            inspectDecoder = null;
            if (multipart != null) multipart.end(complete);
            if (file != null) file.finish(complete);
            multipart = null;
            file = null;
            cur = null;
            if (t == null) return;
            t.requestDone = true;
            // signatures see the request now, not when its response is done (Suricata inspects per direction)
            if (t.alerted != null && !t.responseDone) ctx.inspect(new HttpRecord(t.id, t.snapshot(), options, t.inspection, t.alerted));
            if (t.isConnect() && complete && !t.responseDone) {
                connectTx = t;
                request.pause();
            }
            logCompleted();
        }

        @Override
        public void anomaly(String event) {
            HttpParser.this.anomaly(event);
        }

        // multipart parts
        @Override
        public void open(String filename) {
            part = new BodyFile(cur, filename, false);
        }

        @Override
        public void data(byte[] b, int off, int len) {
            if (part != null) part.data(b, off, len);
        }

        @Override
        public void close(boolean complete) {
            if (part != null) part.finish(complete);
            part = null;
        }
    }

    private final class ResponseSide implements MessageReader.Handler, BodyDecoder.Sink {
        private final Framing f = new Framing();
        private HttpTransaction cur;
        /** The last response was interim (1xx): the next status line belongs to the same transaction. */
        private boolean interim;
        /** This response is read but belongs to no logged transaction. */
        private boolean discard;
        private BodyFile file;
        /** The outermost of {@link #layers}: the body goes in there. */
        private BodyDecoder decoder;
        /** One decoder per content coding, innermost first. */
        private final java.util.List<BodyDecoder> layers = new java.util.ArrayList<>();
        private boolean decoderReported;
        /** The response's Upgrade header (what a 101 switches to). */
        private String upgrade;

        void begin(HttpTransaction t) {
            cur = t;
            discard = false;
            upgrade = null;
            f.reset();
        }

        @Override
        public MessageReader.Start startLine(byte[] b, int len) {
            if (len < 5 || !HeaderValues.is(b, 0, 5, "http/")) {
                anomaly("RESPONSE_INVALID_PROTOCOL");
                return MessageReader.Start.NOT_A_START_LINE;
            }
            HttpTransaction t;
            if (interim && cur != null) {
                t = cur;
                t.contentType = null;
                t.location = null;
                // the final response's headers replace the interim one's
                if (t.responseHeaders != null) t.responseHeaders.clear();
            } else if (droppedAwaitingResponse > 0) {
                droppedAwaitingResponse--;
                t = new HttpTransaction(-1);
                discard = true;
            } else {
                t = awaitingResponse();
                if (t == null) {
                    anomaly("UNABLE_TO_MATCH_RESPONSE_TO_REQUEST");
                    t = newTx();
                    t.requestDone = true;
                }
                discard = false;
            }
            interim = false;
            cur = t;
            f.reset();
            upgrade = null;
            t.responseStarted = true;
            if (t.inspection != null) t.inspection.response.startLine(b, len);
            int i = 5;
            while (i < len && b[i] != ' ' && b[i] != '\t') i++;
            while (i < len && (b[i] == ' ' || b[i] == '\t')) i++;
            int cs = i;
            while (i < len && b[i] != ' ' && b[i] != '\t') i++;
            int code = -1;
            if (i - cs == 3) {
                code = 0;
                for (int k = cs; k < i && code >= 0; k++) code = b[k] >= '0' && b[k] <= '9' ? code * 10 + (b[k] - '0') : -1;
            }
            if (code >= 100 && code <= 999) {
                t.status = code;
                t.statusString = null;
            } else {
                t.status = -1;
                t.statusString = i > cs ? HeaderValues.logText(b, cs, i - cs) : null;
                anomaly("RESPONSE_INVALID_STATUS");
            }
            return MessageReader.Start.WITH_HEADERS;
        }

        @Override
        public boolean looksLikeStartLine(byte[] b, int len) {
            return len >= 7 && HeaderValues.is(b, 0, 7, "http/1.");
        }

        @Override
        public void header(byte[] b, int no, int nl, int vo, int vl) {
            f.header(b, no, nl, vo, vl);
            keepHeader(cur, false, b, no, nl, vo, vl);
            if (cur.inspection != null) cur.inspection.response.header(b, no, nl, vo, vl);
            if (HeaderValues.is(b, no, nl, "location")) {
                if (cur.location == null) cur.location = HeaderValues.logText(b, vo, vl);
            } else if (HeaderValues.is(b, no, nl, "upgrade")) {
                if (upgrade == null) upgrade = HeaderValues.text(b, vo, Math.min(vl, 64));
            }
        }

        @Override
        public MessageReader.Framing headersDone() {
            HttpTransaction t = cur;
            if (f.contentType != null) t.contentType = HeaderValues.mediaType(f.contentType);
            int s = t.status;
            if (s == 101) return MessageReader.Framing.TUNNEL;
            if (s >= 100 && s < 200) {
                if (s == 100 && t.status100Seen) anomaly("100_CONTINUE_ALREADY_SEEN");
                if (s == 100) t.status100Seen = true;
                interim = true;
                return MessageReader.Framing.INTERIM;
            }
            if (t.isConnect() && s >= 200 && s < 300) return MessageReader.Framing.TUNNEL;
            MessageReader.Framing framing;
            if (t.isHead() || s == 204 || s == 304) {
                framing = MessageReader.Framing.NONE;
            } else if (f.transferEncodingSeen && f.chunked) {
                framing = MessageReader.Framing.CHUNKED;
            } else {
                if (f.transferEncodingSeen) anomaly("INVALID_TRANSFER_ENCODING_VALUE_IN_RESPONSE");
                if (f.contentLengthConflict) anomaly("DUPLICATE_CONTENT_LENGTH_FIELD_IN_RESPONSE");
                if (f.contentLengthInvalid) anomaly("INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE");
                if (f.contentLength >= 0 && !f.contentLengthInvalid) framing = MessageReader.Framing.LENGTH;
                else framing = MessageReader.Framing.CLOSE;
            }
            if (framing != MessageReader.Framing.NONE) framingDecided(t, f.contentEncoding, f.contentDisposition);
            return framing;
        }

        /** Prepares the response body's file: named by Content-Disposition, else by the request path. */
        void framingDecided(HttpTransaction t, String contentEncoding, String disposition) {
            file = null;
            endLayers();
            decoder = null;
            decoderReported = false;
            if (discard) return;
            String name = disposition == null ? null : HeaderValues.parameter(disposition, "filename");
            if (name == null && t.url != null) name = UriNormalizer.path(t.url);
            if (name == null) return;
            file = new BodyFile(t, name, true);
            if (contentEncoding != null) {
                List<Boolean> codings = codings(contentEncoding);
                if (codings == null) {
                    if (contentEncoding.indexOf(',') >= 0) anomaly("ABNORMAL_CE_HEADER");
                } else if (codings.size() > MAX_ENCODING_LAYERS) {
                    anomaly("TOO_MANY_ENCODING_LAYERS");
                } else {
                    // the last coding listed was applied last: it is undone first
                    BodyDecoder.Sink next = this;
                    for (boolean gzip : codings) {
                        BodyDecoder d = new BodyDecoder(gzip, next);
                        layers.add(d);
                        next = d::data;
                        decoder = d;
                    }
                }
            }
        }

        @Override
        public long bodyLength() { return f.contentLength; }

        @Override
        public void body(byte[] b, int off, int len) {
            if (cur != null) cur.responseLength += len;
            if (file == null) {
                if (cur != null && cur.inspection != null) cur.inspection.response.body(b, off, len);
                return;
            }
            if (decoder == null) {
                if (cur.inspection != null) cur.inspection.response.body(b, off, len);
                file.data(b, off, len);
                return;
            }
            decoder.data(b, off, len);
            checkDecoder();
        }

        /** Decoded bytes. */
        @Override
        public void data(byte[] b, int off, int len) {
            if (cur != null && cur.inspection != null) cur.inspection.response.body(b, off, len);
            if (file != null) file.data(b, off, len);
        }

        private void endLayers() {
            for (BodyDecoder d : layers) d.end();
            layers.clear();
        }

        private void checkDecoder() {
            if (decoderReported || decoder.result() == BodyDecoder.Result.OK) return;
            decoderReported = true;
            if (decoder.result() == BodyDecoder.Result.BOMB) {
                anomaly("COMPRESSION_BOMB");
                file.finish(false);
            } else {
                anomaly("GZIP_DECOMPRESSION_FAILED");
            }
        }

        @Override
        public void bodyGap(long bytes) {
            if (cur != null) cur.responseLength += bytes;
            if (file == null) return;
            file.gap(bytes);
            if (decoder != null) {
                // the decoded size of lost compressed bytes is unknown, and what follows cannot be inflated
                endLayers();
                decoder = null;
                file.finish(false);
                file = null;
            }
        }

        @Override
        public void messageEnd(boolean complete) {
            HttpTransaction t = cur;
            endLayers();
            if (file != null) file.finish(complete);
            file = null;
            decoder = null;
            if (t == null || interim) return;
            cur = null;
            if (discard) {
                discard = false;
                return;
            }
            t.responseDone = true;
            // a response that ends the request's wait releases what the client sent meanwhile
            if ((t.isConnect() && t.status >= 200 && t.status < 300) || t.status == 101) enterTunnel(t, upgrade, complete);
            else if (t == connectTx) {
                releaseHeld = true;
                response.pause();
            }
            if (tunnel) logAll();
            else logCompleted();
        }

        @Override
        public void anomaly(String event) {
            HttpParser.this.anomaly(event);
        }
    }

}

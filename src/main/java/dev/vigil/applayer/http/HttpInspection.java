package dev.vigil.applayer.http;

import dev.vigil.applayer.InspectionBuffers;
import java.io.ByteArrayOutputStream;

/**
 * What signatures inspect in one transaction beyond the logged fields: the start lines, the headers
 * (raw, normalised, by name), the cookies and the bodies (the request's as sent after de-chunking, the
 * response's after Content-Encoding is undone: {@code file.data}). Kept only when rules use such
 * buffers ({@link HttpProtocol#configure}: {@code http.inspect.body-limit}), and bounded: each body to
 * the body limit (Suricata's request/response-body-limit), the headers of a message to
 * {@link #MAX_HEADER_BYTES}, so a flow with pending transactions cannot grow without bound.
 */
final class HttpInspection {
    /** Header bytes kept per message (raw and normalised each). */
    static final int MAX_HEADER_BYTES = 32 * 1024;

    private final int bodyLimit;
    final Message request, response;

    HttpInspection(int bodyLimit) {
        this.bodyLimit = bodyLimit;
        this.request = new Message();
        this.response = new Message();
    }

    /** One message's buffers. */
    final class Message {
        byte[] startLine;
        private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
        private final HeaderList normalized = new HeaderList(MAX_HEADER_BYTES);
        private final ByteArrayOutputStream names = new ByteArrayOutputStream();
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private boolean truncated;

        void startLine(byte[] b, int len) {
            startLine = java.util.Arrays.copyOf(b, len);
            raw.reset();
            normalized.clear();
            names.reset();
            body.reset();
            truncated = false;
        }

        void header(byte[] b, int no, int nl, int vo, int vl) {
            if (raw.size() + (vo + vl - no) + 2 <= MAX_HEADER_BYTES) {
                raw.write(b, no, vo + vl - no);
                raw.write('\r');
                raw.write('\n');
            }
            normalized.add(b, no, nl, vo, vl);
            if (names.size() + nl + 2 <= MAX_HEADER_BYTES) {
                names.write('\r');
                names.write('\n');
                names.write(b, no, nl);
            }
        }

        void body(byte[] b, int off, int len) {
            int n = Math.min(len, bodyLimit - body.size());
            if (n < len) truncated = true;
            if (n > 0) body.write(b, off, n);
        }

        /** The body kept; {@code truncated} when the limit cut it. */
        boolean bodyTruncated() { return truncated; }

        private void buffers(InspectionBuffers.Consumer c, boolean toServer) {
            if (startLine != null) {
                c.buffer(toServer ? "http.request_line" : "http.response_line", toServer, startLine);
                ByteArrayOutputStream start = new ByteArrayOutputStream(startLine.length + raw.size() + 4);
                start.writeBytes(startLine);
                start.write('\r');
                start.write('\n');
                start.writeBytes(raw.toByteArray());
                start.write('\r');
                start.write('\n');
                c.buffer("http.start", toServer, start.toByteArray());
            }
            if (raw.size() > 0) {
                byte[] r = raw.toByteArray();
                byte[] withEnd = java.util.Arrays.copyOf(r, r.length + 2);
                withEnd[r.length] = '\r';
                withEnd[r.length + 1] = '\n';
                c.buffer("http.header.raw", toServer, withEnd);
            }
            if (names.size() > 0) {
                byte[] n = names.toByteArray();
                byte[] withEnd = java.util.Arrays.copyOf(n, n.length + 4);
                withEnd[n.length] = '\r';
                withEnd[n.length + 1] = '\n';
                withEnd[n.length + 2] = '\r';
                withEnd[n.length + 3] = '\n';
                c.buffer("http.header_names", toServer, withEnd);
            }
            // Suricata's http.header: "Name: value\r\n" per header in first-seen order, repeated headers
            // joined; the cookie header of the direction has its own buffer and is left out
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            String cookieName = toServer ? "cookie" : "set-cookie";
            for (HeaderList.Header h : normalized.headers()) {
                String lower = h.name().toLowerCase(java.util.Locale.ROOT);
                byte[] v = InspectionBuffers.bytes(h.value());
                if (lower.equals(cookieName)) {
                    c.buffer("http.cookie", toServer, v);
                    continue;
                }
                header.writeBytes(InspectionBuffers.bytes(h.name()));
                header.write(':');
                header.write(' ');
                header.writeBytes(v);
                header.write('\r');
                header.write('\n');
                String named = switch (lower) {
                    case "content-type" -> "http.content_type";
                    case "content-length" -> "http.content_len";
                    case "connection" -> "http.connection";
                    case "accept" -> toServer ? "http.accept" : null;
                    case "accept-encoding" -> toServer ? "http.accept_enc" : null;
                    case "accept-language" -> toServer ? "http.accept_lang" : null;
                    case "server" -> toServer ? null : "http.server";
                    default -> null;
                };
                if (named != null) c.buffer(named, toServer, v);
            }
            if (header.size() > 0) c.buffer("http.header", toServer, header.toByteArray());
            if (body.size() > 0) {
                byte[] b = body.toByteArray();
                c.buffer(toServer ? "http.request_body" : "http.response_body", toServer, b);
                c.buffer("file.data", toServer, b);
            }
        }
    }

    void buffers(InspectionBuffers.Consumer c) {
        request.buffers(c, true);
        response.buffers(c, false);
    }
}

package dev.vigil.applayer.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.FieldWriter;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * One request and its response: the fields Suricata logs in an {@code http} object, kept as the
 * messages are parsed. Only logged values are turned into Strings.
 */
final class HttpTransaction {
    final long id;

    // request
    String method;
    /** The request target as sent: EVE's {@code url}. */
    String url;
    /** Request protocol ("HTTP/1.1"); null for HTTP/0.9. */
    String protocol;
    String hostHeader;
    String userAgent;
    String referer;
    String xff;
    boolean http09;
    boolean requestStarted, requestDone;
    boolean status100Seen;

    // response
    int status = -1;
    /** The status code token when it is not a number (Suricata 8's {@code status_string}). */
    String statusString;
    String contentType;
    String location;
    /** Response body bytes as transferred (after de-chunking, before decoding): EVE's {@code length}. */
    long responseLength;
    boolean responseStarted, responseDone;

    boolean logged;

    /** What signatures inspect beyond the logged fields; null unless rules use such buffers. */
    HttpInspection inspection;
    /** The rules that alerted on this transaction (see {@link dev.vigil.applayer.InspectionBuffers#alerted}); null without detection. */
    java.util.BitSet alerted;

    /** Headers kept for the record's header arrays; null unless the log options ask for them. */
    HeaderList requestHeaders, responseHeaders;

    HttpTransaction(long id) {
        this.id = id;
    }

    boolean complete() { return requestDone && responseDone; }

    boolean isHead() { return "HEAD".equals(method); }

    boolean isConnect() { return "CONNECT".equals(method); }

    /** Host for {@code hostname}: the absolute target's authority, else the Host header; port cut, lower case. */
    String hostname() {
        String a = authority();
        if (a == null) return null;
        String h = a;
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            h = close > 0 ? h.substring(0, close + 1) : h;
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) h = h.substring(0, colon);
        }
        h = h.trim();
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        return h.isEmpty() ? null : h.toLowerCase(Locale.ROOT);
    }

    /** The port of the authority, or -1 when it names none (or not a valid one). */
    int port() {
        String a = authority();
        if (a == null) return -1;
        int close = a.startsWith("[") ? a.indexOf(']') : -1;
        int colon = a.indexOf(':', Math.max(0, close));
        if (colon < 0 || colon == a.length() - 1) return -1;
        int v = 0;
        for (int i = colon + 1; i < a.length(); i++) {
            char c = a.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
            if (v > 65535) return -1;
        }
        return v;
    }

    private String authority() {
        if (url != null) {
            String a = UriNormalizer.authority(url);
            if (a != null && !a.isEmpty()) return a;
        }
        return hostHeader;
    }

    /** The normalised URI (detection's {@code http.uri}), null without a request. */
    String normalizedUri() {
        return url == null ? null : UriNormalizer.normalize(url);
    }

    /** The fields as they are now, for a record written later (a file's context must not change after it closed). */
    Snapshot snapshot() {
        return new Snapshot(hostname(), port(), url, userAgent, xff, contentType, referer, method, protocol,
                responseStarted ? status : -1, responseStarted ? statusString : null, location, responseLength,
                requestHeaders == null ? null : requestHeaders.headers(),
                responseHeaders == null ? null : responseHeaders.headers(), authority());
    }

    /**
     * Suricata's {@code http} object, in its field order. As a file's context ({@link #write}) it has the
     * basic and extended fields, as Suricata's fileinfo has; the http record itself follows the log options.
     */
    record Snapshot(String hostname, int port, String url, String userAgent, String xff, String contentType, String referer,
                    String method, String protocol, int status, String statusString, String redirect, long length,
                    List<HeaderList.Header> requestHeaders, List<HeaderList.Header> responseHeaders,
                    /** The host as sent (the absolute target's authority, else the Host header): {@code http.host.raw}. */
                    String authority)
            implements FieldWriter {
        @Override
        public void write(JsonGenerator g) throws IOException {
            g.writeObjectFieldStart("http");
            basic(g);
            extended(g);
            g.writeEndObject();
        }

        /** The http record's object: basic fields, extended ones when asked, then the header arrays. */
        void write(JsonGenerator g, HttpLogOptions o) throws IOException {
            g.writeObjectFieldStart("http");
            basic(g);
            if (o.extended()) extended(g);
            HeaderList.write(g, "request_headers", requestHeaders);
            HeaderList.write(g, "response_headers", responseHeaders);
            g.writeEndObject();
        }

        private void basic(JsonGenerator g) throws IOException {
            if (hostname != null) g.writeStringField("hostname", hostname);
            if (port >= 0) g.writeNumberField("http_port", port);
            if (url != null) g.writeStringField("url", url);
            if (userAgent != null) g.writeStringField("http_user_agent", userAgent);
            if (xff != null) g.writeStringField("xff", xff);
            if (contentType != null) g.writeStringField("http_content_type", contentType);
        }

        private void extended(JsonGenerator g) throws IOException {
            if (referer != null) g.writeStringField("http_refer", referer);
            if (method != null) g.writeStringField("http_method", method);
            if (protocol != null) g.writeStringField("protocol", protocol);
            if (status > 0) g.writeNumberField("status", status);
            else if (statusString != null) g.writeStringField("status_string", statusString);
            if (redirect != null) g.writeStringField("redirect", redirect);
            g.writeNumberField("length", length);
        }
    }
}

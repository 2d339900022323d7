package dev.vigil.applayer.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import dev.vigil.applayer.InspectionBuffers;
import java.io.IOException;

/** The EVE {@code http} record of one transaction: {@code tx_id}, then Suricata's {@code http} object. */
public final class HttpRecord implements AppRecord, dev.vigil.applayer.InspectionBuffers {
    private final long txId;
    private final HttpTransaction.Snapshot http;
    private final HttpLogOptions options;
    private final HttpInspection inspection;
    private final java.util.BitSet alerted;

    HttpRecord(long txId, HttpTransaction.Snapshot http) {
        this(txId, http, HttpLogOptions.DEFAULT, null, null);
    }

    HttpRecord(long txId, HttpTransaction.Snapshot http, HttpLogOptions options, HttpInspection inspection, java.util.BitSet alerted) {
        this.txId = txId;
        this.http = http;
        this.options = options;
        this.inspection = inspection;
        this.alerted = alerted;
    }

    @Override public java.util.BitSet alerted() { return alerted; }

    public long txId() { return txId; }

    public String hostname() { return http.hostname(); }
    public String url() { return http.url(); }
    public String userAgent() { return http.userAgent(); }
    public String method() { return http.method(); }
    public String protocol() { return http.protocol(); }
    /** -1 when no (numeric) status was seen. */
    public int status() { return http.status(); }
    public long length() { return http.length(); }
    public String contentType() { return http.contentType(); }
    public String redirect() { return http.redirect(); }
    /** The request's headers kept for {@code request_headers}; null when the options keep none. */
    public java.util.List<HeaderList.Header> requestHeaders() { return http.requestHeaders(); }
    public java.util.List<HeaderList.Header> responseHeaders() { return http.responseHeaders(); }

    @Override public String eventType() { return "http"; }

    @Override public String appProtocol() { return "http"; }

    /**
     * The request's and response's buffers this record holds: URI (normalised and as sent), method,
     * host, user agent, referer, content type, protocol, status code and message, location; and when
     * rules asked for them ({@link HttpInspection}) start lines, headers, cookies and bodies.
     */
    @Override
    public void buffers(Consumer c) {
        HttpTransaction.Snapshot h = http;
        if (h.url() != null) {
            c.buffer("http.uri.raw", true, InspectionBuffers.bytes(h.url()));
            c.buffer("http.uri", true, InspectionBuffers.bytes(UriNormalizer.normalize(h.url())));
        }
        if (h.method() != null) c.buffer("http.method", true, InspectionBuffers.bytes(h.method()));
        if (h.hostname() != null) c.buffer("http.host", true, InspectionBuffers.bytes(h.hostname().toLowerCase(java.util.Locale.ROOT)));
        if (h.authority() != null) c.buffer("http.host.raw", true, InspectionBuffers.bytes(h.authority()));
        if (h.userAgent() != null) c.buffer("http.user_agent", true, InspectionBuffers.bytes(h.userAgent()));
        if (h.referer() != null) c.buffer("http.referer", true, InspectionBuffers.bytes(h.referer()));
        if (h.protocol() != null) c.buffer("http.protocol", true, InspectionBuffers.bytes(h.protocol()));
        if (h.status() >= 0) c.buffer("http.stat_code", false, InspectionBuffers.bytes(String.valueOf(h.status())));
        if (h.statusString() != null) c.buffer("http.stat_msg", false, InspectionBuffers.bytes(h.statusString()));
        if (h.redirect() != null) c.buffer("http.location", false, InspectionBuffers.bytes(h.redirect()));
        if (inspection != null) inspection.buffers(c);
    }

    /** As Suricata's alert metadata: the basic and extended fields, whatever the http logger's options. */
    @Override
    public void writeAlertFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", txId);
        http.write(g);
    }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", txId);
        http.write(g, options);
    }
}

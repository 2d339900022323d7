package dev.vigil.applayer.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;

/** The EVE {@code http} record of one transaction: {@code tx_id}, then Suricata's {@code http} object. */
public final class HttpRecord implements AppRecord {
    private final long txId;
    private final HttpTransaction.Snapshot http;
    private final HttpLogOptions options;

    HttpRecord(long txId, HttpTransaction.Snapshot http) {
        this(txId, http, HttpLogOptions.DEFAULT);
    }

    HttpRecord(long txId, HttpTransaction.Snapshot http, HttpLogOptions options) {
        this.txId = txId;
        this.http = http;
        this.options = options;
    }

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

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeNumberField("tx_id", txId);
        http.write(g, options);
    }
}

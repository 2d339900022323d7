package dev.vigil.applayer.tls;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.util.List;

/**
 * The EVE {@code tls} record of one session, in Suricata 8's field names and order, with the fields the
 * log options choose ({@link TlsLogOptions}). Vigil's addition is {@code chain_dn} (subject and issuer of
 * each certificate the server sent, its own first), written unless a custom field list is configured.
 */
record TlsRecord(ClientHello client, ServerHello server, List<TlsCertificate> serverCerts,
                 List<TlsCertificate> clientCerts, String version, TlsLogOptions options, java.util.BitSet alerted)
        implements AppRecord, dev.vigil.applayer.InspectionBuffers {

    TlsRecord(ClientHello client, ServerHello server, List<TlsCertificate> serverCerts,
              List<TlsCertificate> clientCerts, String version) {
        this(client, server, serverCerts, clientCerts, version, TlsLogOptions.DEFAULT, null);
    }

    @Override
    public String eventType() {
        return "tls";
    }

    @Override
    public String appProtocol() {
        return "tls";
    }

    /** The session's sticky buffers: the client's SNI and fingerprints, the server's and its first certificate's. */
    @Override
    public void buffers(Consumer c) {
        if (client != null) {
            if (client.sni() != null) c.buffer("tls.sni", true, dev.vigil.applayer.InspectionBuffers.bytes(client.sni()));
            if (!client.sslv2()) {
                String s = JA3.client(client);
                c.buffer("ja3.string", true, dev.vigil.applayer.InspectionBuffers.bytes(s));
                c.buffer("ja3.hash", true, dev.vigil.applayer.InspectionBuffers.bytes(JA3.md5(s)));
                c.buffer("ja4.hash", true, dev.vigil.applayer.InspectionBuffers.bytes(JA4.of(client, 't')));
            }
        }
        if (server != null) {
            String s = JA3.server(server.retried != null ? server.retried : server);
            c.buffer("ja3s.string", false, dev.vigil.applayer.InspectionBuffers.bytes(s));
            c.buffer("ja3s.hash", false, dev.vigil.applayer.InspectionBuffers.bytes(JA3.md5(s)));
        }
        if (!serverCerts.isEmpty()) {
            TlsCertificate cert = serverCerts.getFirst();
            c.buffer("tls.cert_subject", false, dev.vigil.applayer.InspectionBuffers.bytes(cert.subject()));
            c.buffer("tls.cert_issuer", false, dev.vigil.applayer.InspectionBuffers.bytes(cert.issuerdn()));
            c.buffer("tls.cert_serial", false, dev.vigil.applayer.InspectionBuffers.bytes(cert.serial()));
            for (TlsCertificate x : serverCerts) if (x.der() != null) c.buffer("tls.certs", false, x.der());
        }
    }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        TlsLogOptions o = options;
        TlsCertificate cert = serverCerts.isEmpty() ? null : serverCerts.getFirst();
        g.writeObjectFieldStart("tls");
        if (cert != null) {
            if (o.has(TlsLogOptions.SUBJECT)) g.writeStringField("subject", cert.subject());
            if (o.has(TlsLogOptions.ISSUER)) g.writeStringField("issuerdn", cert.issuerdn());
            if (o.has(TlsLogOptions.SUBJECTALTNAME) && !cert.subjectaltname().isEmpty()) {
                stringArray(g, "subjectaltname", cert.subjectaltname());
            }
            if (o.has(TlsLogOptions.SERIAL)) g.writeStringField("serial", cert.serial());
            if (o.has(TlsLogOptions.FINGERPRINT)) g.writeStringField("fingerprint", cert.fingerprint());
        }
        if (o.has(TlsLogOptions.SNI) && client != null && client.sni() != null) g.writeStringField("sni", client.sni());
        if (o.has(TlsLogOptions.VERSION)) g.writeStringField("version", version);
        if (cert != null) {
            if (o.has(TlsLogOptions.NOTBEFORE)) g.writeStringField("notbefore", cert.notbefore());
            if (o.has(TlsLogOptions.NOTAFTER)) g.writeStringField("notafter", cert.notafter());
            if (o.has(TlsLogOptions.CERTIFICATE) && cert.der() != null) g.writeStringField("certificate", base64(cert.der()));
            if (o.has(TlsLogOptions.CHAIN)) chain(g, serverCerts);
        }
        if (o.has(TlsLogOptions.JA3) && client != null && !client.sslv2()) {
            String s = JA3.client(client);
            g.writeObjectFieldStart("ja3");
            g.writeStringField("hash", JA3.md5(s));
            g.writeStringField("string", s);
            g.writeEndObject();
        }
        if (o.has(TlsLogOptions.JA3S) && server != null) {
            String s = JA3.server(server.retried != null ? server.retried : server);
            g.writeObjectFieldStart("ja3s");
            g.writeStringField("hash", JA3.md5(s));
            g.writeStringField("string", s);
            g.writeEndObject();
        }
        if (o.has(TlsLogOptions.JA4) && client != null) g.writeStringField("ja4", JA4.of(client, 't'));
        if (o.has(TlsLogOptions.CLIENT_ALPNS) && client != null && !client.alpn().isEmpty()) stringArray(g, "client_alpns", client.alpn());
        if (o.has(TlsLogOptions.SERVER_ALPNS) && server != null && !server.alpn().isEmpty()) stringArray(g, "server_alpns", server.alpn());
        if (o.has(TlsLogOptions.CLIENT) && !clientCerts.isEmpty()) {
            // the client certificate of mutual TLS, as Suricata's tls.client object
            TlsCertificate c = clientCerts.getFirst();
            g.writeObjectFieldStart("client");
            g.writeStringField("subject", c.subject());
            g.writeStringField("issuerdn", c.issuerdn());
            g.writeStringField("fingerprint", c.fingerprint());
            g.writeStringField("serial", c.serial());
            g.writeStringField("notbefore", c.notbefore());
            g.writeStringField("notafter", c.notafter());
            if (o.has(TlsLogOptions.CLIENT_CERT) && c.der() != null) g.writeStringField("certificate", base64(c.der()));
            if (o.has(TlsLogOptions.CLIENT_CHAIN)) chain(g, clientCerts);
            g.writeEndObject();
        }
        if (o.chainDn() && !serverCerts.isEmpty()) {
            g.writeArrayFieldStart("chain_dn");
            for (TlsCertificate c : serverCerts) {
                g.writeStartObject();
                g.writeStringField("subject", c.subject());
                g.writeStringField("issuerdn", c.issuerdn());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** Every certificate as sent, base64 (standard alphabet, padded), the first one first. */
    private static void chain(JsonGenerator g, List<TlsCertificate> certs) throws IOException {
        g.writeArrayFieldStart("chain");
        for (TlsCertificate c : certs) if (c.der() != null) g.writeString(base64(c.der()));
        g.writeEndArray();
    }

    private static String base64(byte[] der) {
        return java.util.Base64.getEncoder().encodeToString(der);
    }

    private static void stringArray(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}

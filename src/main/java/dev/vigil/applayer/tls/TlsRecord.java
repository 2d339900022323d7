package dev.vigil.applayer.tls;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.util.List;

/**
 * The EVE {@code tls} record of one session, in Suricata's field names and order; the Vigil additions are
 * {@code subjectaltname} for every certificate in {@code chain_dn} and {@code chain_dn} itself (subject and
 * issuer of each certificate the server sent, its own first).
 */
record TlsRecord(ClientHello client, ServerHello server, List<TlsCertificate> serverCerts,
                 List<TlsCertificate> clientCerts, String version) implements AppRecord {

    @Override
    public String eventType() {
        return "tls";
    }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("tls");
        if (!serverCerts.isEmpty()) writeCert(g, serverCerts.getFirst());
        if (client != null && client.sni() != null) g.writeStringField("sni", client.sni());
        g.writeStringField("version", version);
        if (!serverCerts.isEmpty()) {
            TlsCertificate c = serverCerts.getFirst();
            g.writeStringField("notbefore", c.notbefore());
            g.writeStringField("notafter", c.notafter());
        }
        if (client != null && !client.sslv2()) {
            String s = JA3.client(client);
            g.writeObjectFieldStart("ja3");
            g.writeStringField("hash", JA3.md5(s));
            g.writeStringField("string", s);
            g.writeEndObject();
        }
        if (server != null) {
            String s = JA3.server(server);
            g.writeObjectFieldStart("ja3s");
            g.writeStringField("hash", JA3.md5(s));
            g.writeStringField("string", s);
            g.writeEndObject();
        }
        if (client != null) g.writeStringField("ja4", JA4.of(client, 't'));
        if (client != null && !client.alpn().isEmpty()) stringArray(g, "client_alpns", client.alpn());
        if (server != null && !server.alpn().isEmpty()) stringArray(g, "server_alpns", server.alpn());
        if (!clientCerts.isEmpty()) {
            g.writeObjectFieldStart("client");
            writeCert(g, clientCerts.getFirst());
            g.writeStringField("notbefore", clientCerts.getFirst().notbefore());
            g.writeStringField("notafter", clientCerts.getFirst().notafter());
            g.writeEndObject();
        }
        if (!serverCerts.isEmpty()) {
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

    private static void writeCert(JsonGenerator g, TlsCertificate c) throws IOException {
        g.writeStringField("subject", c.subject());
        g.writeStringField("issuerdn", c.issuerdn());
        if (!c.subjectaltname().isEmpty()) stringArray(g, "subjectaltname", c.subjectaltname());
        g.writeStringField("serial", c.serial());
        g.writeStringField("fingerprint", c.fingerprint());
    }

    private static void stringArray(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) g.writeString(v);
        g.writeEndArray();
    }
}

package dev.vigil.applayer.quic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.applayer.AppRecord;
import java.io.IOException;
import java.util.List;

/**
 * One EVE {@code quic} record, in Suricata's layout: {@code {"quic":{"version":..., "sni", "ua",
 * "ja3"|"ja3s":{"hash","string"}, "ja4", "extensions":[{"name","type","values"}]}}}. A client record
 * comes from a complete ClientHello (IETF QUIC) or CHLO (gQUIC), a server record from a ServerHello,
 * and a version-only record from a Version Negotiation packet.
 */
final class QuicRecord implements AppRecord, dev.vigil.applayer.InspectionBuffers {
    @Override public String appProtocol() { return "quic"; }

    /** The client's server name and (gQUIC) user agent: {@code quic.sni}, {@code quic.ua}. */
    @Override
    public void buffers(Consumer c) {
        if (fromServer) return;
        if (sni != null) c.buffer("quic.sni", true, dev.vigil.applayer.InspectionBuffers.bytes(sni));
        if (ua != null) c.buffer("quic.ua", true, dev.vigil.applayer.InspectionBuffers.bytes(ua));
    }

    /** A TLS extension as Suricata lists it: values only for server_name and alpn. */
    record Extension(int type, List<String> values) {}

    final boolean fromServer;
    final int version;
    final String sni;
    final String ua;
    final String ja3;
    final String ja3Hash;
    final String ja4;
    final List<Extension> extensions;
    /** gQUIC only: Salesforce's CYU fingerprint of the CHLO tags, and its MD5. */
    final String cyu;
    final String cyuHash;

    QuicRecord(boolean fromServer, int version, String sni, String ua, String ja3, String ja3Hash, String ja4,
            List<Extension> extensions) {
        this(fromServer, version, sni, ua, ja3, ja3Hash, ja4, extensions, null, null);
    }

    QuicRecord(boolean fromServer, int version, String sni, String ua, String ja3, String ja3Hash, String ja4,
            List<Extension> extensions, String cyu, String cyuHash) {
        this.fromServer = fromServer;
        this.version = version;
        this.sni = sni;
        this.ua = ua;
        this.ja3 = ja3;
        this.ja3Hash = ja3Hash;
        this.ja4 = ja4;
        this.extensions = extensions;
        this.cyu = cyu;
        this.cyuHash = cyuHash;
    }

    @Override public String eventType() { return "quic"; }

    @Override public boolean fromServer() { return fromServer; }

    @Override
    public void writeFields(JsonGenerator g) throws IOException {
        g.writeObjectFieldStart("quic");
        g.writeStringField("version", QuicVersion.eveName(version));
        if (sni != null) g.writeStringField("sni", sni);
        if (ua != null) g.writeStringField("ua", ua);
        if (cyu != null) {
            g.writeArrayFieldStart("cyu");
            g.writeStartObject();
            g.writeStringField("hash", cyuHash);
            g.writeStringField("string", cyu);
            g.writeEndObject();
            g.writeEndArray();
        }
        if (ja3 != null) {
            g.writeObjectFieldStart(fromServer ? "ja3s" : "ja3");
            g.writeStringField("hash", ja3Hash);
            g.writeStringField("string", ja3);
            g.writeEndObject();
        }
        if (ja4 != null) g.writeStringField("ja4", ja4);
        if (!extensions.isEmpty()) {
            g.writeArrayFieldStart("extensions");
            for (Extension e : extensions) {
                g.writeStartObject();
                String name = TlsExtensionNames.name(e.type());
                if (name != null) g.writeStringField("name", name);
                g.writeNumberField("type", e.type());
                if (!e.values().isEmpty()) {
                    g.writeArrayFieldStart("values");
                    for (String v : e.values()) g.writeString(v);
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }
}

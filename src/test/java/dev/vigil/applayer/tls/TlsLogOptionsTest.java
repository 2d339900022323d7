package dev.vigil.applayer.tls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.applayer.AppRecord;
import dev.vigil.testing.RecordingContext;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The eve-log tls options (extended, custom) choose the record's fields as Suricata 8 does; checked on
 * suricata-verify's mutual-TLS capture (tls-store-02, used by tls/tls-eve-custom-fields).
 */
class TlsLogOptionsTest {
    /** The custom list of suricata-verify tls/tls-eve-custom-fields. */
    static final String SV_CUSTOM = "subject,issuer,serial,fingerprint,sni,version,not_before,not_after,certificate,"
            + "chain,subjectaltname,client,client_certificate,client_chain";

    static Path mutualTls() {
        return Corpus.suricataVerify().resolve("tests/tls/tls-store-02/tls-client-auth.pcap");
    }

    /** The records of the capture's first TCP stream, fed as tshark reassembles it (node 0, who sent the SYN, is the client). */
    static List<JsonNode> records(Path pcap, TlsLogOptions options) throws IOException {
        Tools.require("tshark");
        RecordingContext ctx = new RecordingContext();
        TlsParser p = new TlsParser(ctx, options);
        boolean inStream = false;
        for (String line : Tools.run(120, "tshark", "-n", "-r", pcap.toString(), "-q", "-z", "follow,tcp,raw,0").lines()) {
            if (line.startsWith("Filter:")) { inStream = true; continue; }
            if (!inStream || line.isBlank() || line.startsWith("=") || line.startsWith("Node ") || line.startsWith("Follow:")) continue;
            byte[] b = HexFormat.of().parseHex(line.strip());
            if (!p.done()) p.onData(!line.startsWith("\t"), b, 0, b.length);
        }
        p.onClose();
        List<JsonNode> out = new ArrayList<>();
        for (AppRecord r : ctx.records) out.add(TlsRecordTest.json(r));
        return out;
    }

    static String sha1Colon(byte[] der) throws Exception {
        return TlsCertificate.colonHex(MessageDigest.getInstance("SHA-1").digest(der), false);
    }

    static JsonSchema schema() throws IOException {
        try (InputStream in = TlsLogOptionsTest.class.getResourceAsStream("/eve-schema/tls.schema.json")) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
        }
    }

    @Test
    void settingsChooseFieldsAsSuricata() {
        assertThat(TlsLogOptions.from(Map.of())).isEqualTo(TlsLogOptions.DEFAULT);
        assertThat(TlsLogOptions.from(Map.of("tls.extended", "yes"))).isEqualTo(TlsLogOptions.DEFAULT);
        TlsLogOptions basic = TlsLogOptions.from(Map.of("tls.extended", "no"));
        assertThat(basic.has(TlsLogOptions.SUBJECT) && basic.has(TlsLogOptions.ISSUER) && basic.has(TlsLogOptions.SUBJECTALTNAME)).isTrue();
        assertThat(basic.has(TlsLogOptions.VERSION | TlsLogOptions.JA3 | TlsLogOptions.SNI | TlsLogOptions.CLIENT)).isFalse();
        TlsLogOptions custom = TlsLogOptions.from(Map.of("tls.custom", SV_CUSTOM, "tls.ja4", "on"));
        assertThat(custom.has(TlsLogOptions.CERTIFICATE) && custom.has(TlsLogOptions.CLIENT_CHAIN)).isTrue();
        assertThat(custom.has(TlsLogOptions.JA3 | TlsLogOptions.JA4 | TlsLogOptions.JA3S)).isFalse();
        assertThat(custom.chainDn()).isFalse();
        // client_certificate alone brings the client object it lives in; unknown names are ignored
        TlsLogOptions cc = TlsLogOptions.from(Map.of("tls.custom", "client_certificate, no_such_field"));
        assertThat(cc.has(TlsLogOptions.CLIENT)).isTrue();
        assertThat(cc.has(TlsLogOptions.SUBJECT)).isFalse();
        // the protocol picks them up through configure
        AppProtocol configured = new TlsProtocol().configure(Map.of("tls.custom", SV_CUSTOM));
        assertThat(((TlsProtocol) configured).options()).isEqualTo(TlsLogOptions.from(Map.of("tls.custom", SV_CUSTOM)));
        assertThat(new TlsProtocol().configure(Map.of("dns.version", "2"))).isInstanceOf(TlsProtocol.class);
    }

    @Test
    void customFieldsOnMutualTlsAsSuricataVerifyExpects() throws Exception {
        List<JsonNode> rs = records(mutualTls(), TlsLogOptions.from(Map.of("tls.custom", SV_CUSTOM)));
        assertThat(rs).hasSize(1);
        JsonNode tls = rs.getFirst().get("tls");
        // tls-eve-custom-fields check 0 (Suricata 8's values)
        assertThat(tls.path("subject").asText()).isEqualTo("C=HU, ST=Budapest, L=Budapest, O=TLSClientAuthSampleServer, CN=SampleServer");
        assertThat(tls.path("issuerdn").asText()).isEqualTo("C=HU, ST=Budapest, L=Budapest, O=TLSClientAuthSampleCA, CN=SampleRoot");
        assertThat(tls.path("subjectaltname").get(0).asText()).isEqualTo("localhost");
        assertThat(tls.path("serial").asText()).isEqualTo("00:C7:D4:28:8B:80:E0:1E:25");
        assertThat(tls.path("sni").asText()).isEqualTo("localhost");
        assertThat(tls.path("version").asText()).isEqualTo("TLS 1.2");
        assertThat(tls.path("client").path("serial").asText()).isEqualTo("00:C7:D4:28:8B:80:E0:1E:27");
        assertThat(tls.path("client").path("notbefore").asText()).isEqualTo("2018-04-14T20:55:27");
        // check 1: the base64 certificates are there, and they are the certificates the fingerprints name
        byte[] server = Base64.getDecoder().decode(tls.path("certificate").asText());
        assertThat(sha1Colon(server)).isEqualTo(tls.path("fingerprint").asText())
                .isEqualTo("06:39:f9:5d:fe:81:53:c4:9d:f0:ac:80:3e:2d:42:07:e8:96:de:09");
        assertThat(tls.path("chain").size()).isGreaterThanOrEqualTo(1);
        assertThat(tls.path("chain").get(0).asText()).isEqualTo(tls.path("certificate").asText());
        JsonNode client = tls.path("client");
        assertThat(client.path("subject").asText()).contains("CN=");
        assertThat(client.path("issuerdn").asText()).isNotEmpty();
        byte[] clientDer = Base64.getDecoder().decode(client.path("certificate").asText());
        assertThat(sha1Colon(clientDer)).isEqualTo(client.path("fingerprint").asText());
        assertThat(client.path("chain").get(0).asText()).isEqualTo(client.path("certificate").asText());
        // fields not in the list are not written
        assertThat(tls.has("ja3")).isFalse();
        assertThat(tls.has("ja3s")).isFalse();
        assertThat(tls.has("ja4")).isFalse();
        assertThat(tls.has("client_alpns")).isFalse();
        assertThat(tls.has("chain_dn")).isFalse();
        assertThat(schema().validate(rs.getFirst())).isEmpty();
    }

    @Test
    void defaultIsExtendedAndKeepsNoCertificateBytes() throws Exception {
        List<JsonNode> rs = records(mutualTls(), TlsLogOptions.DEFAULT);
        assertThat(rs).hasSize(1);
        JsonNode tls = rs.getFirst().get("tls");
        assertThat(tls.has("ja3") && tls.has("ja3s") && tls.has("version") && tls.has("chain_dn")).isTrue();
        assertThat(tls.path("client").path("serial").asText()).isEqualTo("00:C7:D4:28:8B:80:E0:1E:27");
        assertThat(tls.has("certificate") || tls.has("chain") || tls.path("client").has("certificate")).isFalse();
        assertThat(schema().validate(rs.getFirst())).isEmpty();

        JsonNode basic = records(mutualTls(), TlsLogOptions.from(Map.of("tls.extended", "no"))).getFirst().get("tls");
        List<String> names = new ArrayList<>();
        basic.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactly("subject", "issuerdn", "subjectaltname", "chain_dn");
    }

    @Test
    void preDraft16HelloIsNamedAsSuricataNamesIt() throws Exception {
        // suricata-verify tls/tls13-draft14: the ServerHello says 0x0304 and has no session id
        List<JsonNode> rs = records(Corpus.file("fingerprints/suricata/sv-tls13_draft14.pcap"), TlsLogOptions.DEFAULT);
        assertThat(rs).hasSize(1);
        assertThat(rs.getFirst().path("tls").path("version").asText()).isEqualTo("TLS 1.3 draft-<16");
        // the ServerHello is parsed (cipher suite and key_share of the draft format), so JA3S exists
        assertThat(rs.getFirst().path("tls").path("ja3s").path("string").asText()).isEqualTo("772,49195,40");
        assertThat(TlsVersion.name(TlsVersion.fromHelloField(0x0304))).isEqualTo("TLS 1.3 draft-<16");
        assertThat(TlsVersion.name(TlsVersion.fromHelloField(0x0303))).isEqualTo("TLS 1.2");
        assertThat(TlsVersion.name(0x7f0e)).isEqualTo("TLS 1.3 draft-<16");
        assertThat(TlsVersion.name(0x7f12)).isEqualTo("TLS 1.3 draft-18");
        assertThat(TlsVersion.name(0xfb17)).isEqualTo("TLS 1.3 draft-23-fb");
    }
}

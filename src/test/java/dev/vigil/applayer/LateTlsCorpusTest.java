package dev.vigil.applayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS after a plaintext preamble no Vigil parser knows (IMAP, POP3 and XMPP STARTTLS, LDAP StartTLS,
 * the MySQL SSL request; SOCKS has its parser, {@link SocksCorpusTest}), on real captures through the whole pipeline: the flow fails
 * detection on its first bytes, {@link LateTls} finds the ClientHello, and the handshake is logged with
 * the JA3, JA3S and SNI tshark reads from the same hellos; the flow record says {@code app_proto} tls and
 * {@code app_proto_orig} failed (the protocol before the change was never identified).
 */
class LateTlsCorpusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tls/zeek-imap-starttls.pcap",
        "tls/zeek-xmpp-starttls.pcap",
        "mail/ndpi-pop3_stls.pcap",
        "other/zeek-ldap-starttls.pcap",
        "other/arkime-ldap-ssl.pcap",
        "other/zeek-tls-13-amazon-rds.pcap",
    })
    void tlsAfterAnUnknownPreambleIsParsedLikeTshark(String capture) throws IOException {
        Tools.require("tshark");
        Path file = Corpus.file(capture);
        assertThat(file).as("corpus capture " + capture).exists();
        List<JsonNode> records = ProtocolChangeCorpusTest.run(file);

        List<JsonNode> tlsFlows = records.stream().filter(r -> "flow".equals(r.path("event_type").asText())
                && "tls".equals(r.path("app_proto").asText())).toList();
        assertThat(tlsFlows).as("flow records with app_proto tls in " + capture).isNotEmpty();
        for (JsonNode f : tlsFlows) {
            assertThat(f.path("app_proto_orig").asText()).isEqualTo(AppLayer.FAILED);
            assertThat(f.has("app_proto_expected")).isFalse();
        }

        ProtocolChangeCorpusTest.assertHellosAgreeWithTshark(file, capture, records);
        // nothing of the preamble was taken for another protocol (POP3's "+OK" greeting then "AUTH" was FTP)
        assertThat(records).as("records of other protocols in " + capture)
                .noneMatch(r -> List.of("ftp", "smtp", "http", "dns", "smb", "ssh").contains(r.path("event_type").asText()));
        assertThat(records).as("anomalies in " + capture).noneMatch(r -> "anomaly".equals(r.path("event_type").asText())
                && "applayer".equals(r.path("anomaly").path("type").asText()));
    }
}

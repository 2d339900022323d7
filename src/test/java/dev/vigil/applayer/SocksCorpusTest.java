package dev.vigil.applayer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.EveJson;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SOCKS on every corpus capture that has it (MANIFEST protocols), through the whole pipeline: each
 * negotiation's {@code socks} record says what tshark's SOCKS dissector reads from the request and the
 * reply (version, destination address or name, port, the proxy's answer), and the proxied protocol
 * behind a granted CONNECT is detected and parsed (TLS: the hellos agree with tshark's; HTTP: the
 * request's host), the flow saying {@code app_proto_orig: socks}.
 */
class SocksCorpusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tunnels/zeek-socks.pcap, http",
        "other/zeek-socks-with-ssl.pcap, tls",
        "fingerprints/ja4/ja4-socks-https-example.pcap, tls",
        // SOCKS 4a on port 9901: tshark decodes neither SOCKS nor TLS there unless told the port
        "fingerprints/ja4/ja4-socks4-https.pcap, tls-on-an-unusual-port",
    })
    void negotiationsAgreeWithTsharkAndTheProxiedProtocolIsParsed(String capture, String proxied) throws IOException {
        Tools.require("tshark");
        Path file = Corpus.file(capture);
        assertThat(file).as("corpus capture " + capture).exists();
        List<JsonNode> records = ProtocolChangeCorpusTest.run(file);
        var schema = EveJson.schema("socks");

        List<JsonNode> socks = records.stream().filter(r -> "socks".equals(r.path("event_type").asText())).toList();
        assertThat(socks).as("socks records in " + capture).isNotEmpty();
        for (JsonNode r : socks) {
            assertThat(schema.validate(r)).as("schema errors of " + r).isEmpty();
            JsonNode s = r.path("socks");
            int proxyPort = r.path("dest_port").asInt();
            String expected = tsharkNegotiation(file, r.path("src_port").asInt(), proxyPort);
            String ours = s.path("version").asInt() + " " + s.path("command").asText() + " "
                    + s.path("request").path(s.path("request").has("name") ? "name" : "host").asText() + " "
                    + s.path("request").path("port").asInt() + " " + s.path("status").asText();
            assertThat(ours).as("negotiation from client port " + r.path("src_port").asInt() + " in " + capture).isEqualTo(expected);
        }

        List<JsonNode> flows = records.stream().filter(r -> "flow".equals(r.path("event_type").asText())
                && "socks".equals(r.path("app_proto_orig").asText())).toList();
        assertThat(flows).as("flows that went from socks to another protocol").hasSize(socks.size());
        assertThat(flows).allSatisfy(f -> assertThat(f.path("app_proto").asText()).isEqualTo(proxied.startsWith("tls") ? "tls" : proxied));
        if (proxied.equals("tls")) {
            ProtocolChangeCorpusTest.assertHellosAgreeWithTshark(file, capture, records);
        } else if (proxied.startsWith("tls")) {
            // the host the client asked the proxy for is the one whose certificate the proxied server shows
            List<JsonNode> tls = records.stream().filter(r -> "tls".equals(r.path("event_type").asText())).toList();
            assertThat(tls).hasSize(socks.size());
            for (int i = 0; i < tls.size(); i++) {
                List<String> names = new ArrayList<>();
                tls.get(i).path("tls").path("subjectaltname").forEach(n -> names.add(n.asText()));
                assertThat(names).contains(socks.get(i).path("socks").path("request").path("name").asText());
            }
        } else {
            assertThat(records).filteredOn(r -> "http".equals(r.path("event_type").asText()))
                    .extracting(r -> r.path("http").path("hostname").asText()).containsExactly("www.icir.org");
        }
    }

    /**
     * tshark's reading of the negotiation on one client port, as "version command destination port
     * status": the first request (the message with a command) and the first reply with a result,
     * SOCKS decoded on the proxy's port whatever it is (tshark knows only 1080).
     */
    static String tsharkNegotiation(Path file, int clientPort, int proxyPort) {
        List<String> lines = Tools.run(120, "tshark", "-r", file.toString(), "-d", "tcp.port==" + proxyPort + ",socks",
                "-Y", "socks && tcp.port==" + clientPort, "-T", "fields", "-E", "separator=/t",
                "-e", "tcp.dstport", "-e", "socks.version", "-e", "socks.command", "-e", "socks.dst", "-e", "socks.dstV6",
                "-e", "socks.v4a_dns_name", "-e", "socks.remote_name", "-e", "socks.dstport", "-e", "socks.remote_host_port",
                "-e", "socks.port", "-e", "socks.results").lines();
        String request = null, status = null;
        int version = 0;
        for (String line : lines) {
            String[] c = (line + "\t\t\t\t\t\t\t\t\t\t").split("\t", -1);
            boolean toProxy = c[0].equals(Integer.toString(proxyPort));
            if (toProxy && request == null && !c[2].isEmpty()) {
                version = Integer.parseInt(c[1]);
                String dest = !c[5].isEmpty() ? c[5] : !c[6].isEmpty() ? c[6] : !c[3].isEmpty() ? c[3] : c[4];
                String port = !c[7].isEmpty() ? c[7] : !c[9].isEmpty() ? c[9] : c[8];
                request = version + " " + command(Integer.parseInt(c[2])) + " " + dest + " " + port;
            } else if (!toProxy && request != null && status == null && !c[10].isEmpty()) {
                int result = Integer.parseInt(c[10]);
                // SOCKS 4 (no RFC) answers 90 granted, 91 rejected, 92 no identd, 93 identd user mismatch
                status = version == 4 ? switch (result) {
                            case 90 -> "succeeded";
                            case 91 -> "rejected";
                            case 92 -> "identd_unreachable";
                            case 93 -> "identd_mismatch";
                            default -> Integer.toString(result);
                        }
                        : new ArrayList<>(List.of("succeeded", "general_failure", "not_allowed", "network_unreachable",
                                "host_unreachable", "connection_refused", "ttl_expired", "command_not_supported",
                                "address_type_not_supported")).get(result);
            }
        }
        return request + " " + status;
    }

    private static String command(int c) {
        return switch (c) {
            case 1 -> "connect";
            case 2 -> "bind";
            case 3 -> "udp_associate";
            default -> Integer.toString(c);
        };
    }
}

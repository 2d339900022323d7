package dev.vigil.applayer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.applayer.AppParser;
import dev.vigil.applayer.AppProtocol;
import dev.vigil.testing.Tools;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The eve-log dns options, on the capture suricata-verify's dns-udp-eve-log-* tests use (queries for
 * google.com of types A, AAAA and MX, each answered), with the outcomes those tests expect from
 * Suricata, in both layouts; and the options' parsing rules (Suricata's) on their own.
 */
class DnsLogFilterTest {
    static final Path PCAP = DnsSuricataVerifyTest.sv("dns/dns-udp-eve-log-answer-only/dns-udp-google.com-a-aaaa-mx.pcap");

    /** The dns records of the capture with the protocol configured by {@code settings}. */
    static List<ObjectNode> records(Map<String, String> settings) {
        Tools.require("tshark");
        AppProtocol proto = new DnsProtocol().configure(settings);
        RecordingContext ctx = new RecordingContext(17);
        AppParser parser = proto.newParser(ctx);
        for (String line : DnsTsharkAgreementTest.run("tshark", "-r", PCAP.toString(), "-Y", "udp", "-T", "fields",
                "-e", "udp.payload", "-e", "udp.dstport")) {
            String[] c = line.split("\t");
            byte[] b = HexFormat.of().parseHex(c[0]);
            parser.onData(c[1].equals("53"), b, 0, b.length);
        }
        parser.onClose();
        return ctx.records;
    }

    static List<String> values(List<ObjectNode> recs, String pointer) {
        return recs.stream().map(n -> n.at(pointer).asText()).toList();
    }

    @Test
    void withoutOptionsEverythingIsLogged() {
        assertThat(new DnsProtocol().configure(Map.of())).isInstanceOf(DnsProtocol.class);
        List<ObjectNode> v3 = records(Map.of());
        assertThat(values(v3, "/dns/type")).containsExactly("request", "response", "request", "response", "request", "response");
        assertThat(v3.get(1).at("/dns/grouped").isObject()).isTrue();
        assertThat(v3.get(1).at("/dns/answers").isArray()).isTrue();
    }

    @Test
    void responsesOnly() {
        List<ObjectNode> v3 = records(Map.of("dns.requests", "no", "dns.responses", "yes"));
        assertThat(values(v3, "/dns/type")).containsExactly("response", "response", "response");
        List<ObjectNode> v2 = records(Map.of("dns.version", "2", "dns.requests", "no", "dns.responses", "yes"));
        assertThat(values(v2, "/dns/type")).containsExactly("answer", "answer", "answer");
        // the transaction ids still count the requests that were not logged
        assertThat(values(v3, "/dns/tx_id")).containsExactly("1", "3", "5");
    }

    @Test
    void requestsOnly() {
        // "false" as well as "no": anything that is not a true value turns a kind off
        List<ObjectNode> v3 = records(Map.of("dns.requests", "yes", "dns.responses", "false"));
        assertThat(values(v3, "/dns/type")).containsExactly("request", "request", "request");
        List<ObjectNode> v2 = records(Map.of("dns.version", "2", "dns.responses", "off"));
        assertThat(values(v2, "/dns/type")).containsExactly("query", "query", "query");
    }

    @Test
    void typesKeepOnlyMessagesWithAListedQuestionType() {
        List<ObjectNode> v3 = records(Map.of("dns.types", "mx"));
        assertThat(values(v3, "/dns/type")).containsExactly("request", "response");
        assertThat(values(v3, "/dns/queries/0/rrtype")).containsExactly("MX", "MX");
        assertThat(v3.get(1).at("/dns/answers/0/rrtype").asText()).isEqualTo("MX");

        List<ObjectNode> v2 = records(Map.of("dns.version", "2", "dns.types", "AAAA"));
        assertThat(values(v2, "/dns/type")).containsExactly("query", "answer");
        assertThat(values(v2, "/dns/rrtype")).containsExactly("AAAA", "AAAA");
        assertThat(v2.get(1).at("/dns/answers/0/rrtype").asText()).isEqualTo("AAAA");

        List<ObjectNode> two = records(Map.of("dns.types", "a, mx"));
        assertThat(values(two, "/dns/queries/0/rrtype")).containsExactly("A", "A", "MX", "MX");
        // an empty list (suricata.yaml "types:" with nothing) turns every type off, as in Suricata
        assertThat(records(Map.of("dns.types", ""))).isEmpty();
        assertThat(records(Map.of("dns.types", "nosuchtype"))).isEmpty();
    }

    @Test
    void formatsChooseTheAnswerLayouts() {
        JsonNode detailed = records(Map.of("dns.formats", "detailed")).get(1).get("dns");
        assertThat(detailed.has("answers")).isTrue();
        assertThat(detailed.has("grouped")).isFalse();
        JsonNode grouped = records(Map.of("dns.version", "2", "dns.formats", "grouped")).get(1).get("dns");
        assertThat(grouped.has("answers")).isFalse();
        assertThat(grouped.at("/grouped/A").isArray()).isTrue();
        // empty or unknown: both (suricata-verify dns-eve-empty-format)
        for (String f : List.of("", "bogus", "detailed,grouped")) {
            JsonNode both = records(Map.of("dns.formats", f)).get(1).get("dns");
            assertThat(both.has("answers") && both.has("grouped")).as("formats '" + f + "'").isTrue();
        }
    }

    @Test
    void onceNarrowedAQuestionTypeSuricataCannotNameIsNotLogged() {
        // query for example.com of type 65280 (private use, no name in Suricata)
        byte[] q = HexFormat.of().parseHex("12340100000100000000000007" + "6578616d706c65" + "03636f6d00" + "ff00" + "0001");
        DnsMessage m = new DnsMessageParser(e -> { }).parse(q, 0, q.length);
        assertThat(m).isNotNull();
        assertThat(m.questions.getFirst().type()).isEqualTo(0xFF00);
        assertThat(DnsLogFilter.of(Map.of()).logs(m)).isTrue();
        assertThat(DnsLogFilter.of(Map.of("dns.responses", "no")).logs(m)).isFalse();
        assertThat(DnsLogFilter.of(Map.of("dns.formats", "detailed")).logs(m)).isFalse();
        assertThat(DnsLogFilter.of(Map.of("dns.formats", "detailed,grouped"))).isSameAs(DnsLogFilter.ALL);
    }
}

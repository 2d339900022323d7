package dev.vigil.applayer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The records for the captures of suricata-verify's dns tests carry the field values those tests'
 * {@code checks} expect from Suricata (v3 for the Suricata 8 tests, v2 where the test sets version 2),
 * including the direction each record is logged in.
 */
class DnsSuricataVerifyTest {
    static Path sv(String rel) {
        Path p = Corpus.root().resolve("suricata-verify/tests").resolve(rel);
        assertThat(p).as("suricata-verify capture " + rel).exists();
        return p;
    }

    /** Feeds each UDP datagram of the capture (port 53 marks the server side). */
    static RecordingContext udp(Path pcap, int version) {
        Tools.require("tshark");
        RecordingContext ctx = new RecordingContext(17);
        DnsParser parser = new DnsParser(ctx, version);
        for (String line : DnsTsharkAgreementTest.run("tshark", "-r", pcap.toString(), "-Y", "udp", "-T", "fields",
                "-e", "udp.payload", "-e", "udp.dstport", "-e", "frame.number")) {
            String[] c = line.split("\t");
            byte[] b = HexFormat.of().parseHex(c[0]);
            ctx.packet = Long.parseLong(c[2]);
            parser.onData(c[1].equals("53"), b, 0, b.length);
        }
        parser.onClose();
        return ctx;
    }

    /** Feeds every datagram tshark decodes as DNS (any port; its QR bit gives the direction). */
    static RecordingContext udpAnyPort(Path pcap, int version) {
        Tools.require("tshark");
        RecordingContext ctx = new RecordingContext(17);
        DnsParser parser = new DnsParser(ctx, version);
        for (String line : DnsTsharkAgreementTest.run("tshark", "-r", pcap.toString(), "-Y", "dns && udp && !icmp", "-T", "fields",
                "-e", "udp.payload", "-e", "dns.flags.response")) {
            String[] c = line.split("\t");
            if (c.length < 2 || c[0].contains(",")) continue;
            byte[] b = HexFormat.of().parseHex(c[0]);
            parser.onData(!(c[1].equals("1") || c[1].equalsIgnoreCase("true")), b, 0, b.length);
        }
        parser.onClose();
        return ctx;
    }

    static RecordingContext tcp(Path pcap, int version) {
        Tools.require("tshark");
        RecordingContext ctx = new RecordingContext(6);
        DnsParser parser = new DnsParser(ctx, version);
        for (String line : DnsTsharkAgreementTest.run("tshark", "-r", pcap.toString(), "-q", "-z", "follow,tcp,raw,0")) {
            if (line.isEmpty() || line.startsWith("=") || line.contains(":")) continue;
            byte[] b = HexFormat.of().parseHex(line.strip());
            parser.onData(!line.startsWith("\t"), b, 0, b.length);
        }
        parser.onClose();
        return ctx;
    }

    static JsonNode at(JsonNode n, String path) {
        for (String part : path.split("\\.")) {
            int br = part.indexOf('[');
            if (br >= 0) {
                n = n.path(part.substring(0, br)).path(Integer.parseInt(part.substring(br + 1, part.length() - 1)));
            } else {
                n = n.path(part);
            }
        }
        return n;
    }

    @Test
    void digCnameAndAddressesV3() {
        List<ObjectNode> r = udp(sv("cond-log-dns-dig/input.pcap"), 3).records;
        assertThat(r).hasSize(2);
        ObjectNode q = r.get(0), a = r.get(1);
        assertThat(at(q, "dns.type").asText()).isEqualTo("request");
        assertThat(at(q, "dns.id").asInt()).isEqualTo(36146);
        assertThat(at(q, "dns.tx_id").asInt()).isEqualTo(0);
        assertThat(at(q, "dns.queries[0].rrname").asText()).isEqualTo("www.suricata-ids.org");
        assertThat(at(q, "dns.queries[0].rrtype").asText()).isEqualTo("A");
        assertThat(q.get("_from_server").asBoolean()).isFalse();
        assertThat(at(a, "dns.type").asText()).isEqualTo("response");
        assertThat(a.get("_from_server").asBoolean()).as("v3 response: src_ip is the server").isTrue();
        assertThat(at(a, "dns.version").asInt()).isEqualTo(3);
        assertThat(at(a, "dns.flags").asText()).isEqualTo("81a0");
        assertThat(at(a, "dns.qr").asBoolean()).isTrue();
        assertThat(at(a, "dns.rd").asBoolean()).isTrue();
        assertThat(at(a, "dns.ra").asBoolean()).isTrue();
        assertThat(at(a, "dns.rcode").asText()).isEqualTo("NOERROR");
        assertThat(at(a, "dns.answers[0].rrtype").asText()).isEqualTo("CNAME");
        assertThat(at(a, "dns.answers[0].rdata").asText()).isEqualTo("suricata-ids.org");
        assertThat(at(a, "dns.answers[0].ttl").asInt()).isEqualTo(3544);
        assertThat(at(a, "dns.answers[1].rdata").asText()).isEqualTo("192.0.78.24");
        assertThat(at(a, "dns.answers[2].rdata").asText()).isEqualTo("192.0.78.25");
        assertThat(at(a, "dns.answers[2].ttl").asInt()).isEqualTo(244);
        assertThat(at(a, "dns.grouped.A[1]").asText()).isEqualTo("192.0.78.25");
        assertThat(at(a, "dns.grouped.CNAME[0]").asText()).isEqualTo("suricata-ids.org");
        assertThat(at(a, "dns.queries[0].rrname").asText()).isEqualTo("www.suricata-ids.org");
    }

    @Test
    void iodineTxtStringsAreSeparateAnswersAndTxIdsCountMessages() {
        List<ObjectNode> r = udp(sv("dns/bug-1158/input.pcap"), 3).records;
        ObjectNode a = r.get(1);
        assertThat(at(a, "dns.answers[0].rdata").asText()).isEqualTo("AhvMAAO1kAFE5TE9QTjFFN09RN1lYSDk");
        assertThat(at(a, "dns.answers[1].rdata").asText()).isEmpty();
        assertThat(at(a, "dns.answers[1].rrtype").asText()).isEqualTo("TXT");
        assertThat(at(a, "dns.authorities[0].rdata").asText()).isEqualTo("iodine.tunnel.com");
        assertThat(at(a, "dns.authorities[0].rrtype").asText()).isEqualTo("NS");
        assertThat(at(a, "dns.authorities[0].ttl").asInt()).isEqualTo(604800);
        assertThat(at(a, "dns.grouped.TXT[1]").asText()).isEmpty();
        assertThat(at(a, "dns.flags").asText()).isEqualTo("8180");
        assertThat(at(r.get(2), "dns.tx_id").asInt()).isEqualTo(2);
        assertThat(at(r.get(2), "dns.queries[0].rrname").asText())
                .isEqualTo("hvOBgAABAEI5ODFGMjk4MEMyRTFFOEZDREI1MEZGRTA2OEIxQzMwODcyQTlBQjc.=auth.srv.tunnel.com");
    }

    @Test
    void nxdomainSoaAuthorityV2() {
        List<ObjectNode> r = udp(sv("dns-eve-v2-udp-nxdomain-soa/dns-udp-nxdomain-soa.pcap"), 2).records;
        ObjectNode a = r.stream().filter(n -> at(n, "dns.type").asText().equals("answer")).findFirst().orElseThrow();
        assertThat(at(a, "dns.version").asInt()).isEqualTo(2);
        assertThat(a.get("_from_server").asBoolean()).as("v2 answers are logged in the flow's direction").isFalse();
        assertThat(at(a, "dns.rcode").asText()).isEqualTo("NXDOMAIN");
        assertThat(at(a, "dns.authorities[0].rrname").asText()).isEqualTo("oisf.net");
        assertThat(at(a, "dns.authorities[0].rrtype").asText()).isEqualTo("SOA");
        assertThat(at(a, "dns.authorities[0].ttl").asInt()).isEqualTo(899);
        assertThat(at(a, "dns.authorities[0].soa.mname").asText()).isEqualTo("ns-110.awsdns-13.com");
        assertThat(at(a, "dns.authorities[0].soa.rname").asText()).isEqualTo("awsdns-hostmaster.amazon.com");
        assertThat(at(a, "dns.authorities[0].soa.serial").asLong()).isEqualTo(1);
        assertThat(at(a, "dns.authorities[0].soa.refresh").asLong()).isEqualTo(7200);
        assertThat(at(a, "dns.authorities[0].soa.retry").asLong()).isEqualTo(900);
        assertThat(at(a, "dns.authorities[0].soa.expire").asLong()).isEqualTo(1209600);
        assertThat(at(a, "dns.authorities[0].soa.minimum").asLong()).isEqualTo(86400);
        ObjectNode q = r.stream().filter(n -> at(n, "dns.type").asText().equals("query")).findFirst().orElseThrow();
        assertThat(at(q, "dns.tx_id").isIntegralNumber()).isTrue();
        assertThat(at(q, "dns.opcode").asInt()).isZero();
    }

    @Test
    void tcpQueryAndAnswerBothVersions() {
        Path pcap = sv("dns/dns-tcp-www-google-com/dns.pcap");
        List<ObjectNode> v3 = tcp(pcap, 3).records;
        assertThat(v3).extracting(n -> at(n, "dns.type").asText()).containsExactly("request", "response");
        assertThat(v3.get(1).get("_from_server").asBoolean()).isTrue();
        assertThat(at(v3.get(0), "dns.queries[0].rrname").asText()).isEqualTo("www.google.com");
        List<ObjectNode> v2 = tcp(pcap, 2).records;
        assertThat(v2).extracting(n -> at(n, "dns.type").asText()).containsExactly("query", "answer");
        assertThat(v2.get(1).get("_from_server").asBoolean()).isFalse();
        assertThat(at(v2.get(1), "dns.rrname").asText()).isEqualTo("www.google.com");
    }

    @Test
    void tcpMessagesSplitAcrossCallsAndPackedInOne() throws Exception {
        byte[] q = HexFormat.of().parseHex("1234010000010000000000000377777706676f6f676c6503636f6d0000010001");
        byte[] framed = new byte[2 * (q.length + 2)];
        for (int k = 0; k < 2; k++) {
            framed[k * (q.length + 2)] = 0;
            framed[k * (q.length + 2) + 1] = (byte) q.length;
            System.arraycopy(q, 0, framed, k * (q.length + 2) + 2, q.length);
        }
        RecordingContext ctx = new RecordingContext(6);
        DnsParser p = new DnsParser(ctx, 3);
        for (byte b : framed) p.onData(true, new byte[] {b}, 0, 1); // one byte per call
        p.onData(true, framed, 0, framed.length); // both messages in one call
        assertThat(ctx.records).hasSize(4);
        assertThat(ctx.records).allSatisfy(n -> assertThat(at(n, "dns.queries[0].rrname").asText()).isEqualTo("www.google.com"));
        assertThat(ctx.records).extracting(n -> at(n, "dns.tx_id").asInt()).containsExactly(0, 1, 2, 3);
        assertThat(Files.exists(Path.of("/"))).isTrue();
    }

    @Test
    void emptyTcpMessageFedBytewiseDoesNotStall() {
        // found by fuzzing: a zero length prefix arriving one byte per call used to spin forever
        byte[] q = HexFormat.of().parseHex("0000" + "0020" + "1234010000010000000000000377777706676f6f676c6503636f6d0000010001");
        RecordingContext ctx = new RecordingContext(6);
        DnsParser p = new DnsParser(ctx, 3);
        for (int i = 0; i < q.length; i++) p.onData(true, q, i, 1);
        assertThat(ctx.records).hasSize(1);
    }

    @Test
    void compressionLoopIsReportedNotFollowed() {
        // question name is a pointer to itself
        byte[] m = HexFormat.of().parseHex("abcd01000001000000000000c00c00010001");
        RecordingContext ctx = new RecordingContext(17);
        new DnsParser(ctx, 3).onData(true, m, 0, m.length);
        assertThat(ctx.records).isEmpty();
        assertThat(ctx.anomalies).containsExactly("INFINITE_LOOP");
        assertThat(DnsProbe.score(m, 0, m.length, m.length)).isEqualTo(DnsProbe.NOT_DNS);
    }

    @Test
    void probeNeedsContentAndUsesPortOnlyForBorderline() {
        byte[] q = HexFormat.of().parseHex("1234010000010000000000000377777706676f6f676c6503636f6d0000010001");
        DnsProtocol dns = new DnsProtocol();
        assertThat(dns.probe(true, q, 0, q.length, 40000, 9999)).isEqualTo(dev.vigil.applayer.Probe.MATCH);
        byte[] odd = q.clone();
        odd[odd.length - 1] = 9; // unknown class: borderline
        assertThat(dns.probe(true, odd, 0, odd.length, 40000, 9999)).isEqualTo(dev.vigil.applayer.Probe.NO);
        assertThat(dns.probe(true, odd, 0, odd.length, 40000, 53)).isEqualTo(dev.vigil.applayer.Probe.MATCH);
        byte[] http = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes();
        assertThat(dns.probe(true, http, 0, http.length, 40000, 53)).isEqualTo(dev.vigil.applayer.Probe.NO);
    }
}

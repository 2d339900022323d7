package dev.vigil.applayer.dhcp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import dev.vigil.applayer.Probe;
import dev.vigil.applayer.dns.DnsSchemaTest;
import dev.vigil.applayer.dns.RecordingContext;
import dev.vigil.testing.Corpus;
import dev.vigil.testing.Tools;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Over every DHCPv4 message tshark decodes in corpus/pcap/dhcp: the probe accepts it, and the record's
 * id (xid), assigned_ip (yiaddr), hostname (option 12) and dhcp_type agree with tshark; every record
 * validates against dhcp.schema.json. BOOTP messages without the DHCP magic cookie (tshark decodes
 * them too) are counted apart: they are not DHCP to the probe.
 */
class DhcpTsharkTest {
    static final String[] TYPES = {null, "discover", "offer", "request", "decline", "ack", "nak", "release", "inform"};

    @Test
    void recordsAgreeWithTsharkAndSchema() throws IOException {
        Tools.require("tshark");
        JsonSchema schema = DnsSchemaTest.load("dhcp");
        List<Path> files;
        try (Stream<Path> s = Files.list(Corpus.pcapDir().resolve("dhcp"))) {
            files = s.sorted().toList();
        }
        long noCookie = 0, messages = 0, values = 0, agree = 0, probed = 0;
        List<String> bad = new ArrayList<>();
        for (Path f : files) {
            for (String line : dev.vigil.applayer.dns.DnsTsharkAgreementTestAccess.run("tshark", "-r", f.toString(), "-Y", "dhcp && !icmp", "-T", "fields",
                    "-E", "separator=/t", "-e", "udp.payload", "-e", "dhcp.id", "-e", "dhcp.ip.your", "-e", "dhcp.option.hostname",
                    "-e", "dhcp.option.dhcp", "-e", "udp.dstport")) {
                String[] c = line.split("\t", -1);
                if (c.length < 6 || c[0].isEmpty() || c[0].contains(",")) continue;
                byte[] b = HexFormat.of().parseHex(c[0]);
                if (b.length < 240 || DhcpMessageParser.cookie(b, 0) != DhcpMessageParser.COOKIE) {
                    noCookie++; // plain BOOTP or a corrupt cookie: not DHCP by the probe's rule, not compared
                    continue;
                }
                messages++;
                DhcpProtocol proto = new DhcpProtocol();
                if (proto.probe(true, b, 0, b.length, 68, 67) == Probe.MATCH) probed++;
                else bad.add("probe " + f.getFileName() + " " + c[1]);
                RecordingContext ctx = new RecordingContext(17);
                proto.newParser(ctx).onData(c[5].equals("67"), b, 0, b.length);
                ObjectNode r = ctx.records.isEmpty() ? RecordingContext.JSON.createObjectNode() : ctx.records.getFirst();
                if (!ctx.records.isEmpty()) {
                    var v = schema.validate(DnsSchemaTest.envelope(r, "UDP"));
                    if (!v.isEmpty()) bad.add("schema " + f.getFileName() + " " + v);
                }
                var d = r.path("dhcp");
                values += 2;
                if (d.path("id").asLong(-1) == Long.decode(c[1])) agree++; else bad.add(f.getFileName() + " id " + c[1] + " vs " + d.path("id"));
                if (d.path("assigned_ip").asText().equals(c[2])) agree++; else bad.add(f.getFileName() + " yiaddr " + c[2] + " vs " + d.path("assigned_ip"));
                if (!c[3].isEmpty()) {
                    values++;
                    if (d.path("hostname").asText().equals(c[3])) agree++; else bad.add(f.getFileName() + " hostname " + c[3] + " vs " + d.path("hostname"));
                }
                if (!c[4].isEmpty() && !c[4].contains(",")) {
                    values++;
                    int t = Integer.parseInt(c[4]);
                    String want = t < TYPES.length && TYPES[t] != null ? TYPES[t] : "unknown";
                    if (d.path("dhcp_type").asText().equals(want)) agree++; else bad.add(f.getFileName() + " type " + want + " vs " + d.path("dhcp_type"));
                }
            }
        }
        System.out.printf("DHCP vs tshark: %d/%d values agree over %d messages, probe accepted %d/%d, %d without the DHCP cookie not compared%n",
                agree, values, messages, probed, messages, noCookie);
        bad.stream().limit(20).forEach(s -> System.out.println("  " + s));
        assertThat(messages).isGreaterThan(50);
        assertThat(bad).isEmpty();
    }
}

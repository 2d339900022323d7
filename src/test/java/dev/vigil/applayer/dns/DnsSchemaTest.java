package dev.vigil.applayer.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.vigil.testing.Corpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every v3 and v2 record parsed from the DNS corpus captures validates against dns.schema.json (with
 * an envelope like the output stage writes), the schema is a valid 2020-12 schema, and it rejects a
 * retyped or unknown field.
 */
public class DnsSchemaTest {
    public static JsonSchema load(String type) throws IOException {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        try (InputStream in = DnsSchemaTest.class.getResourceAsStream("/eve-schema/" + type + ".schema.json")) {
            assertThat(in).as(type + " schema").isNotNull();
            JsonSchema meta = factory.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
            var node = RecordingContext.JSON.readTree(in);
            assertThat(meta.validate(node)).as(type + ".schema.json against the 2020-12 meta-schema").isEmpty();
            return factory.getSchema(node, config);
        }
    }

    /** The record with an envelope the way the output stage writes it. */
    public static ObjectNode envelope(ObjectNode record, String proto) {
        ObjectNode n = RecordingContext.JSON.createObjectNode();
        n.put("timestamp", "2023-11-14T22:13:20.123456+0000");
        n.put("flow_id", 12345);
        n.put("pcap_cnt", 1);
        n.put("event_type", record.get("event_type").asText());
        n.put("src_ip", "10.0.0.1");
        n.put("src_port", 40000);
        n.put("dest_ip", "10.0.0.2");
        n.put("dest_port", 53);
        n.put("proto", proto);
        record.fields().forEachRemaining(e -> {
            if (!e.getKey().startsWith("_") && !e.getKey().equals("event_type")) n.set(e.getKey(), e.getValue());
        });
        return n;
    }

    @Test
    void corpusRecordsOfBothVersionsMatchTheSchema() throws IOException {
        JsonSchema schema = load("dns");
        List<String> errors = new ArrayList<>();
        int records = 0;
        for (String rel : List.of("dns/tcpdump-dnssec.pcap", "dns/zeek-dns-caa.pcap", "dns/zeek-dns-https.pcap", "dns/zeek-dns-svcb.pcap",
                "dns/zeek-dns-txt-multiple.pcap", "dns/zeek-dns-edns-ecs.pcap", "dns/tcpdump-edns-opts.pcap", "dns/zeek-dns-invalid-names.pcap",
                "dns/zeek-dns-tsig.pcap", "dns/zeek-mdns.pcap", "dns/ndpi-dns-tunnel-iodine.pcap", "dns/zeek-dnskey.pcap", "dns/zeek-rrsig.pcap",
                "dns/zeek-dns-huge-ttl.pcap", "dns/zeek-max-compression-depth.pcap", "dns/tcpdump-dns-badlabel.pcap")) {
            Path f = Corpus.file(rel);
            for (int version : new int[] {2, 3}) {
                for (ObjectNode r : DnsSuricataVerifyTest.udpAnyPort(f, version).records) {
                    records++;
                    Set<ValidationMessage> v = schema.validate(envelope(r, "UDP"));
                    if (!v.isEmpty()) errors.add(rel + " v" + version + ": " + v + " in " + r);
                }
            }
        }
        System.out.println("dns schema: " + records + " records validated, " + errors.size() + " invalid");
        errors.stream().limit(5).forEach(System.out::println);
        assertThat(records).isGreaterThan(200);
        assertThat(errors).isEmpty();
    }

    @Test
    void schemaRejectsRetypedAndUnknownFields() throws IOException {
        JsonSchema schema = load("dns");
        RecordingContext ctx = new RecordingContext(17);
        byte[] q = java.util.HexFormat.of().parseHex("1234010000010000000000000377777706676f6f676c6503636f6d0000010001");
        new DnsParser(ctx, 3).onData(true, q, 0, q.length);
        ObjectNode ok = envelope(ctx.records.getFirst(), "UDP");
        assertThat(schema.validate(ok)).isEmpty();
        ObjectNode retyped = ok.deepCopy();
        ((ObjectNode) retyped.get("dns")).put("id", "4660");
        assertThat(schema.validate(retyped)).isNotEmpty();
        ObjectNode unknown = ok.deepCopy();
        ((ObjectNode) unknown.get("dns")).put("surprise", 1);
        assertThat(schema.validate(unknown)).isNotEmpty();
    }
}

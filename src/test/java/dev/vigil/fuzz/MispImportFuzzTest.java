package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.intel.misp.ImportReport;
import dev.vigil.intel.misp.MispEventImporter;
import dev.vigil.intel.misp.MispImportException;
import dev.vigil.intel.misp.StixShape;
import dev.vigil.intel.misp.Warninglist;
import dev.vigil.intel.misp.Warninglists;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the MISP event importer: events are files and feeds partners hand us. An input is
 * [1 byte: bit 0 wraps the text in {"Event": ...}, bit 1 switches on a small set of warninglists of every
 * type][JSON-ish text]. Must hold: only MispImportException escapes; when an import succeeds, the attribute
 * count equals the attribute entries of the JSON (counted independently), mapped + skipped adds up to it, ids
 * are valid and unique, every reference resolves, and every STIX pattern keeps its values inside their literals.
 */
class MispImportFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .disable(com.fasterxml.jackson.core.JsonFactory.Feature.CANONICALIZE_FIELD_NAMES).build());
    private static final MispEventImporter PLAIN = new MispEventImporter();
    private static final MispEventImporter FILTERED = new MispEventImporter(MispEventImporter.Options.defaults().withWarninglists(lists()));

    private static Warninglists lists() {
        try {
            return new Warninglists(List.of(
                    Warninglist.of(JSON.readTree("{\"name\":\"rfc1918\",\"type\":\"cidr\",\"list\":[\"10.0.0.0/8\",\"192.168.0.0/16\",\"fc00::/7\"],\"matching_attributes\":[\"ip-dst\",\"ip-src\",\"domain|ip\"]}")),
                    Warninglist.of(JSON.readTree("{\"name\":\"empty\",\"type\":\"string\",\"list\":[\"d41d8cd98f00b204e9800998ecf8427e\"]}")),
                    Warninglist.of(JSON.readTree("{\"name\":\"hosts\",\"type\":\"hostname\",\"list\":[\".example.com\"]}")),
                    Warninglist.of(JSON.readTree("{\"name\":\"sub\",\"type\":\"substring\",\"list\":[\"any.run\"]}")),
                    Warninglist.of(JSON.readTree("{\"name\":\"re\",\"type\":\"regex\",\"list\":[\"/^(a+)+$/\",\"/^abuse@/i\"]}"))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(1, "{\"uuid\":\"57c4445b-c548-4654-af0b-4be3950d210f\",\"info\":\"x\",\"date\":\"2016-08-29\",\"timestamp\":\"1472541011\","
                        + "\"Orgc\":{\"name\":\"CIRCL\",\"uuid\":\"55f6ea5e-2c60-40e5-964f-47a8950d210f\"},\"Tag\":[{\"name\":\"tlp:amber\"},{\"name\":\"x:y=\\\"z\\\"\"}],"
                        + "\"Attribute\":[{\"uuid\":\"5a3c3045-ab0c-4d38-8efe-459002de0b81\",\"type\":\"domain\",\"category\":\"Network activity\",\"to_ids\":true,\"value\":\"a.example\",\"timestamp\":\"1513893957\"},"
                        + "{\"type\":\"ip-dst|port\",\"to_ids\":false,\"value\":\"10.1.2.3|80\"},{\"type\":\"regkey|value\",\"to_ids\":\"1\",\"value\":\"HKLM\\\\R|x'y\"},"
                        + "{\"type\":\"md5\",\"to_ids\":true,\"value\":\"d41d8cd98f00b204e9800998ecf8427e\"},{\"type\":\"text\",\"value\":\"t\"},{\"type\":\"link\",\"value\":\"http://x\"}],"
                        + "\"Galaxy\":[{\"type\":\"mitre-attack-pattern\",\"GalaxyCluster\":[{\"uuid\":\"e042a41b-5ecf-4f3a-8f1f-1b528c534772\",\"type\":\"mitre-attack-pattern\",\"value\":\"ATM - T1134\"}]}]}"),
                FuzzSeeds.prefixed(2, "{\"Event\":{\"info\":\"o\",\"distribution\":\"4\",\"Object\":[{\"name\":\"file\",\"uuid\":\"5a3cd5b6-9568-4342-b2ab-4c62950d210f\",\"Attribute\":["
                        + "{\"object_relation\":\"filename\",\"type\":\"filename\",\"to_ids\":true,\"value\":\"a.doc\"},{\"object_relation\":\"sha1\",\"type\":\"sha1\",\"value\":\"68064fc152e23d56e541714af52651cb4ba81aaf\"},"
                        + "{\"object_relation\":\"state\",\"type\":\"text\",\"value\":\"Malicious\"}]},{\"name\":\"domain-ip\",\"Attribute\":[{\"object_relation\":\"domain\",\"type\":\"domain\",\"value\":\"b.example\"},"
                        + "{\"object_relation\":\"ip\",\"type\":\"ip-dst\",\"value\":\"2001:db8::1\"}]},{\"name\":\"ip-port\",\"Attribute\":[{\"object_relation\":\"ip\",\"type\":\"ip-dst\",\"value\":\"10.0.0.0/8\"},"
                        + "{\"object_relation\":\"dst-port\",\"type\":\"port\",\"value\":\"443\"}]}]}}"),
                FuzzSeeds.prefixed(0, "{\"response\":[{\"Event\":{\"uuid\":\"x\",\"Attribute\":[{\"type\":\"AS\",\"value\":\"AS174\",\"to_ids\":true},{\"type\":\"email-src\",\"value\":\"abuse@x.example\",\"to_ids\":true},"
                        + "{\"type\":\"snort\",\"value\":\"alert ip any any -> any any (msg:\\\"x\\\";)\"},{\"type\":\"url\",\"value\":\"https://app.any.run/x\",\"to_ids\":true}]}}]}"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void importEvent(byte[] input) throws Exception {
        if (input.length == 0) return;
        int mode = input[0] & 0xff;
        byte[] body = Arrays.copyOfRange(input, 1, input.length);
        if ((mode & 1) != 0) {
            String wrapped = "{\"Event\":" + new String(body, StandardCharsets.UTF_8) + "}";
            body = wrapped.getBytes(StandardCharsets.UTF_8);
        }
        ImportReport r;
        try {
            r = ((mode & 2) != 0 ? FILTERED : PLAIN).importEvent(body);
        } catch (MispImportException refused) {
            return;
        }
        JsonNode tree = JSON.readTree(body);
        int entries = StixShape.attributeEntries(tree);
        if (r.attributes() != entries) throw new IllegalStateException("counted " + r.attributes() + " attributes, the JSON has " + entries);
        if (r.mapped() + r.skipped().size() != r.attributes()) throw new IllegalStateException("counts do not add up");
        for (ImportReport.Skipped s : r.skipped()) if (s.reason() == null || s.reason().isBlank()) throw new IllegalStateException("skip without reason");
        StixShape.check(r);
    }
}

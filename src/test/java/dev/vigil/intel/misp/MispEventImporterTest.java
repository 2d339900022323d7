package dev.vigil.intel.misp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Corpus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class MispEventImporterTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static Path misp() {
        return Corpus.root().resolve("intel/misp");
    }

    /** Attribute entries counted straight from the JSON, independently of the importer. */
    static int attributeEntries(JsonNode root) {
        JsonNode e = root.has("Event") ? root.get("Event") : root;
        int n = e.path("Attribute").size();
        for (JsonNode o : e.path("Object")) n += o.path("Attribute").size();
        return n;
    }

    private static ImportReport importFile(String rel) throws Exception {
        byte[] b = Files.readAllBytes(misp().resolve(rel));
        ImportReport r = new MispEventImporter().importEvent(b);
        assertThat(r.attributes()).as(rel + " attributes").isEqualTo(attributeEntries(JSON.readTree(b)));
        assertThat(r.mapped() + r.skipped().size()).isEqualTo(r.attributes());
        printSkipped(rel, r);
        StixShape.check(r);
        return r;
    }

    static void printSkipped(String name, ImportReport r) {
        Map<String, Long> reasons = new TreeMap<>(r.skipped().stream().collect(Collectors.groupingBy(s -> s.type() + ": " + s.reason(), Collectors.counting())));
        System.out.println(name + ": " + r.attributes() + " attributes, " + r.mapped() + " mapped, " + r.skipped().size() + " skipped; objects by type "
                + new TreeMap<>(r.objects().stream().collect(Collectors.groupingBy(o -> o.get("type").asText(), Collectors.counting()))));
        reasons.forEach((k, v) -> System.out.println("  skipped " + v + " x " + k));
    }

    @Test
    void sednitEventEveryAttributeMappedOrSkipped() throws Exception {
        ImportReport r = importFile("events/pymisp-existing_event-sednit.json");
        assertThat(r.attributes()).isEqualTo(9 + 113);
        ObjectNode grouping = r.ofType("grouping").getFirst();
        assertThat(grouping.get("id").asText()).isEqualTo("grouping--5a3c2ba8-4e88-4b2c-b3a3-4d0c950d210f".substring(0, 0) + "grouping--" + JSON.readTree(
                Files.readAllBytes(misp().resolve("events/pymisp-existing_event-sednit.json"))).get("uuid").asText());
        assertThat(grouping.get("context").asText()).isEqualTo("suspicious-activity");
        assertThat(r.ofType("identity").getFirst().get("id").asText()).isEqualTo("identity--55f6ea5e-2c60-40e5-964f-47a8950d210f");
        assertThat(r.ofType("identity").getFirst().get("name").asText()).isEqualTo("CIRCL");
        // the 7 to_ids domains are indicators with the attribute uuid
        List<ObjectNode> domains = r.ofType("indicator").stream().filter(i -> i.get("pattern").asText().startsWith("[domain-name:value = ")
                && !i.get("pattern").asText().contains("resolves_to_refs")).toList();
        assertThat(domains).hasSize(7);
        assertThat(r.objects()).anyMatch(o -> o.get("id").asText().equals("indicator--5a3c3045-ab0c-4d38-8efe-459002de0b81")
                && o.get("pattern").asText().equals("[domain-name:value = 'movieultimate.com']")
                && o.get("valid_from").asText().equals("2017-12-21T22:05:57Z"));
        // 12 domain-ip objects -> 12 AND-ed patterns, 37 file objects -> indicators (sha1 to_ids), state texts skipped
        assertThat(r.ofType("indicator").stream().filter(i -> i.get("pattern").asText().contains("domain-name:resolves_to_refs[*].value = ")
                && i.get("pattern").asText().contains("domain-name:value = ") && i.get("pattern").asText().contains(" AND "))).hasSize(12);
        assertThat(r.ofType("indicator").stream().filter(i -> i.get("pattern").asText().contains("file:hashes.'SHA-1' = "))).hasSize(37);
        assertThat(r.skipped()).filteredOn(s -> s.reason().contains("file/state")).hasSize(37);
        // TLP:WHITE from the event tag, on everything and as an object
        assertThat(r.objects()).anyMatch(o -> o.get("id").asText().equals(TlpMarkings.TLP1_WHITE));
        assertThat(grouping.get("object_marking_refs").get(0).asText()).isEqualTo(TlpMarkings.TLP1_WHITE);
        // galaxies: Sofacy threat actor, mitre-malware families, tools
        assertThat(r.ofType("threat-actor")).extracting(o -> o.get("name").asText()).contains("Sofacy");
        assertThat(r.ofType("malware")).hasSize(7).allMatch(m -> m.get("is_family").asBoolean());
        assertThat(r.ofType("tool")).extracting(o -> o.get("name").asText()).contains("X-Agent", "Sednit EK");
        // the link -> external reference, the text -> note
        assertThat(grouping.get("external_references").toString()).contains("welivesecurity.com");
        assertThat(r.ofType("note")).hasSize(1);
        assertThat(grouping.get("labels").toString()).contains("misp-galaxy:threat-actor=\\\"Sofacy\\\"").doesNotContain("tlp:");
    }

    @Test
    void samsamObjectsEveryAttributeMappedOrSkipped() throws Exception {
        ImportReport r = importFile("events/pymisp-mainly_objects_1-samsam.json");
        assertThat(r.attributes()).isEqualTo(74);
        // three file objects with to_ids hashes -> indicators, three without -> observed-data with a file SCO
        List<ObjectNode> fileIndicators = r.ofType("indicator").stream().filter(i -> i.get("pattern").asText().startsWith("[file:hashes.") || i.get("pattern").asText().startsWith("[file:name")).toList();
        assertThat(fileIndicators).hasSize(3);
        assertThat(fileIndicators).allMatch(i -> i.get("pattern").asText().contains("file:hashes.MD5 = ") && i.get("pattern").asText().contains("file:hashes.'SHA-256' = "));
        assertThat(r.ofType("file")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(r.ofType("indicator")).anyMatch(i -> i.get("pattern").asText().contains("sections[*].hashes.MD5"));
        assertThat(r.skipped()).allMatch(s -> !s.reason().isBlank());
        assertThat(r.skipped()).anyMatch(s -> s.reason().contains("entropy"));
    }

    @Test
    void feedSampleEventWithRegkeyValue() throws Exception {
        ImportReport r = importFile("feed-sample/57c4445b-c548-4654-af0b-4be3950d210f.json");
        assertThat(r.attributes()).isEqualTo(9);
        assertThat(r.skipped()).isEmpty();
        ObjectNode reg = r.ofType("indicator").stream().filter(i -> i.get("pattern").asText().startsWith("[windows-registry-key")).findFirst().orElseThrow();
        assertThat(reg.get("pattern").asText()).isEqualTo(
                "[windows-registry-key:key = 'Software\\\\Wow6432Node\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Run' AND windows-registry-key:values[*].data = '%TEMP%\\\\3Z4wnG9603it23y.exe']");
        assertThat(PatternShape.literals(reg.get("pattern").asText())).containsExactly(
                "Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run", "%TEMP%\\3Z4wnG9603it23y.exe");
        assertThat(r.ofType("indicator")).extracting(i -> i.get("pattern").asText())
                .contains("[file:hashes.MD5 = '0749bae92ca336a02c83d126e04ec628']", "[file:name = '3Z4wnG9603it23y.exe']");
    }

    /** Every event of misp-stix's test collections: counts add up and the output is well formed. */
    @Test
    void mispStixTestEventsAllAccountedFor() throws Exception {
        int events = 0, attrs = 0, mapped = 0;
        try (var files = Files.list(misp().resolve("misp-stix/tests"))) {
            for (Path f : files.filter(p -> !p.getFileName().toString().contains("stix21")).sorted().toList()) {
                JsonNode root = JSON.readTree(f.toFile());
                JsonNode resp = root.path("response");
                List<JsonNode> evs = new ArrayList<>();
                if (resp.isObject()) evs.add(resp); // an attribute collection: a bare event of attributes
                else if (f.getFileName().toString().contains("objects")) {
                    ObjectNode e = JSON.createObjectNode();
                    for (JsonNode o : resp) e.withArray("Object").add(o.get("Object"));
                    evs.add(e);
                } else resp.forEach(evs::add);
                for (JsonNode ev : evs) {
                    ImportReport r = new MispEventImporter().importEvent(ev);
                    assertThat(r.attributes()).isEqualTo(attributeEntries(ev));
                    StixShape.check(r);
                    events++;
                    attrs += r.attributes();
                    mapped += r.mapped();
                    if (!r.skipped().isEmpty()) printSkipped(f.getFileName() + " / " + ev.path("Event").path("info").asText(), r);
                }
            }
        }
        System.out.printf("misp-stix test events: %d events, %d attributes, %d mapped (%.1f%%)%n", events, attrs, mapped, 100.0 * mapped / attrs);
        assertThat(events).isGreaterThanOrEqualTo(8);
    }

    @Test
    void reimportGivesTheSameObjects() throws Exception {
        byte[] b = Files.readAllBytes(misp().resolve("events/pymisp-existing_event-sednit.json"));
        ImportReport a = new MispEventImporter().importEvent(b), c = new MispEventImporter().importEvent(b);
        assertThat(JSON.writeValueAsString(c.objects())).isEqualTo(JSON.writeValueAsString(a.objects()));
        // the wrapped feed form of the same event gives the same ids
        byte[] wrapped = ("{\"Event\":" + new String(b, StandardCharsets.UTF_8) + "}").getBytes(StandardCharsets.UTF_8);
        assertThat(new MispEventImporter().importEvent(wrapped).objects()).extracting(o -> o.get("id").asText())
                .containsExactlyElementsOf(a.objects().stream().map(o -> o.get("id").asText()).toList());
    }

    @Test
    void hostileValuesCannotBreakThePattern() throws Exception {
        String[] hostile = {"a'b", "a\\", "x\\' OR 1=1", "]'; [file:name = 'x", "\\\\'\\", "line\nbreak", "'", "\u0000\u202e"};
        for (String v : hostile) {
            ObjectNode ev = event();
            ev.withArray("Attribute").addObject().put("uuid", "11111111-2222-4333-8444-555555555555").put("type", "filename")
                    .put("category", "Payload delivery").put("to_ids", true).put("value", v).put("timestamp", "1600000000");
            ImportReport r = new MispEventImporter().importEvent(ev);
            String p = r.ofType("indicator").getFirst().get("pattern").asText();
            PatternShape.assertWellFormed(p);
            assertThat(PatternShape.literals(p)).as(p).containsExactly(v);
        }
        assertThat(PatternText.quote("it's \\ fine")).isEqualTo("'it\\'s \\\\ fine'");
    }

    @Test
    void typesAndComposites() throws Exception {
        ObjectNode ev = event();
        var a = ev.withArray("Attribute");
        String[][] cases = {
            {"ip-dst", "198.51.100.7", "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.7']"},
            {"ip-src", "203.0.113.0/24", "[network-traffic:src_ref.type = 'ipv4-addr' AND network-traffic:src_ref.value ISSUBSET '203.0.113.0/24']"},
            {"ip-dst", "2001:DB8:0:0::1", "[network-traffic:dst_ref.type = 'ipv6-addr' AND network-traffic:dst_ref.value = '2001:db8::1']"},
            {"ip-dst|port", "198.51.100.7|8443", "[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '198.51.100.7' AND network-traffic:dst_port = 8443]"},
            {"domain|ip", "Evil.Example|198.51.100.9", "[domain-name:value = 'evil.example' AND domain-name:resolves_to_refs[*].value = '198.51.100.9']"},
            {"hostname", "c2.evil.example", "[domain-name:value = 'c2.evil.example']"},
            {"url", "http://evil.example/a?b='c'", "[url:value = 'http://evil.example/a?b=\\'c\\'']"},
            {"email-src", "x@evil.example", "[email-message:from_ref.value = 'x@evil.example']"},
            {"email-dst", "y@victim.example", "[email-message:to_refs[*].value = 'y@victim.example']"},
            {"sha256", "7FA3ABC229FD3CB9A0A6F07D9DA15E35528C630D0AD5902D5422B305CAE7EAA4", "[file:hashes.'SHA-256' = '7fa3abc229fd3cb9a0a6f07d9da15e35528c630d0ad5902d5422b305cae7eaa4']"},
            {"filename|md5", "a.exe|b2a5abfeef9e36964281a31e17b57c97", "[file:name = 'a.exe' AND file:hashes.MD5 = 'b2a5abfeef9e36964281a31e17b57c97']"},
            {"ssdeep", "96:QRWkwoBevsL0JsIQ3pq8dxbuTet7eU/uEzAfue9atn0JbIi:QRWktBe80JsIIq8dxKyPew0JbIi", "[file:hashes.SSDEEP = '96:QRWkwoBevsL0JsIQ3pq8dxbuTet7eU/uEzAfue9atn0JbIi:QRWktBe80JsIIq8dxKyPew0JbIi']"},
            {"ja3-fingerprint-md5", "e7d705a3286e19ea42f587b344ee6865", "[network-traffic:x_misp_ja3_fingerprint_md5 = 'e7d705a3286e19ea42f587b344ee6865']"},
            {"x509-fingerprint-sha1", "46aba99aa7158e4609aaa72b50990842fd22ae86", "[x509-certificate:hashes.'SHA-1' = '46aba99aa7158e4609aaa72b50990842fd22ae86']"},
            {"user-agent", "Mozilla/5.0 'x'", "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 \\'x\\'']"},
            {"AS", "AS174", "[autonomous-system:number = 174]"},
            {"mutex", "Global\\m", "[mutex:name = 'Global\\\\m']"},
            {"regkey", "HKLM\\Run", "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Run']"},
            {"regkey", "hkcu", "[windows-registry-key:key = 'HKEY_CURRENT_USER']"},
            {"regkey", "HKLMX\\a", "[windows-registry-key:key = 'HKLMX\\\\a']"},
        };
        int i = 0;
        for (String[] c : cases) {
            a.addObject().put("uuid", String.format("00000000-0000-4000-8000-%012d", i++)).put("type", c[0]).put("category", "Network activity")
                    .put("to_ids", true).put("value", c[1]).put("timestamp", "1600000000");
        }
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000998").put("type", "ip-dst").put("to_ids", true).put("value", "999.1.1.1");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000999").put("type", "md5").put("to_ids", true).put("value", "abc");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000997").put("type", "whois-registrant-name").put("to_ids", true).put("value", "x");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000996").put("type", "domain").put("to_ids", true).put("value", "x").put("deleted", true);
        ImportReport r = new MispEventImporter().importEvent(ev);
        StixShape.check(r);
        for (int k = 0; k < cases.length; k++) {
            String id = String.format("indicator--00000000-0000-4000-8000-%012d", k);
            ObjectNode ind = r.objects().stream().filter(o -> o.get("id").asText().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
            assertThat(ind.get("pattern").asText()).as(cases[(int) k][0]).isEqualTo(cases[k][2]);
        }
        assertThat(r.skipped()).extracting(ImportReport.Skipped::reason)
                .containsExactlyInAnyOrder("not an IP address", "malformed md5", "MISP type 'whois-registrant-name' has no STIX mapping", "deleted");
    }

    @Test
    void observablesWithoutToIdsBecomeObservedData() throws Exception {
        ObjectNode ev = event();
        ev.withArray("Attribute").addObject().put("uuid", "00000000-0000-4000-8000-000000000001").put("type", "ip-dst|port").put("to_ids", false)
                .put("value", "198.51.100.7|443").put("timestamp", "1600000000");
        ev.withArray("Attribute").addObject().put("uuid", "00000000-0000-4000-8000-000000000002").put("type", "port").put("to_ids", false)
                .put("value", "443");
        ImportReport r = new MispEventImporter().importEvent(ev);
        StixShape.check(r);
        ObjectNode od = r.ofType("observed-data").getFirst();
        assertThat(od.get("object_refs")).hasSize(2);
        ObjectNode nt = r.ofType("network-traffic").getFirst();
        assertThat(nt.get("dst_port").asInt()).isEqualTo(443);
        assertThat(nt.get("protocols").get(0).asText()).isEqualTo("tcp");
        assertThat(r.ofType("ipv4-addr").getFirst().get("value").asText()).isEqualTo("198.51.100.7");
        // SCO ids are UUIDv5: the same address in another event is the same SCO
        assertThat(r.ofType("ipv4-addr").getFirst().get("id").asText()).isEqualTo("ipv4-addr--" + MispIds.uuid5(MispIds.SCO_NAMESPACE, "{\"value\":\"198.51.100.7\"}"));
        assertThat(r.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("no valid STIX observable"));
    }

    @Test
    void attackPatternGalaxyGivesIndicatesRelationships() throws Exception {
        ObjectNode ev = event();
        ev.withArray("Attribute").addObject().put("uuid", "00000000-0000-4000-8000-000000000001").put("type", "domain").put("to_ids", true)
                .put("value", "c2.example").put("timestamp", "1600000000");
        var g = ev.withArray("Galaxy").addObject().put("type", "mitre-attack-pattern").put("name", "Attack Pattern");
        var c = g.withArray("GalaxyCluster").addObject().put("type", "mitre-attack-pattern").put("uuid", "e042a41b-5ecf-4f3a-8f1f-1b528c534772")
                .put("value", "Access Token Manipulation - T1134");
        c.putObject("meta").putArray("kill_chain").add("mitre-attack:defense-evasion");
        ImportReport r = new MispEventImporter().importEvent(ev);
        StixShape.check(r);
        ObjectNode ap = r.ofType("attack-pattern").getFirst();
        assertThat(ap.get("id").asText()).isEqualTo("attack-pattern--e042a41b-5ecf-4f3a-8f1f-1b528c534772");
        assertThat(ap.get("name").asText()).isEqualTo("Access Token Manipulation");
        assertThat(ap.get("external_references").get(0).get("external_id").asText()).isEqualTo("T1134");
        assertThat(ap.get("kill_chain_phases").get(0).get("phase_name").asText()).isEqualTo("defense-evasion");
        ObjectNode rel = r.ofType("relationship").getFirst();
        assertThat(rel.get("relationship_type").asText()).isEqualTo("indicates");
        assertThat(rel.get("source_ref").asText()).isEqualTo("indicator--00000000-0000-4000-8000-000000000001");
        assertThat(rel.get("target_ref").asText()).isEqualTo(ap.get("id").asText());
    }

    @Test
    void tlpTagsAndDistribution() throws Exception {
        ObjectNode ev = event();
        ev.withArray("Tag").addObject().put("name", "tlp:amber+strict");
        ev.put("distribution", "4").put("sharing_group_id", "7");
        ev.putObject("SharingGroup").put("uuid", "5f4f8e2a-1b2c-4d3e-9f00-aabbccddeeff").put("name", "CSIRT network");
        var a = ev.withArray("Attribute");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000001").put("type", "domain").put("to_ids", true).put("value", "a.example")
                .withArray("Tag").addObject().put("name", "tlp:red");
        a.addObject().put("uuid", "00000000-0000-4000-8000-000000000002").put("type", "domain").put("to_ids", true).put("value", "b.example");
        ImportReport r = new MispEventImporter().importEvent(ev);
        StixShape.check(r);
        assertThat(r.ofType("marking-definition")).extracting(m -> m.get("id").asText())
                .containsExactlyInAnyOrder(TlpMarkings.TLP2_AMBER_STRICT, TlpMarkings.TLP2_RED);
        ObjectNode red = r.ofType("marking-definition").stream().filter(m -> m.get("id").asText().equals(TlpMarkings.TLP2_RED)).findFirst().orElseThrow();
        assertThat(red.get("extensions").get(TlpMarkings.TLP2_EXTENSION).get("tlp_2_0").asText()).isEqualTo("red");
        assertThat(r.ofType("indicator")).extracting(i -> i.get("object_marking_refs").get(0).asText())
                .containsExactly(TlpMarkings.TLP2_RED, TlpMarkings.TLP2_AMBER_STRICT);
        ObjectNode grouping = r.ofType("grouping").getFirst();
        assertThat(grouping.get("x_misp_distribution").asInt()).isEqualTo(4);
        assertThat(grouping.get("x_misp_sharing_group_uuid").asText()).isEqualTo("5f4f8e2a-1b2c-4d3e-9f00-aabbccddeeff");
        assertThat(TlpMarkings.forTag("tlp:unheard-of")).isEqualTo(TlpMarkings.TLP2_RED);
    }

    @Test
    void reusedUuidsAreSkippedNotOverwritten() throws Exception {
        ObjectNode ev = event();
        String u = "00000000-0000-4000-8000-000000000001";
        ev.withArray("Attribute").addObject().put("uuid", u).put("type", "domain").put("to_ids", true).put("value", "a.example");
        ev.withArray("Attribute").addObject().put("uuid", u).put("type", "domain").put("to_ids", true).put("value", "b.example");
        var obj = ev.withArray("Object").addObject().put("name", "domain-ip").put("uuid", u);
        obj.withArray("Attribute").addObject().put("uuid", "00000000-0000-4000-8000-000000000002").put("type", "domain")
                .put("object_relation", "domain").put("to_ids", true).put("value", "c.example");
        ImportReport r = new MispEventImporter().importEvent(ev);
        StixShape.check(r);
        assertThat(r.ofType("indicator")).singleElement().satisfies(i -> assertThat(i.get("pattern").asText()).contains("a.example"));
        assertThat(r.skipped()).extracting(ImportReport.Skipped::reason)
                .containsExactly("duplicate attribute uuid", "object uuid already names another item of this event");
    }

    @Test
    void publishedAsReportWhenAsked() throws Exception {
        ObjectNode ev = event().put("published", true).put("publish_timestamp", "1600000100");
        ImportReport g = new MispEventImporter().importEvent(ev);
        assertThat(g.ofType("grouping")).hasSize(1);
        ImportReport r = new MispEventImporter(MispEventImporter.Options.defaults().withPublishedAsReport(true)).importEvent(ev);
        assertThat(r.ofType("report").getFirst().get("published").asText()).isEqualTo("2020-09-13T12:28:20Z");
        StixShape.check(r);
    }

    /** Jackson's shared name table once made acceptance of a malformed name depend on earlier inputs (fuzz finding). */
    @Test
    void outcomeDoesNotDependOnEarlierInputs() throws Exception {
        MispEventImporter imp = new MispEventImporter();
        byte[] bad = "{\"Event\":{\"info\":\"o\",\"Object\":[{\"Xame\":\"file\"}]}}".getBytes(StandardCharsets.US_ASCII);
        bad[new String(bad, StandardCharsets.US_ASCII).indexOf("Xame")] = (byte) 0xff;
        String first = outcome(imp, bad);
        imp.importEvent(Files.readAllBytes(misp().resolve("events/pymisp-existing_event-sednit.json")));
        imp.importEvent("{\"Event\":{\"info\":\"o\",\"Object\":[{\"\u00ffame\":\"file\"}]}}".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(outcome(imp, bad)).isEqualTo(first);
    }

    private static String outcome(MispEventImporter imp, byte[] input) {
        try {
            return JSON.writeValueAsString(imp.importEvent(input).objects());
        } catch (MispImportException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return "refused: " + e.getMessage();
        }
    }

    @Test
    void notAnEventIsTheDeclaredError() {
        MispEventImporter imp = new MispEventImporter();
        assertThatThrownBy(() -> imp.importEvent("[1,2]".getBytes())).isInstanceOf(MispImportException.class);
        assertThatThrownBy(() -> imp.importEvent("{\"a\":".getBytes())).isInstanceOf(MispImportException.class);
        assertThatThrownBy(() -> imp.importEvent("{\"foo\":1}".getBytes())).isInstanceOf(MispImportException.class);
        assertThatThrownBy(() -> imp.importEvent("[".repeat(10_000).getBytes())).isInstanceOf(MispImportException.class);
    }

    static ObjectNode event() {
        ObjectNode e = JSON.createObjectNode().put("uuid", "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f").put("info", "test event")
                .put("date", "2020-09-13").put("timestamp", "1600000000");
        e.putObject("Orgc").put("name", "Test CERT").put("uuid", "1a2b3c4d-5e6f-4a0b-9c1d-2e3f4a5b6c7d");
        return e;
    }
}

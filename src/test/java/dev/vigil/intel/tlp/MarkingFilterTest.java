package dev.vigil.intel.tlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.testing.Corpus;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MarkingFilterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PARTNERS = {"acme-soc", "peer-bank", "sector-isac", "vendor", "never-heard-of"};
    private static final String TLP1_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    private static final String TLP1_AMBER = "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82";

    private static MarkingFilter filter() throws PolicyException {
        return new MarkingFilter(SharingPolicyTest.policy(), new MarkingDefinitions());
    }

    private static ObjectNode corpus(String path) throws Exception {
        return (ObjectNode) JSON.readTree(Files.readString(Corpus.root().resolve("intel").resolve(path)));
    }

    /** The indicator of the OASIS c2 example, marked with the given ids. */
    private static ObjectNode indicator(String... markingIds) throws Exception {
        ObjectNode o = (ObjectNode) corpus("stix21/examples/oasis-json-schemas/indicator-for-c2-ip-address.json").path("objects").get(0).deepCopy();
        if (markingIds.length > 0) {
            ArrayNode refs = o.putArray("object_marking_refs");
            for (String id : markingIds) refs.add(id);
        }
        return o;
    }

    private static String idOf(String tlpFile) throws Exception {
        return TlpLevelTest.markingOf(tlpFile).path("id").asText();
    }

    @Test
    void objectLevelMarkingsFromTheCorpusFilesFollowThePolicy() throws Exception {
        MarkingFilter f = filter();
        String[] files = {"tlp-clear.json", "tlp-green.json", "tlp-amber.json", "tlp-amber+strict.json", "tlp-red.json"};
        // rows: level of the file; columns: PARTNERS
        boolean[][] expected = {
                {true, true, true, true, true},
                {true, true, true, false, false},
                {true, true, false, false, false},
                {true, false, false, false, false},
                {false, false, false, false, false}};
        for (int l = 0; l < files.length; l++) {
            ObjectNode o = indicator(idOf(files[l]));
            for (int p = 0; p < PARTNERS.length; p++) {
                ObjectNode out = f.outbound(PARTNERS[p], o);
                assertThat(out != null).as(files[l] + " to " + PARTNERS[p]).isEqualTo(expected[l][p]);
                if (out != null) assertThat(out).isSameAs(o);
            }
        }
        assertThat(f.withheldCounts().get(WithholdReason.RED)).isEqualTo(5);
        assertThat(f.withheldCounts().get(WithholdReason.LEVEL_NOT_ALLOWED)).isEqualTo(9);
        assertThat(f.passedCount()).isEqualTo(11);
    }

    @Test
    void redNeverLeavesWhateverFormItTakes() throws Exception {
        MarkingDefinitions defs = new MarkingDefinitions();
        defs.learn(JSON.readTree("""
                {"type":"marking-definition","spec_version":"2.1","id":"marking-definition--0bd6e0a6-52c2-4a6e-a39a-6d2c55a8ee0d",
                 "created":"2022-10-01T00:00:00.000Z","name":"TLP:RED","definition_type":"statement","definition":{"statement":"red"}}"""));
        SharingPolicy generous = SharingPolicy.parse("""
                organisation: acme
                default_level: clear
                unknown_markings: ignore
                partners:
                  - {id: acme-soc, organisation: acme, community: true, max_level: amber+strict}
                """, true);
        MarkingFilter f = new MarkingFilter(generous, defs);
        List<ObjectNode> reds = new ArrayList<>();
        reds.add(indicator(TlpLevel.RED.markingId()));
        reds.add(indicator(TLP1_RED));
        reds.add(indicator(TlpLevel.CLEAR.markingId(), TLP1_RED));
        reds.add(indicator("marking-definition--0bd6e0a6-52c2-4a6e-a39a-6d2c55a8ee0d"));
        ObjectNode labelled = indicator();
        labelled.putArray("labels").add("tlp:red");
        reds.add(labelled);
        for (ObjectNode o : reds) {
            for (String p : PARTNERS) assertThat(f.outbound(p, o)).as(o.path("object_marking_refs") + " " + o.path("labels") + " to " + p).isNull();
        }
        ObjectNode granular = indicator(TlpLevel.CLEAR.markingId());
        granular.put("description", "the informant is J. Doe");
        granular.putArray("granular_markings").addObject().put("marking_ref", TlpLevel.RED.markingId()).putArray("selectors").add("description");
        for (String p : PARTNERS) {
            ObjectNode out = f.outbound(p, granular);
            assertThat(out).isNotNull();
            assertThat(out.toString()).doesNotContain("J. Doe").doesNotContain(TlpLevel.RED.markingId());
        }
        assertThat(f.withheldCounts().get(WithholdReason.RED)).isEqualTo(5L * PARTNERS.length);
    }

    @Test
    void mostRestrictiveObjectMarkingWins() throws Exception {
        MarkingFilter f = filter();
        ObjectNode o = indicator(TlpLevel.GREEN.markingId(), TLP1_AMBER);
        assertThat(f.outbound("sector-isac", o)).isNull();
        assertThat(f.outbound("peer-bank", o)).isSameAs(o);
        ObjectNode mixed = indicator(TlpLevel.CLEAR.markingId());
        mixed.putArray("labels").add("tlp:amber+strict");
        assertThat(f.outbound("peer-bank", mixed)).isNull();
        assertThat(f.outbound("acme-soc", mixed)).isNotNull();
    }

    @Test
    void unmarkedObjectsTakeTheDefaultLevel() throws Exception {
        MarkingFilter f = filter(); // default_level: green
        ObjectNode o = indicator();
        assertThat(f.outbound("sector-isac", o)).isSameAs(o);
        assertThat(f.outbound("vendor", o)).isNull();
        assertThat(f.outbound("never-heard-of", o)).isNull();
        // a copyright statement is no TLP marking: the default still applies, and the statement does not block
        ObjectNode bundle = corpus("stix21/examples/oasis-cti-documentation/using-marking-definitions.json");
        MarkingFilter g = filter();
        ObjectNode out = g.outboundBundle("sector-isac", bundle);
        assertThat(ids(out)).contains("identity--611d9d41-dba5-4e13-9b29-e22488058ffc", "marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f")
                .doesNotContain("indicator--33fe3b22-0201-47cf-85d0-97c02164528d"); // TLP 1.0 AMBER
        assertThat(ids(g.outboundBundle("peer-bank", bundle))).contains("indicator--33fe3b22-0201-47cf-85d0-97c02164528d");
    }

    @Test
    void unknownMarkingsAreWithheldUnlessThePolicySaysOtherwise() throws Exception {
        String unknown = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ec"; // the interop test's typo of TLP:RED
        ObjectNode campaign = corpus("stix21/examples/oasis-json-schemas/interop-objectmarking-test.json");
        assertThat(campaign.path("object_marking_refs").toString()).contains(unknown);
        ObjectNode o = indicator(TlpLevel.GREEN.markingId(), unknown);
        MarkingFilter f = filter();
        assertThat(f.decide("acme-soc", o).reason()).isEqualTo(WithholdReason.UNKNOWN_MARKING);
        assertThat(f.decide("acme-soc", campaign).reason()).isEqualTo(WithholdReason.RED);
        MarkingFilter ignore = new MarkingFilter(SharingPolicy.parse(SharingPolicyTest.POLICY + "unknown_markings: ignore\n", true), new MarkingDefinitions());
        assertThat(ignore.outbound("sector-isac", o)).isSameAs(o);
        MarkingFilter asAmber = new MarkingFilter(SharingPolicy.parse(SharingPolicyTest.POLICY + "unknown_markings: amber\n", true), new MarkingDefinitions());
        assertThat(asAmber.outbound("sector-isac", o)).isNull();
        assertThat(asAmber.outbound("peer-bank", o)).isSameAs(o);
        MarkingFilter listed = new MarkingFilter(SharingPolicy.parse(SharingPolicyTest.POLICY + "non_restricting_markings: [" + unknown + "]\n", true),
                new MarkingDefinitions());
        assertThat(listed.outbound("sector-isac", o)).isSameAs(o);
        ObjectNode misp = indicator();
        misp.putArray("labels").add("tlp:ex:chr");
        assertThat(f.decide("acme-soc", misp).reason()).isEqualTo(WithholdReason.UNKNOWN_MARKING);
    }

    @Test
    void corpusGranularMarkingsRedactPerPartner() throws Exception {
        ObjectNode bundle = corpus("stix21/examples/oasis-cti-documentation/using-granular-markings.json");
        ObjectNode original = bundle.deepCopy();
        ObjectNode ind = (ObjectNode) bundle.path("objects").get(1);
        MarkingFilter f = filter();

        // GREEN partner: description (RED) and indicator_types.[1] (AMBER) go; the GREEN marking stays, re-pointed
        MarkingFilter.Outcome green = f.decide("sector-isac", ind);
        assertThat(green.action()).isEqualTo(MarkingFilter.Action.REDACT);
        ObjectNode g = green.object();
        assertThat(g.has("description")).isFalse();
        assertThat(g.path("indicator_types").toString()).isEqualTo("[\"malicious-activity\"]");
        assertThat(g.path("granular_markings")).hasSize(1);
        assertThat(g.path("granular_markings").get(0).path("marking_ref").asText()).isEqualTo("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da");
        assertThat(selectors(g, 0)).containsExactly("indicator_types.[0]", "name", "pattern");
        assertSelectorsStillPointAtTheSameValues(ind, g);
        assertThat(g.path("pattern").asText()).isEqualTo(ind.path("pattern").asText());

        // AMBER partner: only the RED description goes
        ObjectNode a = f.outbound("peer-bank", ind);
        assertThat(a.has("description")).isFalse();
        assertThat(a.path("indicator_types")).hasSize(2);
        assertThat(a.path("granular_markings")).hasSize(2);
        assertSelectorsStillPointAtTheSameValues(ind, a);

        // the object itself has no marking: default GREEN, so a CLEAR-only partner gets nothing
        assertThat(f.decide("vendor", ind).reason()).isEqualTo(WithholdReason.LEVEL_NOT_ALLOWED);
        assertThat(bundle).isEqualTo(original);
        assertThat(f.redactedCount()).isEqualTo(2);
        assertThat(f.removedPropertyCount()).isEqualTo(3);

        ObjectNode out = filter().outboundBundle("acme-soc", bundle);
        assertThat(ids(out)).containsExactly("identity--b38dfe21-7477-40d1-aa90-5c8671ce51ca", "indicator--1ed8caa7-a708-4706-b651-f1186ede6ca1");
    }

    @Test
    void requiredPropertiesAreNotRedactedAwayTheObjectIsWithheld() throws Exception {
        MarkingFilter f = filter();
        ObjectNode o = indicator(TlpLevel.GREEN.markingId());
        o.putArray("granular_markings").addObject().put("marking_ref", TlpLevel.AMBER.markingId()).putArray("selectors").add("pattern");
        MarkingFilter.Outcome out = f.decide("sector-isac", o);
        assertThat(out.reason()).isEqualTo(WithholdReason.REQUIRED_PROPERTY_MARKED);
        assertThat(out.detail()).isEqualTo("pattern");
        assertThat(f.outbound("peer-bank", o)).isSameAs(o);

        ObjectNode markingOfMarkings = indicator(TlpLevel.GREEN.markingId(), TlpLevel.AMBER.markingId());
        markingOfMarkings.putArray("granular_markings").addObject().put("marking_ref", TlpLevel.AMBER_STRICT.markingId())
                .putArray("selectors").add("object_marking_refs.[1]");
        assertThat(f.decide("peer-bank", markingOfMarkings).reason()).isEqualTo(WithholdReason.REQUIRED_PROPERTY_MARKED);

        ObjectNode report = (ObjectNode) JSON.readTree("""
                {"type":"report","spec_version":"2.1","id":"report--84e4d88f-44ea-4bcd-bbf3-b2c1c320bcb3","created":"2015-12-21T19:59:11.000Z",
                 "modified":"2015-12-21T19:59:11.000Z","name":"r","published":"2016-01-20T17:00:00.000Z",
                 "object_refs":["indicator--26ffb872-1dd9-446e-b6f5-d58527e5b5d2","campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c"],
                 "granular_markings":[{"marking_ref":"marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1","selectors":["object_refs.[0]","object_refs.[1]"]}]}""");
        MarkingFilter.Outcome r = f.decide("acme-soc", report);
        assertThat(r.reason()).isEqualTo(WithholdReason.REQUIRED_PROPERTY_MARKED);
        assertThat(r.detail()).contains("object_refs").contains("emptied");
        ((ArrayNode) report.path("granular_markings").get(0).path("selectors")).remove(1);
        ObjectNode one = f.outbound("acme-soc", report);
        assertThat(one.path("object_refs").toString()).isEqualTo("[\"campaign--83422c77-904c-4dc1-aff5-5c38f3a2c55c\"]");
        assertThat(one.has("granular_markings")).isFalse();
    }

    @Test
    void listElementsAndNestedPropertiesAreRedactedAndSelectorsReindexed() throws Exception {
        ObjectNode o = (ObjectNode) JSON.readTree("""
                {"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--7e33a43e-e34b-40ec-89da-36c9bb2cacd5",
                 "created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z","name":"Spear Phishing",
                 "object_marking_refs":["marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"],
                 "external_references":[
                   {"source_name":"capec","external_id":"CAPEC-163","url":"https://capec.example/163"},
                   {"source_name":"internal","description":"case 4711"},
                   {"source_name":"mitre-attack","external_id":"T1566.001","url":"https://attack.mitre.org/techniques/T1566/001"}],
                 "granular_markings":[
                   {"marking_ref":"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421","selectors":["external_references.[0].url","external_references.[1].source_name"]},
                   {"marking_ref":"marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487","selectors":["external_references.[2].url","external_references.[2]","name"]},
                   {"lang":"en","selectors":["external_references.[1].description","name"]}]}""");
        MarkingFilter.Outcome out = filter().decide("sector-isac", o);
        assertThat(out.action()).isEqualTo(MarkingFilter.Action.REDACT);
        ObjectNode r = out.object();
        // [0] lost its url but keeps source_name; [1] lost source_name, which an external reference cannot lack: it goes whole
        assertThat(r.path("external_references").toString()).isEqualTo(
                "[{\"source_name\":\"capec\",\"external_id\":\"CAPEC-163\"},"
                        + "{\"source_name\":\"mitre-attack\",\"external_id\":\"T1566.001\",\"url\":\"https://attack.mitre.org/techniques/T1566/001\"}]");
        assertThat(selectors(r, 0)).containsExactly("external_references.[1].url", "external_references.[1]", "name");
        assertThat(selectors(r, 1)).containsExactly("name");
        assertThat(r.path("granular_markings").get(1).path("lang").asText()).isEqualTo("en");
        assertSelectorsStillPointAtTheSameValues(o, r);
        assertThat(filter().outbound("peer-bank", o)).isSameAs(o);
    }

    @Test
    void malformedMarkingsWithholdTheObject() throws Exception {
        MarkingFilter f = filter();
        ObjectNode notList = indicator();
        notList.put("object_marking_refs", TlpLevel.GREEN.markingId());
        assertThat(f.decide("acme-soc", notList).reason()).isEqualTo(WithholdReason.MALFORMED_MARKINGS);
        for (String gm : new String[] {"{}", "[{\"marking_ref\":\"" + TlpLevel.RED.markingId() + "\"}]",
                "[{\"marking_ref\":\"" + TlpLevel.RED.markingId() + "\",\"selectors\":[\"a..b\"]}]",
                "[{\"marking_ref\":\"" + TlpLevel.RED.markingId() + "\",\"selectors\":[\"[0]\"]}]",
                "[{\"marking_ref\":7,\"selectors\":[\"name\"]}]", "[{\"selectors\":[\"name\"]}]", "[3]"}) {
            ObjectNode o = indicator(TlpLevel.GREEN.markingId());
            o.set("granular_markings", JSON.readTree(gm));
            assertThat(f.decide("acme-soc", o).reason()).as(gm).isEqualTo(WithholdReason.MALFORMED_MARKINGS);
        }
        assertThat(f.withheldCounts().get(WithholdReason.MALFORMED_MARKINGS)).isEqualTo(8);
    }

    @Test
    void outboundBundleCarriesTheTlp2DefinitionsItUses() throws Exception {
        ObjectNode example = corpus("tlp2/example-using-tlp2.0-green.json");
        ObjectNode out = filter().outboundBundle("sector-isac", example);
        List<String> ids = ids(out);
        assertThat(ids).contains("relationship--1621d4d4-b67d-11e3-9670-f01faf20d111", TlpLevel.GREEN.markingId());
        JsonNode md = null;
        for (JsonNode x : out.path("objects")) if (x.path("id").asText().equals(TlpLevel.GREEN.markingId())) md = x;
        assertThat(md).isEqualTo(TlpLevelTest.markingOf("tlp-green.json"));
        // to a CLEAR-only partner, the GREEN relationship and the unmarked (default GREEN) objects stay home
        assertThat(ids(filter().outboundBundle("vendor", example))).isEmpty();
    }

    @Test
    void inboundUnmarkedObjectsGetTheConfiguredDefault() throws Exception {
        MarkingFilter none = filter();
        ObjectNode o = indicator();
        assertThat(none.inbound(o)).isSameAs(o);
        MarkingFilter f = new MarkingFilter(SharingPolicy.parse(SharingPolicyTest.POLICY + "inbound_default_level: amber\n", true), new MarkingDefinitions());
        ObjectNode marked = f.inbound(o);
        assertThat(marked.path("object_marking_refs").toString()).isEqualTo("[\"" + TlpLevel.AMBER.markingId() + "\"]");
        assertThat(o.has("object_marking_refs")).isFalse();
        ObjectNode green = indicator(TlpLevel.GREEN.markingId());
        assertThat(f.inbound(green)).isSameAs(green);
        ObjectNode bundle = corpus("stix21/examples/oasis-cti-documentation/using-marking-definitions.json");
        MarkingDefinitions defs = new MarkingDefinitions();
        defs.learnBundle(bundle);
        MarkingFilter g = new MarkingFilter(SharingPolicy.parse(SharingPolicyTest.POLICY + "inbound_default_level: amber\n", true), defs);
        ObjectNode copyrightOnly = indicator("marking-definition--d81f86b9-975b-4c0b-875e-810c5ad45a4f");
        assertThat(g.inbound(copyrightOnly).path("object_marking_refs")).hasSize(2);
        ObjectNode md = (ObjectNode) bundle.path("objects").get(3);
        assertThat(g.inbound(md)).isSameAs(md);
    }

    private static List<String> ids(ObjectNode bundle) {
        List<String> ids = new ArrayList<>();
        for (JsonNode o : bundle.path("objects")) ids.add(o.path("id").asText());
        return ids;
    }

    private static List<String> selectors(ObjectNode o, int entry) {
        List<String> s = new ArrayList<>();
        for (JsonNode n : o.path("granular_markings").get(entry).path("selectors")) s.add(n.asText());
        return s;
    }

    /**
     * The property a kept selector names after redaction is the one it named before: each kept (marking, selector)
     * resolves in the redacted object to a value the same marking+some selector resolved to in the original.
     */
    private static void assertSelectorsStillPointAtTheSameValues(ObjectNode original, ObjectNode redacted) {
        for (JsonNode e : redacted.path("granular_markings")) {
            for (JsonNode s : e.path("selectors")) {
                Optional<JsonNode> now = GranularSelector.parse(s.asText()).orElseThrow().resolve(redacted);
                assertThat(now).as(s.asText()).isPresent();
                boolean found = false;
                for (JsonNode oe : original.path("granular_markings")) {
                    if (!oe.path("marking_ref").equals(e.path("marking_ref")) || !oe.path("lang").equals(e.path("lang"))) continue;
                    for (JsonNode os : oe.path("selectors")) {
                        Optional<JsonNode> then = GranularSelector.parse(os.asText()).orElseThrow().resolve(original);
                        if (then.isPresent() && then.get().equals(now.get())) found = true;
                    }
                }
                assertThat(found).as("selector " + s + " of " + e.path("marking_ref") + " points at a value it did not mark").isTrue();
            }
        }
    }
}

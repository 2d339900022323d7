package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.tlp.GranularSelector;
import dev.vigil.intel.tlp.MarkingDefinitions;
import dev.vigil.intel.tlp.MarkingFilter;
import dev.vigil.intel.tlp.PolicyException;
import dev.vigil.intel.tlp.SharingPolicy;
import dev.vigil.intel.tlp.TlpLevel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the outbound TLP filter on hostile STIX objects. An input is [1 byte: partner][JSON].
 * Must hold: nothing escapes; the input is never modified; nothing marked RED (object level) goes out; every
 * selector left in a redacted object resolves; and filtering the output again passes it unchanged (a redaction
 * leaves nothing the same partner may not see).
 */
class MarkingFilterFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] PARTNERS = {"acme-soc", "peer-bank", "sector-isac", "vendor"};
    private static final SharingPolicy POLICY;

    static {
        try {
            POLICY = SharingPolicy.parse("""
                    organisation: acme
                    default_level: green
                    partners:
                      - {id: acme-soc, organisation: acme, community: true, max_level: amber+strict}
                      - {id: peer-bank, community: true, max_level: amber}
                      - {id: sector-isac, community: true}
                    """, true);
        } catch (PolicyException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static Stream<Arguments> seeds() {
        String red = TlpLevel.RED.markingId();
        String amber = TlpLevel.AMBER.markingId();
        return Stream.of(
                FuzzSeeds.prefixed(2, "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--1\",\"created\":\"t\",\"modified\":\"t\","
                        + "\"name\":\"n\",\"description\":\"d\",\"indicator_types\":[\"a\",\"b\",\"c\"],\"pattern\":\"[x:y = 'z']\",\"pattern_type\":\"stix\","
                        + "\"valid_from\":\"t\",\"granular_markings\":[{\"marking_ref\":\"" + red + "\",\"selectors\":[\"description\",\"indicator_types.[0]\"]},"
                        + "{\"marking_ref\":\"" + TlpLevel.GREEN.markingId() + "\",\"selectors\":[\"indicator_types.[2]\",\"name\"]}]}"),
                FuzzSeeds.prefixed(1, "{\"type\":\"attack-pattern\",\"id\":\"attack-pattern--1\",\"name\":\"x\",\"object_marking_refs\":[\"" + amber + "\"],"
                        + "\"external_references\":[{\"source_name\":\"a\",\"url\":\"u\"},{\"source_name\":\"b\",\"hashes\":{\"SHA-256\":\"h\"}}],"
                        + "\"granular_markings\":[{\"marking_ref\":\"" + TlpLevel.AMBER_STRICT.markingId()
                        + "\",\"selectors\":[\"external_references.[1].hashes.SHA-256\",\"external_references.[0].source_name\"]},"
                        + "{\"lang\":\"de\",\"selectors\":[\"external_references.[1]\"]}]}"),
                FuzzSeeds.prefixed(0, "{\"type\":\"campaign\",\"id\":\"campaign--1\",\"name\":\"c\",\"labels\":[\"tlp:red\"],\"object_marking_refs\":[\"marking-definition--x\"]}"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void outbound(byte[] input) {
        if (input.length == 0) return;
        String partner = PARTNERS[(input[0] & 0xff) % PARTNERS.length];
        JsonNode tree;
        try {
            tree = JSON.readTree(Arrays.copyOfRange(input, 1, input.length));
        } catch (IOException e) {
            return;
        }
        if (tree == null || !tree.isObject()) return;
        ObjectNode object = (ObjectNode) tree;
        String before = object.toString();
        MarkingFilter filter = new MarkingFilter(POLICY, new MarkingDefinitions());
        MarkingFilter.Outcome o = filter.decide(partner, object);
        if (!object.toString().equals(before)) throw new IllegalStateException("input modified");
        if ((o.object() == null) != (o.action() == MarkingFilter.Action.WITHHOLD)) throw new IllegalStateException("outcome inconsistent: " + o);
        if (o.object() == null) return;
        for (JsonNode r : o.object().path("object_marking_refs")) {
            if (TlpLevel.fromMarkingId(r.asText()).orElse(null) == TlpLevel.RED) throw new IllegalStateException("RED object sent: " + o.object());
        }
        for (JsonNode l : o.object().path("labels")) {
            // a bare "red" label is a colour or a team, not a marking: only tlp: labels mark
            if (TlpLevel.looksLikeTlpLabel(l.asText()) && TlpLevel.fromLabel(l.asText()).orElse(null) == TlpLevel.RED) throw new IllegalStateException("RED label sent: " + o.object());
        }
        if (o.action() == MarkingFilter.Action.REDACT) {
            for (JsonNode e : o.object().path("granular_markings")) {
                for (JsonNode s : e.path("selectors")) {
                    if (GranularSelector.parse(s.asText()).flatMap(g -> g.resolve(o.object())).isEmpty()) {
                        throw new IllegalStateException("dangling selector " + s + " in " + o.object());
                    }
                }
            }
            MarkingFilter.Outcome again = filter.decide(partner, o.object());
            if (again.action() != MarkingFilter.Action.PASS) {
                throw new IllegalStateException("redacted output is not clean for " + partner + ": " + again + "\n" + new String(input, StandardCharsets.ISO_8859_1));
            }
        }
    }
}

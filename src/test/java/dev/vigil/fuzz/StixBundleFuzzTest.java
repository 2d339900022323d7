package dev.vigil.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.vigil.intel.stix.BundleReader;
import dev.vigil.intel.stix.StixFormatException;
import dev.vigil.intel.stix.StixIssue;
import dev.vigil.intel.stix.StixObject;
import dev.vigil.intel.stix.StixValidator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Coverage-guided fuzzing of the STIX bundle reader and validator: bundles arrive from partners and TAXII
 * servers we do not control. An input is [1 byte of options: bit 0 strict, bit 1 strict properties, bit 2
 * strict types, bit 3 extensions-use disabled][document bytes]. Must hold: only {@link StixFormatException}
 * leaves the reader; the validator never throws; every delivered object answers its accessors and re-serialises
 * to the same tree; the reader's count equals the objects delivered and stays under its bound.
 */
class StixBundleFuzzTest {
    private static final BundleReader.Limits LIMITS = new BundleReader.Limits(64 * 1024, 200, 32);

    static Stream<Arguments> seeds() {
        return Stream.of(
                FuzzSeeds.prefixed(1, "{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\"objects\":["
                        + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
                        + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"pattern_type\":\"stix\","
                        + "\"pattern\":\"[file:hashes.'SHA-256' = 'aa']\",\"valid_from\":\"2016-01-01T00:00:00Z\",\"valid_until\":\"2015-01-01T00:00:00Z\","
                        + "\"granular_markings\":[{\"marking_ref\":\"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da\",\"selectors\":[\"pattern\",\"x.[0]\"]}],"
                        + "\"object_marking_refs\":[\"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82\"],\"x_custom\":1},"
                        + "{\"type\":\"relationship\",\"spec_version\":\"2.1\",\"id\":\"relationship--44298a74-ba52-4f0c-87a3-1824e67d7fad\","
                        + "\"created\":\"2016-04-06T20:06:37.000Z\",\"modified\":\"2016-04-06T20:06:37.000Z\",\"relationship_type\":\"indicates\","
                        + "\"source_ref\":\"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\",\"target_ref\":\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\"}]}"),
                FuzzSeeds.prefixed(0, "[{\"type\":\"observed-data\",\"id\":\"observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf\",\"spec_version\":\"2.1\","
                        + "\"created\":\"2016-04-06T19:58:16.000Z\",\"modified\":\"2016-04-06T19:58:16.000Z\",\"first_observed\":\"2015-12-21T19:00:00Z\","
                        + "\"last_observed\":\"2015-12-21T19:00:00Z\",\"number_observed\":5,\"objects\":{\"0\":{\"type\":\"file\",\"name\":\"a\","
                        + "\"parent_directory_ref\":\"1\"},\"1\":{\"type\":\"directory\",\"path\":\"C:\\\\\"}}},"
                        + "{\"type\":\"network-traffic\",\"id\":\"network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d\",\"src_ref\":\"ipv4-addr--1\","
                        + "\"protocols\":[\"tcp\"],\"src_port\":70000,\"extensions\":{\"socket-ext\":{\"options\":{\"so_x\":1}},\"x-a-b-ext\":{}}}]"),
                FuzzSeeds.prefixed(12, "{\"more\":false,\"objects\":[{\"type\":\"marking-definition\",\"spec_version\":\"2.1\","
                        + "\"id\":\"marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421\",\"created\":\"2022-10-01T00:00:00.000Z\",\"name\":\"TLP:AMBER\","
                        + "\"extensions\":{\"extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d\":{\"extension_type\":\"property-extension\",\"tlp_2_0\":\"amber\"}}},"
                        + "{\"type\":\"x-mitre-tactic\",\"id\":\"x-mitre-tactic--1\",\"created\":\"x\",\"x_mitre_shortname\":\"a\"}]}"),
                // CI found this one: half a surrogate pair reached canonicalJson(); the reader now skips such objects
                FuzzSeeds.prefixed(0, "[{\"type\":\"note\",\"content\":\"\\ud800\"},{\"type\":\"note\",\"x_\\udfff\":\"\\ud83d\\ude00\"}]"))
                .map(b -> Arguments.of((Object) b));
    }

    @MethodSource("seeds")
    @FuzzTest
    void read(byte[] input) {
        if (input.length == 0) return;
        int mode = input[0] & 0xff;
        byte[] body = java.util.Arrays.copyOfRange(input, 1, input.length);
        StixValidator validator = new StixValidator(StixValidator.Options.DEFAULT.withStrict((mode & 1) != 0)
                .withStrictProperties((mode & 2) != 0).withStrictTypes((mode & 4) != 0)
                .withDisabled((mode & 8) != 0 ? Set.of("extensions-use") : Set.of())
                .withPatternCheck(p -> p.isEmpty() ? "empty pattern" : null));
        long[] delivered = {0};
        BundleReader.Result r;
        try {
            r = new BundleReader(LIMITS).read(new ByteArrayInputStream(body), o -> {
                delivered[0]++;
                check(o, validator);
            });
        } catch (StixFormatException e) {
            if (delivered[0] > LIMITS.maxObjects()) throw new IllegalStateException("bound passed before failing: " + delivered[0]);
            return;
        } catch (IOException e) {
            throw new IllegalStateException("undeclared I/O failure on an in-memory stream", e);
        }
        if (r.delivered() != delivered[0]) throw new IllegalStateException("reported " + r.delivered() + ", delivered " + delivered[0]);
        if (r.delivered() > LIMITS.maxObjects()) throw new IllegalStateException("more objects than the bound: " + r.delivered());
    }

    private static void check(StixObject o, StixValidator validator) {
        List<StixIssue> issues = validator.validate(o);
        for (StixIssue i : issues) {
            if (i.level() == null || i.check() == null || i.path() == null || i.message() == null) throw new IllegalStateException("incomplete issue " + i);
        }
        o.type();
        o.id();
        o.specVersion();
        o.versionKey();
        o.versionMicros();
        o.createdMicros();
        o.revoked();
        o.objectMarkingRefs();
        o.granularMarkings();
        o.confidence();
        o.labels();
        o.isSco();
        o.isSdo();
        o.isSro();
        o.isMarking();
        StixObject back = StixObject.parse(new String(o.json(), java.nio.charset.StandardCharsets.UTF_8));
        if (!back.equals(o)) throw new IllegalStateException("does not round-trip: " + o);
        try {
            o.canonicalJson();
        } catch (IllegalArgumentException e) {
            // JCS cannot express numbers outside the double range; that is the one declared refusal
            if (!String.valueOf(e.getMessage()).startsWith("JSON has no")) throw e;
        }
    }
}

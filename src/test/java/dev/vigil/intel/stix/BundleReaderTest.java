package dev.vigil.intel.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class BundleReaderTest {
    private static final String A = "{\"type\":\"identity\",\"spec_version\":\"2.1\",\"id\":\"identity--8ae20dde-83d4-4218-88fd-41ef0dabf9d1\","
            + "\"created\":\"2016-08-22T14:09:00.123Z\",\"modified\":\"2016-08-22T14:09:00.123Z\",\"name\":\"mitre.org\",\"x_custom\":{\"k\":[1,2.5,true,null]}}";
    private static final String B = "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd\",\"value\":\"198.51.100.3\"}";

    private static List<StixObject> read(String text, BundleReader.Result[] result) throws IOException {
        return read(text.getBytes(StandardCharsets.UTF_8), new BundleReader(), result);
    }

    private static List<StixObject> read(byte[] bytes, BundleReader reader, BundleReader.Result[] result) throws IOException {
        List<StixObject> out = new ArrayList<>();
        BundleReader.Result r = reader.read(new ByteArrayInputStream(bytes), out::add);
        if (result != null) result[0] = r;
        return out;
    }

    @Test
    void readsABundleWhateverTheKeyOrder() throws IOException {
        BundleReader.Result[] r = new BundleReader.Result[1];
        List<StixObject> objs = read("{\"objects\":[" + A + "," + B + "],\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\",\"type\":\"bundle\"}", r);
        assertThat(objs).extracting(StixObject::type).containsExactly("identity", "ipv4-addr");
        assertThat(r[0].shape()).isEqualTo(BundleReader.Shape.BUNDLE);
        assertThat(r[0].bundleId()).isEqualTo("bundle--44af6c39-c09b-49c5-9de2-394224b04982");
        assertThat(r[0].delivered()).isEqualTo(2);
        StixObject a = objs.get(0);
        assertThat(a.specVersion()).isEqualTo("2.1");
        assertThat(a.versionKey()).contains("2016-08-22T14:09:00.123Z");
        assertThat(a.modifiedMicros()).isEqualTo(1471874940123000L);
        assertThat(a.isSdo()).isTrue();
        assertThat(objs.get(1).isSco()).isTrue();
        assertThat(objs.get(1).versionKey()).isEmpty();
        assertThat(objs.get(1).specVersion()).as("absent spec_version means 2.0").isEqualTo("2.0");
        assertThat(a.get("x_custom").toString()).isEqualTo("{\"k\":[1,2.5,true,null]}");
    }

    @Test
    void readsEnvelopesArraysAndSingleObjects() throws IOException {
        BundleReader.Result[] r = new BundleReader.Result[1];
        assertThat(read("{\"more\":true,\"next\":\"abc\",\"objects\":[" + A + "]}", r)).hasSize(1);
        assertThat(r[0].shape()).isEqualTo(BundleReader.Shape.ENVELOPE);
        assertThat(r[0].envelopeMore()).isTrue();
        assertThat(r[0].envelopeNext()).isEqualTo("abc");
        assertThat(read("[" + A + "," + B + "]", r)).hasSize(2);
        assertThat(r[0].shape()).isEqualTo(BundleReader.Shape.ARRAY);
        assertThat(read(A, r)).singleElement().extracting(StixObject::id).isEqualTo("identity--8ae20dde-83d4-4218-88fd-41ef0dabf9d1");
        assertThat(r[0].shape()).isEqualTo(BundleReader.Shape.SINGLE);
        assertThat(read("{\"type\":\"bundle\",\"id\":\"bundle--44af6c39-c09b-49c5-9de2-394224b04982\"}", r)).isEmpty();
        assertThat(r[0].shape()).isEqualTo(BundleReader.Shape.BUNDLE);
    }

    @Test
    void detectsGzip() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
            gz.write(("[" + A + "," + B + "]").getBytes(StandardCharsets.UTF_8));
        }
        assertThat(read(b.toByteArray(), new BundleReader(), null)).hasSize(2);
        byte[] truncated = java.util.Arrays.copyOf(b.toByteArray(), b.size() - 12);
        assertThatThrownBy(() -> read(truncated, new BundleReader(), null)).isInstanceOf(StixFormatException.class);
    }

    @Test
    void malformedJsonReportsThePositionAndKeepsWhatWasDelivered() {
        List<StixObject> got = new ArrayList<>();
        String text = "{\"type\":\"bundle\",\"objects\":[" + A + ",\n" + B + ",\n{\"type\":\"x\",]}";
        assertThatThrownBy(() -> new BundleReader().read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), got::add))
                .isInstanceOfSatisfying(StixFormatException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.byteOffset()).isGreaterThan(A.length());
                    assertThat(e.getMessage()).contains("2 objects delivered");
                });
        assertThat(got).hasSize(2);
    }

    @Test
    void skipsNonObjectsAndObjectsWithDuplicateKeys() throws IOException {
        BundleReader.Result[] r = new BundleReader.Result[1];
        List<StixObject> objs = read("[1,\"x\",[]," + A + ",{\"type\":\"a\",\"type\":\"b\"}," + B + "]", r);
        assertThat(objs).hasSize(2);
        assertThat(r[0].skipped()).isEqualTo(4);

        // each skip is reported with its place, what was read and why; a nested duplicate counts too
        List<BundleReader.Skipped> skips = new ArrayList<>();
        String nested = "{\"type\":\"note\",\"id\":\"note--1\",\"x_ext\":{\"k\":1,\"k\":2}}";
        String longName = "{\"id\":\"note--2\",\"" + "n".repeat(100) + "\":1,\"" + "n".repeat(100) + "\":2}";
        new BundleReader().read(new ByteArrayInputStream(("{\"objects\":[" + A + ",7," + nested + ",{\"type\":\"a\",\"type\":\"b\"}," + longName + "]}")
                .getBytes(StandardCharsets.UTF_8)), o -> {}, skips::add);
        assertThat(skips).extracting(BundleReader.Skipped::index, BundleReader.Skipped::id, BundleReader.Skipped::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1L, "", "not a JSON object"),
                org.assertj.core.groups.Tuple.tuple(2L, "note--1", "duplicate property 'k' (I-JSON requires unique names)"),
                org.assertj.core.groups.Tuple.tuple(3L, "", "duplicate property 'type' (I-JSON requires unique names)"),
                org.assertj.core.groups.Tuple.tuple(4L, "note--2", "duplicate property '" + "n".repeat(64) + "…' (I-JSON requires unique names)"));
        assertThat(skips.get(0).object()).isNull();
        assertThat(skips.get(1).object().path("x_ext").path("k").asInt()).isEqualTo(2);
    }

    @Test
    void skipsObjectsWithALoneSurrogateButKeepsPairedOnes() throws IOException {
        // Escapes can spell half a UTF-16 pair; such an object has no canonical form (RFC 8785) to hash or sign.
        String lone = "{\"type\":\"note\",\"content\":\"a\\ud800b\"}";
        String loneName = "{\"type\":\"note\",\"x_\\udc00\":1}";
        String trailing = "{\"type\":\"note\",\"content\":[\"ok\",\"\\ud83d\"]}";
        String paired = "{\"type\":\"note\",\"content\":\"\\ud83d\\ude00\"}";
        BundleReader.Result[] r = new BundleReader.Result[1];
        List<StixObject> objs = read("[" + A + "," + lone + "," + loneName + "," + trailing + "," + paired + "]", r);
        assertThat(objs).hasSize(2);
        assertThat(r[0].skipped()).isEqualTo(3);
        assertThat(objs.get(1).get("content").textValue()).isEqualTo("\uD83D\uDE00");
        assertThat(objs.get(1).canonicalJson()).isNotEmpty();
        assertThatThrownBy(() -> read(lone, null)).isInstanceOf(StixFormatException.class).hasMessageContaining("lone surrogate");
    }

    @Test
    void enforcesItsBounds() {
        String big = "[{\"type\":\"note\",\"content\":\"" + "x".repeat(5000) + "\",\"more\":1}]";
        assertThatThrownBy(() -> read(big.getBytes(StandardCharsets.UTF_8), new BundleReader(new BundleReader.Limits(1000, 10, 64)), null))
                .isInstanceOf(StixFormatException.class).hasMessageContaining("larger than 1000");
        assertThatThrownBy(() -> read(("[" + A + "," + A + "," + A + "]").getBytes(StandardCharsets.UTF_8),
                new BundleReader(new BundleReader.Limits(1 << 20, 2, 64)), null))
                .isInstanceOf(StixFormatException.class).hasMessageContaining("more than 2 objects");
        String deep = "[{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}]";
        assertThatThrownBy(() -> read(deep.getBytes(StandardCharsets.UTF_8), new BundleReader(new BundleReader.Limits(1 << 20, 10, 50)), null))
                .isInstanceOf(StixFormatException.class).hasMessageContaining("nesting");
        assertThatThrownBy(() -> read("", null)).isInstanceOf(StixFormatException.class);
        assertThatThrownBy(() -> read("42", null)).isInstanceOf(StixFormatException.class);
        assertThatThrownBy(() -> read("[] []", null)).isInstanceOf(StixFormatException.class);
        assertThatThrownBy(() -> read("{\"type\":\"indicator\",\"objects\":[]}", null)).isInstanceOf(StixFormatException.class);
    }

    @Test
    void writerRoundTripsThroughTheReader() throws IOException {
        List<StixObject> objs = read("[" + A + "," + B + "]", null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (BundleWriter w = new BundleWriter(out, "bundle--44af6c39-c09b-49c5-9de2-394224b04982")) {
            for (StixObject o : objs) w.write(o);
            assertThat(w.written()).isEqualTo(2);
        }
        BundleReader.Result[] r = new BundleReader.Result[1];
        List<StixObject> back = read(out.toByteArray(), new BundleReader(), r);
        assertThat(back).isEqualTo(objs);
        assertThat(r[0].bundleId()).isEqualTo("bundle--44af6c39-c09b-49c5-9de2-394224b04982");
        assertThat(r[0].bundleSpecVersion()).as("a 2.1 bundle has no spec_version").isNull();
        assertThat(StixValidator.hasErrors(new StixValidator().validateDocument(new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray()))))
                .isFalse();
    }
}

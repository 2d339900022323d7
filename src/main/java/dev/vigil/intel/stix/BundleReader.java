package dev.vigil.intel.stix;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Streams the objects of a STIX document one tree at a time, so a 46 MB ATT&CK bundle never sits in memory
 * whole. Accepts a bundle {@code {"type":"bundle","objects":[...]}} (keys in any order), a TAXII envelope
 * {@code {"objects":[...], "more":...}}, a bare JSON array of objects, or a single object; gzip is recognised
 * by its magic bytes. Objects already handed to the consumer stay handed over when a later part is broken:
 * the error then says where the reader stopped.
 */
public final class BundleReader {
    /** Bounds against hostile input: one object's size in bytes, the number of objects, nesting depth. */
    public record Limits(long maxObjectBytes, long maxObjects, int maxDepth) {
        public static final Limits DEFAULT = new Limits(16L << 20, 5_000_000, 64);
    }

    /** What the document was. */
    public enum Shape { BUNDLE, ENVELOPE, ARRAY, SINGLE }

    /**
     * @param delivered objects passed to the consumer
     * @param skipped array elements that were not usable objects (not a JSON object, duplicate keys, a lone
     *                UTF-16 surrogate in a name or string)
     * @param bundleId the bundle's id, null when not a bundle
     * @param bundleSpecVersion a bundle-level spec_version (STIX 2.0 bundles carry one; 2.1 bundles must not)
     * @param envelopeMore TAXII envelope {@code more}, null when absent
     * @param envelopeNext TAXII envelope {@code next}, null when absent
     */
    public record Result(Shape shape, long delivered, long skipped, String bundleId, String bundleSpecVersion,
                         Boolean envelopeMore, String envelopeNext) {}

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(200).maxNumberLength(1000).maxStringLength(64 << 20).maxNameLength(50_000).build())
            .build();

    private final Limits limits;

    public BundleReader(Limits limits) {
        this.limits = limits;
    }

    public BundleReader() {
        this(Limits.DEFAULT);
    }

    /**
     * An element of the objects array that was not delivered: {@code object} is what was read (null when the
     * element is not a JSON object), {@code reason} says why, {@code index} is its place in the array.
     */
    public record Skipped(long index, ObjectNode object, String reason) {
        /** The object's id when it has a readable one, else "". */
        public String id() {
            return object != null && object.path("id").isTextual() ? object.get("id").textValue() : "";
        }
    }

    public Result read(InputStream raw, Consumer<StixObject> consumer) throws IOException {
        return read(raw, consumer, s -> {});
    }

    /** As {@link #read(InputStream, Consumer)}, also telling {@code skips} each element that was skipped, and why. */
    public Result read(InputStream raw, Consumer<StixObject> consumer, Consumer<Skipped> skips) throws IOException {
        return parse(maybeGunzip(raw), consumer, skips);
    }

    /**
     * As {@link #read(InputStream, Consumer, Consumer)} without recognising gzip: for bodies whose size was
     * bounded before reading (a TAXII request), which decompressing would unbound.
     */
    public Result readPlain(InputStream in, Consumer<StixObject> consumer, Consumer<Skipped> skips) throws IOException {
        return parse(in, consumer, skips);
    }

    private Result parse(InputStream in, Consumer<StixObject> consumer, Consumer<Skipped> skips) throws IOException {
        Run run = new Run(consumer, skips);
        try (JsonParser p = FACTORY.createParser(in)) {
            run.p = p;
            return run.document();
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw new StixFormatException("malformed JSON: " + e.getOriginalMessage() + "; " + run.delivered + " objects delivered before",
                    l == null ? -1 : l.getByteOffset(), l == null ? -1 : l.getLineNr(), l == null ? -1 : l.getColumnNr(), e);
        } catch (ZipException | EOFException e) {
            throw new StixFormatException("corrupt or truncated compressed input: " + e.getMessage() + "; " + run.delivered
                    + " objects delivered before", -1, -1, -1, e);
        } catch (java.io.CharConversionException | java.nio.charset.CharacterCodingException e) {
            // Jackson's encoding auto-detection (UTF-16/32) reports undecodable text as a plain IOException.
            throw new StixFormatException("undecodable text: " + e.getMessage() + "; " + run.delivered + " objects delivered before",
                    -1, -1, -1, e);
        }
    }

    private static InputStream maybeGunzip(InputStream raw) throws IOException {
        BufferedInputStream b = new BufferedInputStream(raw, 1 << 16);
        b.mark(2);
        int a = b.read(), c = b.read();
        b.reset();
        if (a == 0x1f && c == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new StixFormatException("corrupt gzip header: " + e.getMessage());
            }
        }
        return b;
    }

    private final class Run {
        private final Consumer<StixObject> consumer;
        private final Consumer<Skipped> skips;
        private JsonParser p;
        private long delivered, skipped;
        private long objectStart;

        Run(Consumer<StixObject> consumer, Consumer<Skipped> skips) {
            this.consumer = consumer;
            this.skips = skips;
        }

        Result document() throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) throw error("empty input");
            Result r;
            if (t == JsonToken.START_ARRAY) {
                elements();
                r = new Result(Shape.ARRAY, delivered, skipped, null, null, null, null);
            } else if (t == JsonToken.START_OBJECT) {
                r = topObject();
            } else {
                throw error("a STIX document is a JSON object or array, found " + t);
            }
            if (p.nextToken() != null) throw error("content after the end of the document");
            return r;
        }

        /** The top-level object: either a container whose "objects" array streams, or one STIX object. */
        private Result topObject() throws IOException {
            objectStart = p.currentLocation().getByteOffset();
            ObjectNode top = JsonNodeFactory.instance.objectNode();
            boolean container = false, duplicate = false;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                if (name.equals("objects") && v == JsonToken.START_ARRAY && !container) {
                    container = true;
                    elements();
                    objectStart = p.currentLocation().getByteOffset();
                    continue;
                }
                if (top.has(name) || IJson.hasLoneSurrogate(name)) duplicate = true;
                unfit = false;
                top.set(name, value(v, 1));
                duplicate |= unfit;
            }
            String type = top.path("type").isTextual() ? top.get("type").textValue() : null;
            if (container) {
                if (type != null && !type.equals("bundle")) {
                    throw error("top-level object of type '" + type + "' has an 'objects' array; expected a bundle or TAXII envelope");
                }
                String id = top.path("id").isTextual() ? top.get("id").textValue() : null;
                String sv = top.path("spec_version").isTextual() ? top.get("spec_version").textValue() : null;
                Boolean more = top.path("more").isBoolean() ? top.get("more").booleanValue() : null;
                String next = top.path("next").isTextual() ? top.get("next").textValue() : null;
                return new Result(type == null ? Shape.ENVELOPE : Shape.BUNDLE, delivered, skipped, id, sv, more, next);
            }
            if ("bundle".equals(type)) {
                // A bundle without objects (allowed by the spec) delivers nothing.
                return new Result(Shape.BUNDLE, 0, 0, top.path("id").isTextual() ? top.get("id").textValue() : null,
                        top.path("spec_version").isTextual() ? top.get("spec_version").textValue() : null, null, null);
            }
            if (duplicate) throw error("duplicate property or lone surrogate in the object");
            deliver(top);
            return new Result(Shape.SINGLE, delivered, skipped, null, null, null, null);
        }

        /** Positioned on START_ARRAY; consumes up to and including END_ARRAY. */
        private void elements() throws IOException {
            for (long index = 0; ; index++) {
                JsonToken t = p.nextToken();
                if (t == JsonToken.END_ARRAY) break;
                if (t == null) throw error("input ends inside the objects array");
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    skip(index, null, "not a JSON object");
                    continue;
                }
                objectStart = p.currentLocation().getByteOffset();
                unfit = false;
                unfitReason = null;
                ObjectNode o = (ObjectNode) value(t, 1);
                if (unfit) {
                    skip(index, o, unfitReason);
                    continue;
                }
                deliver(o);
            }
        }

        /**
         * The object being read has duplicate keys or a lone surrogate (an escaped {@code \\ud800} with no pair).
         * Neither is I-JSON: the object has no RFC 8785 canonical form, so it could not be hashed, signed or
         * given a deterministic id, and which duplicate wins differs between readers. It is skipped, not delivered.
         */
        private boolean unfit;
        /** Why the object is unfit: its first duplicate key or lone surrogate. */
        private String unfitReason;

        private void skip(long index, ObjectNode o, String reason) {
            skipped++;
            skips.accept(new Skipped(index, o, reason));
        }

        private void unfit(String reason) {
            if (!unfit) unfitReason = reason;
            unfit = true;
        }

        private void deliver(ObjectNode o) throws StixFormatException {
            if (delivered >= limits.maxObjects()) throw error("more than " + limits.maxObjects() + " objects");
            delivered++;
            consumer.accept(StixObject.adopt(o));
        }

        /** Builds the tree of the value whose first token is {@code t}, checking the size and depth bounds as it goes. */
        private JsonNode value(JsonToken t, int depth) throws IOException {
            if (t == null) throw error("input ends inside a value");
            if (depth > limits.maxDepth()) throw error("nesting deeper than " + limits.maxDepth());
            JsonNodeFactory f = JsonNodeFactory.instance;
            switch (t) {
                case START_OBJECT -> {
                    ObjectNode o = f.objectNode();
                    for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                        String name = p.currentName();
                        JsonNode v = value(p.nextToken(), depth + 1);
                        if (o.has(name)) unfit("duplicate property '" + IJson.clip(name) + "' (I-JSON requires unique names)");
                        else if (IJson.hasLoneSurrogate(name)) unfit(IJson.LONE_SURROGATE);
                        o.set(name, v);
                        checkSize();
                    }
                    return o;
                }
                case START_ARRAY -> {
                    ArrayNode a = f.arrayNode();
                    for (JsonToken k = p.nextToken(); k != JsonToken.END_ARRAY; k = p.nextToken()) {
                        if (k == null) throw error("input ends inside an array");
                        a.add(value(k, depth + 1));
                        checkSize();
                    }
                    return a;
                }
                case VALUE_STRING -> {
                    String text = p.getText();
                    if (IJson.hasLoneSurrogate(text)) unfit(IJson.LONE_SURROGATE);
                    return f.textNode(text);
                }
                case VALUE_NUMBER_INT -> {
                    return switch (p.getNumberType()) {
                        case INT -> f.numberNode(p.getIntValue());
                        case LONG -> f.numberNode(p.getLongValue());
                        default -> f.numberNode(p.getBigIntegerValue());
                    };
                }
                case VALUE_NUMBER_FLOAT -> {
                    double d = p.getDoubleValue();
                    // STIX numbers are IEEE doubles (and JCS can only express those); larger literals are not data.
                    if (!Double.isFinite(d)) throw error("number outside the double range");
                    return f.numberNode(d);
                }
                case VALUE_TRUE -> {
                    return f.booleanNode(true);
                }
                case VALUE_FALSE -> {
                    return f.booleanNode(false);
                }
                case VALUE_NULL -> {
                    return f.nullNode();
                }
                default -> throw error("unexpected " + t);
            }
        }

        private void checkSize() throws StixFormatException {
            long size = p.currentLocation().getByteOffset() - objectStart;
            if (size > limits.maxObjectBytes()) throw error("object larger than " + limits.maxObjectBytes() + " bytes");
        }

        private StixFormatException error(String message) {
            JsonLocation l = p.currentLocation();
            return new StixFormatException(message + "; " + delivered + " objects delivered before", l.getByteOffset(), l.getLineNr(),
                    l.getColumnNr(), null);
        }
    }
}

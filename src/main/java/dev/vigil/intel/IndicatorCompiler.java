package dev.vigil.intel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.detect.ioc.Atom;
import dev.vigil.detect.ioc.IndicatorField;
import dev.vigil.detect.ioc.IndicatorInfo;
import dev.vigil.intel.stix.pattern.ComparisonExpression;
import dev.vigil.intel.stix.pattern.ComparisonOperator;
import dev.vigil.intel.stix.pattern.Literal;
import dev.vigil.intel.stix.pattern.ObjectPath;
import dev.vigil.intel.stix.pattern.ObservationExpression;
import dev.vigil.intel.stix.pattern.StixPattern;
import dev.vigil.intel.stix.pattern.StixPatternException;
import dev.vigil.store.StixTime;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a STIX indicator into what the sensor matches per record. The part of a pattern that one record
 * decides compiles: observations joined by OR, each comparison expression expanded into clauses (any
 * clause; every comparison of a clause in one record), each comparison into an {@link Atom} on a field
 * the records carry (the table in docs/INTEL.md). What one record cannot decide — FOLLOWEDBY, AND across
 * observations, WITHIN/REPEATS, NOT, ordering and regex operators, paths no record carries — is not
 * approximated: a clause with such a comparison is dropped (a dropped clause can only miss, never
 * mis-fire), and an indicator left with no clause is refused with the reason. Type guards that the
 * field already implies ({@code network-traffic:dst_ref.type = 'ipv4-addr'}) are satisfied by the field.
 */
public final class IndicatorCompiler {
    private IndicatorCompiler() {}

    /** Clause explosion bound: {@code [a IN (..200..) AND b IN (..200..)]} would be 40,000 clauses. */
    static final int MAX_CLAUSES = 1024;

    /** An indicator compiled, or the reason it was not. */
    public record Result(CompiledIndicator indicator, String refused, int droppedClauses) {
        static Result refused(String why) {
            return new Result(null, why, 0);
        }
    }

    /** Thrown inside the compiler for a comparison no record can decide. */
    private static final class Unsupported extends Exception {
        Unsupported(String m) {
            super(m, null, false, false);
        }
    }

    private static final Object GUARD = new Object();

    /**
     * Compiles {@code indicator} as of {@code now}: revoked, expired and not-yet-valid indicators are
     * refused (they must not alert); {@code techniques} are the ATT&CK ids it indicates (from its
     * relationships, which the caller resolved).
     */
    public static Result compile(JsonNode indicator, Instant now, List<String> techniques) {
        if (!"indicator".equals(indicator.path("type").asText())) return Result.refused("not an indicator");
        String id = indicator.path("id").asText("");
        if (id.isEmpty()) return Result.refused("no id");
        if (indicator.path("revoked").asBoolean(false)) return Result.refused("revoked");
        String type = indicator.path("pattern_type").asText("stix");
        if (!type.equals("stix")) return Result.refused("pattern_type " + type + " is not matched by the indicator engine");
        try {
            Instant until = time(indicator, "valid_until");
            if (until != null && !until.isAfter(now)) return Result.refused("expired (valid_until " + indicator.path("valid_until").asText() + ")");
            Instant from = time(indicator, "valid_from");
            if (from != null && from.isAfter(now)) return Result.refused("not valid before " + indicator.path("valid_from").asText());
        } catch (DateTimeParseException e) {
            return Result.refused("bad timestamp: " + e.getParsedString());
        }
        StixPattern pattern;
        try {
            pattern = StixPattern.parse(indicator.path("pattern").asText(""));
        } catch (StixPatternException e) {
            return Result.refused("pattern does not parse: " + e.getMessage());
        }
        List<ObservationExpression.Observation> observations = new ArrayList<>();
        if (!alternatives(pattern.root(), observations)) {
            return Result.refused("pattern needs several observations together (AND, FOLLOWEDBY, WITHIN, REPEATS, START/STOP): not decided by one record");
        }
        List<List<Atom>> clauses = new ArrayList<>();
        int dropped = 0;
        String lastReason = null;
        for (ObservationExpression.Observation o : observations) {
            List<List<Object>> dnf;
            try {
                dnf = dnf(o.comparison());
            } catch (Unsupported e) {
                dropped++;
                lastReason = e.getMessage();
                continue;
            }
            for (List<Object> c : dnf) {
                List<Atom> atoms = new ArrayList<>();
                for (Object x : c) if (x instanceof Atom a) atoms.add(a);
                if (atoms.isEmpty()) {
                    dropped++;
                    lastReason = "a clause of type guards only would match everything";
                    continue;
                }
                clauses.add(atoms);
            }
        }
        if (clauses.isEmpty()) return Result.refused(lastReason == null ? "nothing to match" : lastReason);
        List<String> labels = new ArrayList<>();
        for (JsonNode l : indicator.path("labels")) labels.add(l.asText());
        for (JsonNode l : indicator.path("indicator_types")) if (!labels.contains(l.asText())) labels.add(l.asText());
        List<String> ttps = new ArrayList<>();
        for (String t : techniques) if (t.matches("T[0-9]{4}(\\.[0-9]{3})?") && !ttps.contains(t)) ttps.add(t);
        for (JsonNode r : indicator.path("external_references")) {
            String ext = r.path("external_id").asText("");
            if (r.path("source_name").asText("").equals("mitre-attack") && ext.matches("T[0-9]{4}(\\.[0-9]{3})?") && !ttps.contains(ext)) ttps.add(ext);
        }
        IndicatorInfo info = new IndicatorInfo(id, indicator.hasNonNull("name") ? indicator.path("name").asText() : null,
                indicator.hasNonNull("valid_until") ? indicator.path("valid_until").asText() : null,
                indicator.has("confidence") ? Math.clamp(indicator.path("confidence").asInt(-1), -1, 100) : -1, labels, ttps);
        return new Result(new CompiledIndicator(info, clauses), null, dropped);
    }

    private static Instant time(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : StixTime.instant(v.asText());
    }

    /** The observations one of which must hold, when the pattern is only that; false otherwise. */
    private static boolean alternatives(ObservationExpression e, List<ObservationExpression.Observation> out) {
        return switch (e) {
            case ObservationExpression.Observation o -> out.add(o);
            case ObservationExpression.Combination c -> {
                if (c.op() != ObservationExpression.Op.OR) yield false;
                for (ObservationExpression x : c.operands()) if (!alternatives(x, out)) yield false;
                yield true;
            }
            case ObservationExpression.Qualified q -> false;
        };
    }

    /** Disjunctive normal form of a comparison expression: clauses of atoms (or guards). */
    private static List<List<Object>> dnf(ComparisonExpression e) throws Unsupported {
        return switch (e) {
            case ComparisonExpression.Comparison c -> {
                List<List<Object>> out = new ArrayList<>();
                for (Object a : atoms(c)) out.add(List.of(a));
                yield out;
            }
            case ComparisonExpression.Exists x -> throw new Unsupported("EXISTS is not decided per record: " + x);
            case ComparisonExpression.Junction j -> {
                if (j.op() == ComparisonExpression.Op.OR) {
                    List<List<Object>> out = new ArrayList<>();
                    Unsupported last = null;
                    for (ComparisonExpression o : j.operands()) {
                        try {
                            out.addAll(dnf(o));
                        } catch (Unsupported u) {
                            // an alternative that cannot be decided only loses that alternative
                            last = u;
                        }
                        if (out.size() > MAX_CLAUSES) throw new Unsupported("more than " + MAX_CLAUSES + " alternatives");
                    }
                    if (out.isEmpty() && last != null) throw last;
                    yield out;
                }
                List<List<Object>> acc = List.of(List.of());
                for (ComparisonExpression o : j.operands()) {
                    List<List<Object>> next = new ArrayList<>();
                    for (List<Object> left : acc) {
                        for (List<Object> right : dnf(o)) {
                            List<Object> c = new ArrayList<>(left);
                            c.addAll(right);
                            next.add(c);
                            if (next.size() > MAX_CLAUSES) throw new Unsupported("more than " + MAX_CLAUSES + " alternatives");
                        }
                    }
                    acc = next;
                }
                yield acc;
            }
        };
    }

    /** The atoms a comparison is any one of (IN gives several), or the guard marker. */
    private static List<Object> atoms(ComparisonExpression.Comparison c) throws Unsupported {
        if (c.negated()) throw new Unsupported("NOT is not decided per record: " + c);
        ObjectPath p = c.path();
        String path = pathText(p);
        if (path.endsWith("_ref.type") && c.operator() == ComparisonOperator.EQ) return List.of(GUARD);
        IndicatorField f = FIELDS.get(p.objectType() + ":" + path);
        if (f == null) f = customField(p.objectType(), path);
        if (f == null) throw new Unsupported("no record carries " + p);
        List<Object> out = new ArrayList<>();
        try {
            switch (c.operator()) {
                case EQ -> out.add(Atom.equal(f, text(c.value())));
                case IN -> {
                    if (!(c.value() instanceof Literal.Set s)) throw new Unsupported("IN without a list: " + c);
                    for (Literal m : s.members()) out.add(Atom.equal(f, text(m)));
                }
                case ISSUBSET -> {
                    if (!f.equals(IndicatorField.IP) && !f.equals(IndicatorField.SRC_IP) && !f.equals(IndicatorField.DST_IP)) throw new Unsupported("ISSUBSET on " + p);
                    out.add(Atom.block(f, text(c.value())));
                }
                case LIKE -> out.add(like(f, text(c.value()), c));
                default -> throw new Unsupported(c.operator() + " is not matched at line rate: " + c);
            }
        } catch (IllegalArgumentException e) {
            throw new Unsupported(e.getMessage());
        }
        return out;
    }

    /** LIKE that is an equality (no wildcard) or "the name or any name under it" ({@code '%.example.com'}). */
    private static Atom like(IndicatorField f, String v, ComparisonExpression.Comparison c) throws Unsupported {
        if (v.indexOf('%') < 0 && v.indexOf('_') < 0) return Atom.equal(f, v);
        if (f == IndicatorField.DOMAIN && v.startsWith("%.") && v.indexOf('%', 1) < 0 && v.indexOf('_') < 0) return Atom.underDomain(v.substring(2));
        throw new Unsupported("LIKE with wildcards inside is not matched at line rate: " + c);
    }

    private static String text(Literal l) throws Unsupported {
        return switch (l) {
            case Literal.Text t -> t.value();
            case Literal.Int i -> Long.toString(i.value());
            default -> throw new Unsupported("a " + l.getClass().getSimpleName().toLowerCase(Locale.ROOT) + " literal where a value is compared");
        };
    }

    /** The path after the type, with list steps written {@code [*]} and quoted keys bare: the key of {@link #FIELDS}. */
    private static String pathText(ObjectPath p) {
        StringBuilder s = new StringBuilder();
        for (ObjectPath.Step st : p.steps()) {
            switch (st) {
                case ObjectPath.Key k -> {
                    if (!s.isEmpty()) s.append('.');
                    s.append(k.name());
                }
                case ObjectPath.Index i -> s.append("[*]");
                case ObjectPath.AnyIndex a -> s.append("[*]");
            }
        }
        return s.toString();
    }

    private static final Map<String, IndicatorField> FIELDS = Map.ofEntries(
            Map.entry("ipv4-addr:value", IndicatorField.IP),
            Map.entry("ipv6-addr:value", IndicatorField.IP),
            Map.entry("network-traffic:src_ref.value", IndicatorField.SRC_IP),
            Map.entry("network-traffic:dst_ref.value", IndicatorField.DST_IP),
            Map.entry("network-traffic:src_port", IndicatorField.SRC_PORT),
            Map.entry("network-traffic:dst_port", IndicatorField.DST_PORT),
            Map.entry("domain-name:value", IndicatorField.DOMAIN),
            Map.entry("url:value", IndicatorField.URL),
            Map.entry("network-traffic:extensions.http-request-ext.request_header.User-Agent", IndicatorField.USER_AGENT),
            Map.entry("file:hashes.MD5", IndicatorField.MD5),
            Map.entry("file:hashes.SHA-1", IndicatorField.SHA1),
            Map.entry("file:hashes.SHA1", IndicatorField.SHA1),
            Map.entry("file:hashes.SHA-256", IndicatorField.SHA256),
            Map.entry("file:hashes.SHA256", IndicatorField.SHA256),
            Map.entry("file:hashes.SHA-512", IndicatorField.SHA512),
            Map.entry("file:hashes.SHA512", IndicatorField.SHA512),
            Map.entry("file:name", IndicatorField.FILE_NAME),
            Map.entry("artifact:hashes.MD5", IndicatorField.MD5),
            Map.entry("artifact:hashes.SHA-1", IndicatorField.SHA1),
            Map.entry("artifact:hashes.SHA-256", IndicatorField.SHA256),
            Map.entry("x509-certificate:hashes.SHA-1", IndicatorField.X509_SHA1),
            Map.entry("x509-certificate:serial_number", IndicatorField.X509_SERIAL),
            Map.entry("x509-certificate:subject", IndicatorField.X509_SUBJECT),
            Map.entry("x509-certificate:issuer", IndicatorField.X509_ISSUER),
            Map.entry("email-addr:value", IndicatorField.EMAIL),
            Map.entry("email-message:from_ref.value", IndicatorField.EMAIL),
            Map.entry("email-message:sender_ref.value", IndicatorField.EMAIL),
            Map.entry("email-message:to_refs[*].value", IndicatorField.EMAIL),
            Map.entry("email-message:cc_refs[*].value", IndicatorField.EMAIL),
            Map.entry("network-traffic:x_ja3", IndicatorField.JA3),
            Map.entry("network-traffic:x_ja3s", IndicatorField.JA3S),
            Map.entry("network-traffic:x_ja4", IndicatorField.JA4),
            // MISP's JA3 attribute as its converter writes it (STIX has no property for it)
            Map.entry("network-traffic:x_misp_ja3_fingerprint_md5", IndicatorField.JA3));

    /**
     * TLS fingerprints, which STIX has no object for: the custom object types producers use for them
     * ({@code ja3:value}, {@code x-ja3:hash}, {@code x-ja4-fingerprint:value}, ...).
     */
    private static IndicatorField customField(String type, String path) {
        if (!path.equals("value") && !path.equals("hash") && !path.equals("fingerprint")) return null;
        String t = type.startsWith("x-") ? type.substring(2) : type;
        if (t.endsWith("-fingerprint")) t = t.substring(0, t.length() - "-fingerprint".length());
        return switch (t) {
            case "ja3" -> IndicatorField.JA3;
            case "ja3s" -> IndicatorField.JA3S;
            case "ja4" -> IndicatorField.JA4;
            default -> null;
        };
    }
}

package dev.vigil.intel;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.detect.ioc.IndicatorSightings;
import dev.vigil.intel.stix.StixIds;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the sensor saw of an indicator, as STIX: a {@code sighting} of the indicator (count, first and last
 * seen in packet time, where: our identity) and the {@code observed-data} that backs it, whose SCOs are the
 * values that matched (addresses, names, URLs, hashes) — never our own hosts: a sighting goes back to the
 * partner who shared the indicator, and which of our machines touched it is ours to tell.
 */
public final class SightingMaker {
    private SightingMaker() {}

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter STIX = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    public static List<ObjectNode> make(List<IndicatorSightings.Sighting> sightings, String identityId, Instant now) {
        List<ObjectNode> out = new ArrayList<>();
        String created = STIX.format(now.truncatedTo(ChronoUnit.MILLIS));
        Map<String, ObjectNode> scos = new LinkedHashMap<>();
        for (IndicatorSightings.Sighting s : sightings) {
            String first = STIX.format(Instant.ofEpochSecond(0, s.firstNanos()));
            String last = STIX.format(Instant.ofEpochSecond(0, s.lastNanos()));
            List<String> refs = new ArrayList<>();
            for (String v : s.values()) {
                ObjectNode sco = sco(v);
                if (sco == null) continue;
                String id = sco.path("id").asText();
                scos.putIfAbsent(id, sco);
                if (!refs.contains(id)) refs.add(id);
            }
            ObjectNode sighting = sdo("sighting", created, identityId);
            sighting.put("sighting_of_ref", s.indicator().id());
            sighting.put("count", Math.min(s.count(), 999_999_999L));
            sighting.put("first_seen", first);
            sighting.put("last_seen", last);
            sighting.putArray("where_sighted_refs").add(identityId);
            if (!refs.isEmpty()) {
                ObjectNode od = sdo("observed-data", created, identityId);
                od.put("first_observed", first);
                od.put("last_observed", last);
                od.put("number_observed", Math.max(1, Math.min(s.count(), 999_999_999L)));
                refs.forEach(od.putArray("object_refs")::add);
                sighting.putArray("observed_data_refs").add(od.path("id").asText());
                out.add(od);
            }
            out.add(sighting);
        }
        out.addAll(0, scos.values());
        return out;
    }

    private static ObjectNode sdo(String type, String created, String identityId) {
        ObjectNode n = F.objectNode();
        n.put("type", type).put("spec_version", "2.1").put("id", StixIds.random(type)).put("created", created).put("modified", created);
        n.put("created_by_ref", identityId);
        return n;
    }

    /** The SCO for a matched value, told apart by its shape (the field is not kept per value), or null. */
    static ObjectNode sco(String v) {
        ObjectNode n = F.objectNode();
        if (v.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) n.put("type", "ipv4-addr").put("value", v);
        else if (v.indexOf(':') >= 0 && v.matches("[0-9a-fA-F:.]+")) n.put("type", "ipv6-addr").put("value", v);
        else if (v.contains("://")) n.put("type", "url").put("value", v);
        else if (v.indexOf('@') > 0) n.put("type", "email-addr").put("value", v);
        else if (v.matches("[0-9a-f]{64}")) n.put("type", "file").putObject("hashes").put("SHA-256", v);
        else if (v.matches("[0-9a-f]{40}")) n.put("type", "file").putObject("hashes").put("SHA-1", v);
        else if (v.matches("[0-9a-z._-]+\\.[a-z0-9-]+")) n.put("type", "domain-name").put("value", v);
        else return null;
        n.put("spec_version", "2.1");
        n.put("id", StixIds.forSco(n));
        return n;
    }
}

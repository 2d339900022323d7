package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.detect.attack.AttackTechniques;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code alert} object of Vigil's own findings (behaviour, indicators, decoys), in Suricata's layout:
 * gid 1, rev 1, the technique ids in {@code mitre} and, as ET rules carry them, ids and ATT&CK names in
 * {@code metadata}, with the detector that found it and what names the finding's source.
 */
final class AlertObject {
    private AlertObject() {}

    static void write(JsonGenerator g, int sid, String signature, String category, int severity, Collection<String> techniques, String detector,
                      Map<String, List<String>> metadata) throws IOException {
        g.writeObjectFieldStart("alert");
        g.writeStringField("action", "allowed");
        g.writeNumberField("gid", 1);
        g.writeNumberField("signature_id", sid);
        g.writeNumberField("rev", 1);
        g.writeStringField("signature", signature);
        g.writeStringField("category", category);
        g.writeNumberField("severity", severity);
        g.writeArrayFieldStart("mitre");
        for (String t : techniques) g.writeString(t);
        g.writeEndArray();
        g.writeObjectFieldStart("metadata");
        g.writeArrayFieldStart("mitre_technique_id");
        for (String t : techniques) g.writeString(t);
        g.writeEndArray();
        g.writeArrayFieldStart("mitre_technique_name");
        // an id from data (a partner's indicator) may lie outside the catalogue: its id stands for its name
        for (String t : techniques) g.writeString(AttackTechniques.nameOr(t, t));
        g.writeEndArray();
        g.writeArrayFieldStart("vigil_detector");
        g.writeString(detector);
        g.writeEndArray();
        for (Map.Entry<String, List<String>> e : metadata.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (String v : e.getValue()) g.writeString(v);
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}

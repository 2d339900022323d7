package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.detect.attack.AttackTechniques;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * A deception finding as an EVE {@code alert} (signature ids 7110000-7119999): Suricata's alert layout
 * with the endpoints of the decoy interaction, the technique ids in {@code alert.mitre} and in {@code
 * alert.metadata} as ET rules carry them, and the interaction itself in a {@code decoy} object (the same
 * fields as the {@code decoy} record, plus how many alerts of the same kind were held back since the
 * last one: {@code suppressed}).
 */
public final class DecoyAlertRecord {
    private DecoyAlertRecord() {}

    public static void write(EveWriter w, long tsNanos, DecoyRecord about, int sid, String signature, String category, int severity,
                             List<String> techniques, Map<String, List<String>> metadata) throws IOException {
        if (!w.types().enabled("alert")) return;
        JsonGenerator g = w.begin(tsNanos, "alert");
        g.writeStringField("event_type", "alert");
        about.writeEndpoints(g);
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
        for (String t : techniques) g.writeString(AttackTechniques.nameOr(t, t));
        g.writeEndArray();
        g.writeArrayFieldStart("vigil_detector");
        g.writeString("deception");
        g.writeEndArray();
        for (Map.Entry<String, List<String>> e : metadata.entrySet()) {
            g.writeArrayFieldStart(e.getKey());
            for (String v : e.getValue()) g.writeString(v);
            g.writeEndArray();
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeObjectFieldStart("decoy");
        about.writeDecoyFields(g);
        g.writeEndObject();
        w.end();
    }
}

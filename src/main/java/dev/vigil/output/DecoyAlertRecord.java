package dev.vigil.output;

import com.fasterxml.jackson.core.JsonGenerator;
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
        AlertObject.write(g, sid, signature, category, severity, techniques, "deception", metadata);
        g.writeObjectFieldStart("decoy");
        about.writeDecoyFields(g);
        g.writeEndObject();
        w.end();
    }
}

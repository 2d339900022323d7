package dev.vigil.intel.misp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a MISP feed ({@code manifest.json} + {@code <uuid>.json} + {@code hashes.csv}) incrementally: the
 * caller keeps the last seen timestamp per event uuid and {@link #poll} imports only events that are new or
 * whose manifest timestamp grew. One broken event file is reported and the others are still imported.
 */
public final class MispFeedReader {
    /** One manifest entry. */
    public record ManifestEntry(String uuid, String info, String date, String orgName, String orgUuid, long timestamp, List<String> tags) {}

    /** The result of one poll: the imports, the state to keep for the next poll, and per-event failures. */
    public record Poll(List<ImportReport> imported, Map<String, Long> state, Map<String, String> failures, int unchanged) {}

    static final long MAX_MANIFEST_BYTES = 256L << 20;
    static final long MAX_HASHES_BYTES = 1L << 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeedSource source;
    private final MispEventImporter importer;

    public MispFeedReader(FeedSource source, MispEventImporter importer) {
        this.source = source;
        this.importer = importer;
    }

    /** The manifest's entries; keys that are not UUIDs (they become file names) are refused and left out. */
    public List<ManifestEntry> manifest() throws MispImportException {
        byte[] b;
        try {
            b = source.read("manifest.json", MAX_MANIFEST_BYTES);
        } catch (IOException e) {
            throw new MispImportException("manifest.json unreadable: " + e.getMessage(), e);
        }
        if (b == null) throw new MispImportException("feed has no manifest.json");
        JsonNode root;
        try {
            root = JSON.readTree(b);
        } catch (JacksonException e) {
            throw new MispImportException("manifest.json is not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MispImportException("manifest.json unreadable: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new MispImportException("manifest.json is not a JSON object");
        List<ManifestEntry> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String uuid = e.getKey().toLowerCase(Locale.ROOT);
            if (!uuid.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) continue;
            JsonNode v = e.getValue();
            List<String> tags = new ArrayList<>();
            for (JsonNode t : v.path("Tag")) if (t.path("name").isTextual()) tags.add(t.path("name").asText());
            var ts = MispEventImporter.epoch(v.get("timestamp"));
            out.add(new ManifestEntry(uuid, MispEventImporter.text(v, "info"), MispEventImporter.text(v, "date"),
                    MispEventImporter.text(v.get("Orgc"), "name"), MispEventImporter.text(v.get("Orgc"), "uuid"),
                    ts == null ? 0 : ts.getEpochSecond(), List.copyOf(tags)));
        }
        return out;
    }

    /** Imports events new since {@code known} (uuid -> last imported manifest timestamp). */
    public Poll poll(Map<String, Long> known) throws MispImportException {
        Map<String, Long> state = new LinkedHashMap<>(known);
        List<ImportReport> imported = new ArrayList<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int unchanged = 0;
        for (ManifestEntry e : manifest()) {
            Long last = known.get(e.uuid());
            if (last != null && e.timestamp() <= last) {
                unchanged++;
                continue;
            }
            try {
                byte[] b = source.read(e.uuid() + ".json", importerLimit());
                if (b == null) {
                    failures.put(e.uuid(), "event file missing");
                    continue;
                }
                imported.add(importer.importEvent(b));
                state.put(e.uuid(), e.timestamp());
            } catch (IOException | MispImportException ex) {
                failures.put(e.uuid(), ex.getMessage());
            }
        }
        return new Poll(imported, state, failures, unchanged);
    }

    /** The feed's hashes.csv, or null when the feed has none. */
    public FeedHashes hashes() throws MispImportException {
        try {
            byte[] b = source.read("hashes.csv", MAX_HASHES_BYTES);
            return b == null ? null : FeedHashes.parse(b);
        } catch (IOException e) {
            throw new MispImportException("hashes.csv unreadable: " + e.getMessage(), e);
        }
    }

    private static long importerLimit() {
        return MispEventImporter.Options.defaults().maxInputBytes();
    }
}

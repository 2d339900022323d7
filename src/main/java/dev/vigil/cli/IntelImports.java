package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.IntelStore;
import dev.vigil.intel.LocalIdentity;
import dev.vigil.intel.misp.ImportReport;
import dev.vigil.intel.misp.IndicatorListImporter;
import dev.vigil.intel.misp.MispEventImporter;
import dev.vigil.intel.misp.Warninglists;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Imports of what is not STIX: MISP events and indicator lists, converted to STIX and stored like any bundle. */
final class IntelImports {
    private IntelImports() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The format a file is in, told by its name (.csv, .txt) or its content (a MISP event has an Event object or Attribute list). */
    static String formatOf(Path f) throws IOException {
        if (java.nio.file.Files.isDirectory(f)) {
            if (java.nio.file.Files.isRegularFile(f.resolve("manifest.json"))) return "misp-feed";
            throw new IllegalArgumentException(f + ": a directory without manifest.json (a MISP feed directory has one)");
        }
        String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        if (n.endsWith(".csv")) return "csv";
        if (n.endsWith(".txt")) return "text";
        // the first top-level keys tell: a 46 MB bundle is not read (or held) twice to learn that it is a bundle
        try (java.io.InputStream in = IntelCommand.open(f); com.fasterxml.jackson.core.JsonParser p = JSON.getFactory().createParser(in)) {
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) return "stix";
            for (int i = 0; i < 8 && p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME; i++) {
                String k = p.currentName();
                if (k.equals("Event") || k.equals("Attribute") || k.equals("response")) return "misp";
                if (k.equals("type") || k.equals("objects") || k.equals("spec_version") || k.equals("id")) return "stix";
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            // not JSON: the STIX reader will say what is wrong with it
        }
        return "stix";
    }

    static int converted(IntelCommand.Store store, List<Path> files, String format, String collection, Path warninglistDir, PrintWriter out) throws Exception {
        Warninglists w = warninglistDir == null ? null : Warninglists.load(warninglistDir);
        String me = LocalIdentity.load(store.dir(), LocalIdentity.defaultName()).path("id").asText();
        try (IntelStore s = store.open()) {
            if (collection != null) IntelCommands.ensureCollection(s, collection);
            for (Path f : files) {
                String kind = format.equals("auto") ? formatOf(f) : format;
                if (kind.equals("misp-feed") || java.nio.file.Files.isDirectory(f)) {
                    feed(s, store, f, collection, w, out);
                    continue;
                }
                byte[] data = IntelCommand.readAll(f);
                List<ObjectNode> objects;
                String detail;
                switch (kind) {
                    case "misp" -> {
                        MispEventImporter.Options o = MispEventImporter.Options.defaults();
                        if (w != null) o = o.withWarninglists(w);
                        ImportReport r = new MispEventImporter(o).importEvent(data);
                        objects = r.objects();
                        detail = r.attributes() + " attributes: " + r.mapped() + " mapped, " + r.skipped().size() + " skipped";
                        for (ImportReport.Skipped sk : r.skipped()) out.println("  skipped attribute " + sk.uuid() + " (" + sk.type() + "): " + sk.reason());
                    }
                    case "csv", "text" -> {
                        IndicatorListImporter.Options o = IndicatorListImporter.Options.at(Instant.now()).withCreator(me);
                        if (w != null) o = o.withWarninglists(w);
                        IndicatorListImporter im = new IndicatorListImporter(o);
                        IndicatorListImporter.Result r = kind.equals("csv") ? im.importCsv(data) : im.importPlain(data);
                        objects = r.indicators();
                        detail = r.lines() + " lines: " + r.indicators().size() + " indicators, " + r.badCount() + " bad, " + r.duplicates() + " duplicates, "
                                + r.warninglisted().size() + " on warninglists";
                        for (IndicatorListImporter.BadLine b : r.bad()) out.println("  line " + b.line() + ": " + b.reason());
                    }
                    default -> throw new IllegalArgumentException("--format is auto, stix, misp, csv or text");
                }
                IntelStore.ImportReport rep = s.storeOwn(objects, collection);
                out.printf("%s (%s): %s; %d STIX objects: %d stored, %d unchanged, %d refused%n", f, kind, detail, objects.size(), rep.stored, rep.unchanged, rep.refused);
                for (String why : rep.reasons) out.println("  refused " + why);
            }
        }
        return 0;
    }

    /** Where the events already imported from each feed are remembered (uuid -> manifest timestamp), per feed directory. */
    static final String FEED_STATE = "misp-feeds.json";

    /**
     * A MISP feed directory ({@code manifest.json} and one {@code <uuid>.json} per event): the events new or
     * changed since the last import of the same directory, each mapped as a MISP event is.
     */
    private static void feed(IntelStore s, IntelCommand.Store store, Path dir, String collection, Warninglists w, PrintWriter out) throws Exception {
        MispEventImporter.Options o = MispEventImporter.Options.defaults();
        if (w != null) o = o.withWarninglists(w);
        Path statePath = store.dir().resolve(FEED_STATE);
        ObjectNode all = java.nio.file.Files.exists(statePath) ? (ObjectNode) JSON.readTree(statePath.toFile()) : JSON.createObjectNode();
        String key = dir.toAbsolutePath().normalize().toString();
        java.util.Map<String, Long> known = new java.util.LinkedHashMap<>();
        all.path(key).properties().forEach(e -> known.put(e.getKey(), e.getValue().asLong()));
        dev.vigil.intel.misp.MispFeedReader.Poll poll = new dev.vigil.intel.misp.MispFeedReader(dev.vigil.intel.misp.FeedSource.directory(dir),
                new MispEventImporter(o)).poll(known);
        int stored = 0, unchanged = 0, refused = 0, skipped = 0, objects = 0;
        for (ImportReport r : poll.imported()) {
            IntelStore.ImportReport rep = s.storeOwn(r.objects(), collection);
            objects += r.objects().size();
            stored += rep.stored;
            unchanged += rep.unchanged;
            refused += rep.refused;
            skipped += r.skipped().size();
            for (String why : rep.reasons) out.println("  refused " + why);
        }
        for (var e : poll.failures().entrySet()) out.println("  event " + e.getKey() + ": " + e.getValue());
        ObjectNode mine = all.putObject(key);
        poll.state().forEach(mine::put);
        java.nio.file.Path tmp = statePath.resolveSibling(FEED_STATE + ".tmp");
        JSON.writeValue(tmp.toFile(), all);
        java.nio.file.Files.move(tmp, statePath, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        out.printf("%s (misp-feed): %d events imported, %d unchanged since the last import, %d failed; %d attributes skipped; %d STIX objects: %d stored, %d unchanged, %d refused%n",
                dir, poll.imported().size(), poll.unchanged(), poll.failures().size(), skipped, objects, stored, unchanged, refused);
    }
}

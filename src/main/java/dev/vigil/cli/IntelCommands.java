package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.intel.IntelStore;
import dev.vigil.store.Page;
import dev.vigil.store.Query;
import dev.vigil.store.StixCollection;
import dev.vigil.store.StixRepository;
import dev.vigil.store.StoredVersion;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/** What the intel subcommands share: walking the store, one-line summaries, collections on demand. */
final class IntelCommands {
    private IntelCommands() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The latest version of every object of {@code types} (all types when empty), page by page: a store of millions is never held at once. */
    static Iterable<StoredVersion> latest(IntelStore s, List<String> types) {
        return () -> new Iterator<>() {
            Page<StoredVersion> page = fetch(null);
            int i;

            private Page<StoredVersion> fetch(String next) {
                Query q = Query.all().types(types.toArray(String[]::new)).limit(StixRepository.DEFAULT_PAGE_CAP);
                return s.objects().objects(null, next == null ? q : q.next(next));
            }

            @Override
            public boolean hasNext() {
                while (i >= page.items().size()) {
                    if (!page.more()) return false;
                    page = fetch(page.next());
                    i = 0;
                }
                return true;
            }

            @Override
            public StoredVersion next() {
                if (!hasNext()) throw new NoSuchElementException();
                return page.items().get(i++);
            }
        };
    }

    static void ensureCollection(IntelStore s, String id) {
        if (s.collections().get(id).isEmpty()) s.collections().create(new StixCollection(id, id, null, null, List.of("application/stix+json;version=2.1")));
    }

    /** A name, else a pattern, else a value, else what the object points at: enough to tell objects apart in a list. */
    static String summary(JsonNode o) {
        for (String f : new String[] {"name", "pattern", "value", "relationship_type"}) {
            if (o.hasNonNull(f)) {
                String v = o.path(f).asText();
                if (f.equals("relationship_type")) v = o.path("source_ref").asText() + " " + v + " " + o.path("target_ref").asText();
                return v.replace('\t', ' ').replace('\n', ' ');
            }
        }
        if (o.has("sighting_of_ref")) return "sighting of " + o.path("sighting_of_ref").asText() + " x" + o.path("count").asText("?");
        return "";
    }

    /** {@code o} and, for observed-data it references, those and their observables: a partner receives whole sightings. */
    static void withReferences(IntelStore s, ObjectNode o, List<ObjectNode> out, Set<String> seen) throws IOException {
        if (!seen.add(o.path("id").asText())) return;
        for (JsonNode ref : o.path("observed_data_refs")) add(s, ref.asText(), out, seen);
        for (JsonNode ref : o.path("object_refs")) add(s, ref.asText(), out, seen);
        out.add(o);
    }

    private static void add(IntelStore s, String id, List<ObjectNode> out, Set<String> seen) throws IOException {
        var v = s.objects().latest(id);
        if (v.isEmpty()) return;
        withReferences(s, (ObjectNode) JSON.readTree(v.get().json()), out, seen);
    }
}

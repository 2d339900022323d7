package dev.vigil.intel.taxii;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where an incremental pull stopped: per collection URL, the latest date_added received (the server's
 * own string, so no precision is lost — opencti#10090). The next pull asks for {@code added_after} it.
 */
public final class PullState {
    private final Map<String, String> lastDateAdded = new ConcurrentHashMap<>();

    public Optional<String> lastDateAdded(String collectionKey) {
        return Optional.ofNullable(lastDateAdded.get(collectionKey));
    }

    /** Records a date_added if it is later than the one remembered. */
    public void advance(String collectionKey, String dateAdded) {
        if (TaxiiTime.parseOrNull(dateAdded) == null) return;
        lastDateAdded.merge(collectionKey, dateAdded, (old, neu) -> {
            var o = TaxiiTime.parseOrNull(old);
            return o == null || TaxiiTime.parseOrNull(neu).isAfter(o) ? neu : old;
        });
    }

    public void save(Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(lastDateAdded);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "TAXII incremental pull state: collection URL = last date_added");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static PullState load(Path file) throws IOException {
        PullState s = new PullState();
        if (!Files.exists(file)) return s;
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        p.forEach((k, v) -> s.advance(k.toString(), v.toString()));
        return s;
    }
}

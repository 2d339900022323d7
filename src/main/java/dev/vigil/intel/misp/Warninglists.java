package dev.vigil.intel.misp;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The loaded warninglists, used as a false-positive filter on import: a value is checked against every list
 * whose {@code matching_attributes} names its MISP type. Composite values ({@code domain|ip}) are checked part
 * by part, and a URL also by its host, as MISP does.
 */
public final class Warninglists {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Warninglist files above this size are refused (the biggest upstream list is a few MB). */
    static final long MAX_FILE_BYTES = 64L << 20;

    private final List<Warninglist> lists;

    public Warninglists(List<Warninglist> lists) {
        this.lists = List.copyOf(lists);
    }

    public static Warninglists none() {
        return new Warninglists(List.of());
    }

    /** Loads every {@code *.json} in a directory (or {@code <dir>/<name>/list.json}, the upstream layout); the schema file is ignored. */
    public static Warninglists load(Path dir) throws IOException, MispImportException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(dir, 2)) {
            s.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().equals("warninglist.schema.json")
                    && !p.getFileName().toString().equals("schema.json")).sorted().forEach(files::add);
        }
        List<Warninglist> out = new ArrayList<>();
        for (Path f : files) out.add(read(f));
        return new Warninglists(out);
    }

    public static Warninglist read(Path file) throws IOException, MispImportException {
        if (Files.size(file) > MAX_FILE_BYTES) throw new MispImportException(file + ": warninglist larger than " + MAX_FILE_BYTES + " bytes");
        try {
            return Warninglist.of(JSON.readTree(file.toFile()));
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new MispImportException(file + ": not JSON: " + e.getOriginalMessage(), e);
        }
    }

    public List<Warninglist> lists() {
        return lists;
    }

    /** The name of the first list the value of a MISP attribute of this type is on, or null. */
    public String match(String attributeType, String value) {
        if (value == null || lists.isEmpty()) return null;
        List<String> candidates = candidates(attributeType, value);
        for (Warninglist l : lists) {
            if (!l.appliesTo(attributeType)) continue;
            for (String c : candidates) if (l.matches(c)) return l.name();
        }
        return null;
    }

    static List<String> candidates(String type, String value) {
        List<String> c = new ArrayList<>();
        if (type != null && type.contains("|")) {
            for (String part : value.split("\\|", 3)) c.add(part);
        } else {
            c.add(value);
        }
        if ("url".equals(type) || "uri".equals(type) || "link".equals(type)) {
            String host = Values.urlHost(value);
            if (host != null) c.add(host);
        }
        return c;
    }
}

package dev.vigil.intel.misp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A feed's {@code hashes.csv}: {@code md5(value),event_uuid} per attribute value (composite values hashed
 * part by part). These are hashes <em>of the values</em>, not file hashes: they answer "does this feed hold
 * value X, and in which events?" without fetching every event, so they are an index, not indicators (a file
 * hash indicator built from them would never match a file). Bad lines are counted and kept with their number.
 */
public final class FeedHashes {
    /** A line that was not {@code <32 hex>,<uuid>}. */
    public record BadLine(int line, String reason) {}

    static final int MAX_BAD_KEPT = 1000;

    private final Map<String, Set<String>> eventsByHash;
    private final int lines;
    private final int badCount;
    private final List<BadLine> bad;

    private FeedHashes(Map<String, Set<String>> eventsByHash, int lines, int badCount, List<BadLine> bad) {
        this.eventsByHash = eventsByHash;
        this.lines = lines;
        this.badCount = badCount;
        this.bad = List.copyOf(bad);
    }

    public static FeedHashes parse(byte[] csv) {
        Map<String, Set<String>> map = new HashMap<>();
        List<BadLine> bad = new ArrayList<>();
        int lineNo = 0, badCount = 0;
        String text = new String(csv, StandardCharsets.UTF_8);
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            String line = text.substring(start, end).strip();
            start = end + 1;
            lineNo++;
            if (line.isEmpty()) continue;
            String reason = null;
            int comma = line.indexOf(',');
            if (comma < 0) reason = "no comma";
            else {
                String h = line.substring(0, comma).trim().toLowerCase(Locale.ROOT);
                String uuid = line.substring(comma + 1).trim().replace("\"", "");
                if (!Values.hex(h, 32)) reason = "first column is not an md5";
                else if (!uuid.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) reason = "second column is not an event uuid";
                else map.computeIfAbsent(h, k -> new HashSet<>()).add(uuid.toLowerCase(Locale.ROOT));
            }
            if (reason != null) {
                badCount++;
                if (bad.size() < MAX_BAD_KEPT) bad.add(new BadLine(lineNo, reason));
            }
        }
        return new FeedHashes(map, lineNo, badCount, bad);
    }

    /** Event uuids whose attributes hold this exact value (one part of a composite value). */
    public Set<String> eventsWithValue(String value) {
        return eventsByHash.getOrDefault(md5(value), Set.of());
    }

    public boolean containsValue(String value) {
        return eventsByHash.containsKey(md5(value));
    }

    public int distinctHashes() {
        return eventsByHash.size();
    }

    public int lines() {
        return lines;
    }

    public int badLineCount() {
        return badCount;
    }

    public List<BadLine> badLines() {
        return bad;
    }

    static String md5(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5", e);
        }
    }
}

package dev.vigil.intel.taxii;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * The opaque {@code next} token: the (date_added, id, version) key of the last record a page returned.
 * Paging resumes strictly after that key, so records sharing one date_added (a bulk publish) are each
 * served exactly once and paging terminates, whatever is inserted or deleted meanwhile.
 */
public record PageCursor(Instant dateAdded, String id, Instant version) implements Comparable<PageCursor> {
    private static final int MAX_TOKEN = 600;

    @Override
    public int compareTo(PageCursor o) {
        int c = dateAdded.compareTo(o.dateAdded);
        if (c != 0) return c;
        c = id.compareTo(o.id);
        return c != 0 ? c : version.compareTo(o.version);
    }

    public String encode() {
        String plain = "1|" + dateAdded.getEpochSecond() + "|" + dateAdded.getNano() + "|" + version.getEpochSecond() + "|" + version.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Decodes a token this class wrote; anything else is a 400 for the caller. */
    public static PageCursor decode(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN) throw TaxiiException.badRequest("invalid next token");
        try {
            String plain = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            String[] f = plain.split("\\|", 6);
            if (f.length != 6 || !f[0].equals("1") || f[5].isEmpty()) throw TaxiiException.badRequest("invalid next token");
            Instant added = Instant.ofEpochSecond(Long.parseLong(f[1]), Long.parseLong(f[2]));
            Instant version = Instant.ofEpochSecond(Long.parseLong(f[3]), Long.parseLong(f[4]));
            return new PageCursor(added, f[5], version);
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            throw TaxiiException.badRequest("invalid next token");
        }
    }
}

package dev.vigil.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The opaque {@code next} token: the sort key (date_added, id, version) of the last item served, and
 * a digest of the query it belongs to. A position, never an offset, so items inserted or deleted
 * between two pages neither repeat nor shift the rest.
 */
record PageCursor(long dateAdded, String id, long versionMicros) {
    private static final String PREFIX = "1.";
    private static final int MAX_TOKEN = 1024;

    String encode(String selectionKey) {
        String plain = dateAdded + ":" + versionMicros + ":" + digest(selectionKey) + ":" + id;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link IllegalArgumentException} when the token is malformed or was made for another query. */
    static PageCursor decode(String token, String selectionKey) {
        if (token == null || token.length() > MAX_TOKEN || !token.startsWith(PREFIX)) throw bad();
        String plain;
        try {
            plain = new String(Base64.getUrlDecoder().decode(token.substring(PREFIX.length())), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
        String[] parts = plain.split(":", 4);
        if (parts.length != 4 || parts[3].isEmpty()) throw bad();
        if (!parts[2].equals(digest(selectionKey))) throw new IllegalArgumentException("next token belongs to another query");
        try {
            return new PageCursor(Long.parseLong(parts[0]), parts[3], Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            throw bad();
        }
    }

    private static IllegalArgumentException bad() {
        return new IllegalArgumentException("malformed next token");
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 9));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

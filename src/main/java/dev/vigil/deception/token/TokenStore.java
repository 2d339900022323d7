package dev.vigil.deception.token;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.store.Database;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The honeytokens of a data directory, in its store ({@code vigil.db}, table {@code honeytoken}): the
 * CLI adds and revokes them; sensors and decoys read the active ones at start.
 */
public final class TokenStore implements AutoCloseable {
    /** Honeytoken rules use 7120000-7199999, ten ids per token. */
    public static final int FIRST_SID = 7_120_000, LAST_SID = 7_199_999, SIDS_PER_TOKEN = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, String>> VALUES = new TypeReference<>() {};

    private final Database db;
    private final boolean owned;

    public TokenStore(Database db) {
        this(db, false);
    }

    private TokenStore(Database db, boolean owned) {
        this.db = db;
        this.owned = owned;
    }

    public static TokenStore open(Path dataDir) {
        return new TokenStore(Database.sqlite(dataDir), true);
    }

    /** Creates a token with {@code factory} and stores it with the next free block of signature ids. */
    public Honeytoken create(TokenFactory factory, TokenType type, String memo, String planted, String username, Instant now) {
        return create(factory, type, memo, planted, username, null, now);
    }

    /** As above, with the password given (null: drawn). */
    public Honeytoken create(TokenFactory factory, TokenType type, String memo, String planted, String username, String password, Instant now) {
        return db.write(c -> {
            int sid = nextSid(c);
            Honeytoken t = factory.create(type, memo, planted, username, password, sid, now);
            insert(c, t);
            return t;
        });
    }

    /** Stores {@code t} as it is (a file token whose file was written after creation, say). */
    public void update(Honeytoken t) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE honeytoken SET planted = ?, token_values = ?, revoked_at = ? WHERE id = ?")) {
                s.setString(1, t.planted());
                s.setString(2, json(t.values()));
                s.setString(3, t.revoked() == null ? null : t.revoked().toString());
                s.setString(4, t.id());
                s.executeUpdate();
            }
            return null;
        });
    }

    private static int nextSid(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT MAX(sid) FROM honeytoken"); ResultSet r = s.executeQuery()) {
            int max = r.next() ? r.getInt(1) : 0;
            int next = max < FIRST_SID ? FIRST_SID : max + SIDS_PER_TOKEN;
            if (next + SIDS_PER_TOKEN - 1 > LAST_SID) {
                throw new IllegalStateException("the honeytoken signature range 7120000-7199999 is used up (" + (LAST_SID - FIRST_SID + 1) / SIDS_PER_TOKEN + " tokens)");
            }
            return next;
        }
    }

    private static void insert(Connection c, Honeytoken t) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO honeytoken (id, type, memo, planted, created_at, revoked_at, token_values, sid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setString(1, t.id());
            s.setString(2, t.type().cliName);
            s.setString(3, t.memo());
            s.setString(4, t.planted());
            s.setString(5, t.created().toString());
            s.setString(6, t.revoked() == null ? null : t.revoked().toString());
            s.setString(7, json(t.values()));
            s.setInt(8, t.sid());
            s.executeUpdate();
        }
    }

    /** Every token, oldest first. */
    public List<Honeytoken> all() {
        return db.read(c -> {
            List<Honeytoken> l = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, type, memo, planted, created_at, revoked_at, token_values, sid FROM honeytoken ORDER BY sid");
                 ResultSet r = s.executeQuery()) {
                while (r.next()) l.add(row(r));
            }
            return l;
        });
    }

    public List<Honeytoken> active() {
        return all().stream().filter(Honeytoken::active).toList();
    }

    /** The token with this id, or the only one whose id starts with it (ids are long to type); null when none or several. */
    public Honeytoken find(String idOrPrefix) {
        Honeytoken found = null;
        for (Honeytoken t : all()) {
            if (t.id().equals(idOrPrefix)) return t;
            if (t.id().startsWith(idOrPrefix) || t.id().startsWith("honeytoken--" + idOrPrefix)) {
                if (found != null) return null;
                found = t;
            }
        }
        return found;
    }

    /** Revokes a token: its detections stop at the next start of a sensor; false when it was revoked already. */
    public boolean revoke(String id, Instant now) {
        return db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE honeytoken SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                s.setString(1, now.toString());
                s.setString(2, id);
                return s.executeUpdate() == 1;
            }
        });
    }

    private static Honeytoken row(ResultSet r) throws SQLException {
        String revoked = r.getString(6);
        Map<String, String> values;
        try {
            values = JSON.readValue(r.getString(7), VALUES);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("honeytoken " + r.getString(1) + ": unreadable values: " + e.getOriginalMessage());
        }
        return new Honeytoken(r.getString(1), TokenType.of(r.getString(2)), r.getString(3), r.getString(4), Instant.parse(r.getString(5)),
                revoked == null ? null : Instant.parse(revoked), java.util.Collections.unmodifiableMap(values), r.getInt(8));
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (owned) db.close();
    }
}

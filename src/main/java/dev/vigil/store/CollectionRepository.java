package dev.vigil.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** TAXII collections: created, listed, looked up by id or alias, deleted (with their memberships). */
public final class CollectionRepository {
    private final Database db;

    public CollectionRepository(Database db) {
        this.db = db;
    }

    /** {@link IllegalArgumentException} when the id or the alias is already taken. */
    public void create(StixCollection collection) {
        db.write(c -> {
            if (find(c, collection.id()).isPresent()) throw new IllegalArgumentException("collection exists: " + collection.id());
            if (collection.alias() != null && find(c, collection.alias()).isPresent()) {
                throw new IllegalArgumentException("alias or id already taken: " + collection.alias());
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO stix_collection (id, title, description, alias, media_types) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, collection.id());
                ps.setString(2, collection.title());
                ps.setString(3, collection.description());
                ps.setString(4, collection.alias());
                ps.setString(5, String.join(",", collection.mediaTypes()));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** All collections, by id. */
    public List<StixCollection> list() {
        return db.read(c -> {
            List<StixCollection> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, title, description, alias, media_types FROM stix_collection ORDER BY id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.add(collection(rs));
            }
            return out;
        });
    }

    /** By id, else by alias. */
    public Optional<StixCollection> get(String idOrAlias) {
        return db.read(c -> find(c, idOrAlias));
    }

    /** Removes the collection and its memberships; the versions themselves stay in the store. */
    public boolean delete(String id) {
        return db.write(c -> {
            try (PreparedStatement members = c.prepareStatement("DELETE FROM stix_collection_object WHERE collection_id = ?");
                 PreparedStatement ps = c.prepareStatement("DELETE FROM stix_collection WHERE id = ?")) {
                members.setString(1, id);
                members.executeUpdate();
                ps.setString(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static Optional<StixCollection> find(Connection c, String idOrAlias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, title, description, alias, media_types FROM stix_collection WHERE id = ? OR alias = ? ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END")) {
            ps.setString(1, idOrAlias);
            ps.setString(2, idOrAlias);
            ps.setString(3, idOrAlias);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(collection(rs)) : Optional.empty();
            }
        }
    }

    private static StixCollection collection(ResultSet rs) throws SQLException {
        String media = rs.getString(5);
        List<String> mediaTypes = media == null || media.isEmpty() ? List.of() : Arrays.asList(media.split(","));
        return new StixCollection(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), mediaTypes);
    }
}

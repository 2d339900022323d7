package dev.vigil.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Stored TAXII status resources, so a client can fetch the outcome of its POST later. */
public final class StatusRepository {
    private static final String SUCCESS = "success", FAILURE = "failure", PENDING = "pending";

    private final Database db;

    public StatusRepository(Database db) {
        this.db = db;
    }

    /** Inserts or replaces (a pending status is saved again when it completes), without an owner. */
    public void save(PostStatus status) {
        save(status, null, null);
    }

    /**
     * Inserts or replaces, recording the API root and the partner it belongs to so that the TAXII
     * layer can show it to its submitter only.
     */
    public void save(PostStatus status, String apiRoot, String submitter) {
        if (apiRoot != null && apiRoot.length() > 250) throw new IllegalArgumentException("api root name longer than 250 characters");
        if (submitter != null && submitter.length() > 250) throw new IllegalArgumentException("submitter longer than 250 characters");
        db.write(c -> {
            try (PreparedStatement details = c.prepareStatement("DELETE FROM taxii_status_detail WHERE status_id = ?");
                 PreparedStatement head = c.prepareStatement("DELETE FROM taxii_status WHERE id = ?")) {
                details.setString(1, status.id());
                details.executeUpdate();
                head.setString(1, status.id());
                head.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO taxii_status (id, status, request_timestamp, saved_micros, api_root, submitter) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, status.id());
                ps.setString(2, status.status());
                ps.setString(3, status.requestTimestamp());
                ps.setLong(4, StixTime.nowMicros());
                ps.setString(5, apiRoot);
                ps.setString(6, submitter);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO taxii_status_detail (status_id, ord, kind, object_id, version, message) VALUES (?, ?, ?, ?, ?, ?)")) {
                int ord = 0;
                ord = add(ps, status.id(), ord, SUCCESS, status.successes());
                ord = add(ps, status.id(), ord, FAILURE, status.failures());
                ord = add(ps, status.id(), ord, PENDING, status.pendings());
                if (ord > 0) ps.executeBatch();
            }
            return null;
        });
    }

    private static int add(PreparedStatement ps, String statusId, int ord, String kind, List<PostStatus.Detail> details) throws java.sql.SQLException {
        for (PostStatus.Detail d : details) {
            ps.setString(1, statusId);
            ps.setInt(2, ord++);
            ps.setString(3, kind);
            ps.setString(4, d.id());
            ps.setString(5, d.version());
            ps.setString(6, d.message());
            ps.addBatch();
        }
        return ord;
    }

    public Optional<PostStatus> find(String id) {
        return findSubmitted(id).map(SubmittedStatus::status);
    }

    /** The status with the root and submitter it was saved with. */
    public Optional<SubmittedStatus> findSubmitted(String id) {
        return db.read(c -> {
            String status, requestTimestamp, apiRoot, submitter;
            try (PreparedStatement ps = c.prepareStatement("SELECT status, request_timestamp, api_root, submitter FROM taxii_status WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return Optional.empty();
                    status = rs.getString(1);
                    requestTimestamp = rs.getString(2);
                    apiRoot = rs.getString(3);
                    submitter = rs.getString(4);
                }
            }
            List<PostStatus.Detail> ok = new ArrayList<>(), failed = new ArrayList<>(), pending = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT kind, object_id, version, message FROM taxii_status_detail WHERE status_id = ? ORDER BY ord")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        PostStatus.Detail d = new PostStatus.Detail(rs.getString(2), rs.getString(3), rs.getString(4));
                        switch (rs.getString(1)) {
                            case SUCCESS -> ok.add(d);
                            case FAILURE -> failed.add(d);
                            default -> pending.add(d);
                        }
                    }
                }
            }
            return Optional.of(new SubmittedStatus(new PostStatus(id, status, requestTimestamp, ok, failed, pending), apiRoot, submitter));
        });
    }

    /** Forgets statuses saved before {@code micros}: they are for clients polling soon after a POST, not an archive. */
    public int purgeSavedBefore(long micros) {
        return db.write(c -> {
            try (PreparedStatement details = c.prepareStatement(
                    "DELETE FROM taxii_status_detail WHERE status_id IN (SELECT id FROM taxii_status WHERE saved_micros < ?)");
                 PreparedStatement ps = c.prepareStatement("DELETE FROM taxii_status WHERE saved_micros < ?")) {
                details.setLong(1, micros);
                details.executeUpdate();
                ps.setLong(1, micros);
                return ps.executeUpdate();
            }
        });
    }
}

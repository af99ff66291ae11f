package io.scorehouse.lakehouse.controlplane;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.IntegrityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The control plane's append-only, hash-chained audit log. Each entry's hash covers its
 * content and the previous entry's hash, so {@link #verify()} detects any changed, removed or
 * reordered row. Appends join the caller's transaction: the audited change and its entry commit
 * together or not at all.
 */
public final class AuditChain {
    static final String GENESIS = "0".repeat(64);

    private final ControlPlane controlPlane;
    private final Clock clock;

    public AuditChain(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Appends inside the caller's transaction (autocommit off). {@code details} is JSON text. */
    public AuditEntry append(Connection connection, String actor, String action, String subject, String details)
            throws SQLException {
        long seq;
        String previous;
        try (PreparedStatement last =
                        connection.prepareStatement("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1");
                ResultSet rs = last.executeQuery()) {
            seq = rs.next() ? rs.getLong(1) + 1 : 1;
            previous = seq == 1 ? GENESIS : rs.getString(2);
        }
        String recordedAt = Instant.now(clock).toString();
        AuditEntry entry = new AuditEntry(
                seq,
                recordedAt,
                actor,
                action,
                subject,
                details,
                previous,
                hash(seq, recordedAt, actor, action, subject, details, previous));
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO audit_chain (seq, recorded_at, actor, action, subject, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, entry.seq());
            insert.setString(2, entry.recordedAt());
            insert.setString(3, entry.actor());
            insert.setString(4, entry.action());
            insert.setString(5, entry.subject());
            insert.setString(6, entry.details());
            insert.setString(7, entry.prevHash());
            insert.setString(8, entry.hash());
            insert.executeUpdate();
        }
        return entry;
    }

    /** The newest {@code limit} entries, oldest first. */
    public List<AuditEntry> tail(int limit) {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, recorded_at, actor, action, subject, details, prev_hash, hash FROM audit_chain ORDER BY seq DESC LIMIT ?")) {
            query.setInt(1, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    entries.add(0, read(rs));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read the audit chain: " + e.getMessage(), e);
        }
    }

    /** Walks the whole chain; returns its length or throws at the first broken link. */
    public long verify() {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, recorded_at, actor, action, subject, details, prev_hash, hash FROM audit_chain ORDER BY seq");
                ResultSet rs = query.executeQuery()) {
            String previous = GENESIS;
            long expectedSeq = 1;
            while (rs.next()) {
                AuditEntry entry = read(rs);
                if (entry.seq() != expectedSeq
                        || !entry.prevHash().equals(previous)
                        || !entry.hash()
                                .equals(hash(
                                        entry.seq(),
                                        entry.recordedAt(),
                                        entry.actor(),
                                        entry.action(),
                                        entry.subject(),
                                        entry.details(),
                                        entry.prevHash()))) {
                    throw new IntegrityException(
                            "audit chain",
                            "entry " + entry.seq() + " does not match the chain (changed, removed or reordered)");
                }
                previous = entry.hash();
                expectedSeq++;
            }
            return expectedSeq - 1;
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read the audit chain: " + e.getMessage(), e);
        }
    }

    static String hash(
            long seq, String recordedAt, String actor, String action, String subject, String details, String previous) {
        return Digests.sha256Hex(
                String.join("\n", previous, Long.toString(seq), recordedAt, actor, action, subject, details));
    }

    private static AuditEntry read(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8));
    }

    /** One audit record. {@code details} is JSON text without payloads, ids or secrets. */
    public record AuditEntry(
            long seq,
            String recordedAt,
            String actor,
            String action,
            String subject,
            String details,
            String prevHash,
            String hash) {}
}

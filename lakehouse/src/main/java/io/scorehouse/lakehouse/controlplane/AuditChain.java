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
import java.util.Optional;

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

    private static final com.fasterxml.jackson.databind.ObjectMapper DETAILS =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** {@code details} as the one-line JSON text an entry carries. */
    public static String details(java.util.Map<String, ?> details) {
        try {
            return DETAILS.writeValueAsString(new java.util.TreeMap<>(details));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("audit details are not JSON-serializable", e);
        }
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

    /**
     * Walks the chain from the newest checkpoint (from the start without one); returns its length
     * or throws at the first broken link. The checkpointed entry must still hash to what the
     * checkpoint recorded, so a change before it is caught there.
     */
    public long verify() {
        try (Connection connection = controlPlane.connect()) {
            Checkpoint from = latestCheckpoint(connection).orElse(new Checkpoint(0, GENESIS, "", ""));
            if (from.seq() > 0) {
                requireCheckpointed(connection, from);
            }
            String previous = from.hash();
            long expectedSeq = from.seq() + 1;
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT seq, recorded_at, actor, action, subject, details, prev_hash, hash FROM audit_chain "
                            + "WHERE seq > ? ORDER BY seq")) {
                query.setLong(1, from.seq());
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        AuditEntry entry = read(rs);
                        if (entry.seq() != expectedSeq || !entry.prevHash().equals(previous) || !intact(entry)) {
                            throw broken(entry.seq());
                        }
                        previous = entry.hash();
                        expectedSeq++;
                    }
                }
            }
            return expectedSeq - 1;
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read the audit chain: " + e.getMessage(), e);
        }
    }

    /** Verifies the chain, then records its head as a checkpoint later verifications start from. */
    public Checkpoint checkpoint(String actor) {
        long head = verify();
        return Transactions.inTransaction(controlPlane, connection -> {
            String hash = GENESIS;
            try (PreparedStatement query = connection.prepareStatement("SELECT hash FROM audit_chain WHERE seq = ?")) {
                query.setLong(1, head);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        hash = rs.getString(1);
                    }
                }
            }
            Checkpoint checkpoint =
                    new Checkpoint(head, hash, Instant.now(clock).toString(), actor);
            if (head > 0
                    && latestCheckpoint(connection).map(c -> c.seq() < head).orElse(true)) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO audit_checkpoints (seq, hash, recorded_at, actor) VALUES (?, ?, ?, ?)")) {
                    insert.setLong(1, checkpoint.seq());
                    insert.setString(2, checkpoint.hash());
                    insert.setString(3, checkpoint.recordedAt());
                    insert.setString(4, checkpoint.actor());
                    insert.executeUpdate();
                }
            }
            return checkpoint;
        });
    }

    /** The newest checkpoint, if any. */
    public Optional<Checkpoint> latestCheckpoint() {
        try (Connection connection = controlPlane.connect()) {
            return latestCheckpoint(connection);
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read the audit checkpoints: " + e.getMessage(), e);
        }
    }

    private static Optional<Checkpoint> latestCheckpoint(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, hash, recorded_at, actor FROM audit_checkpoints ORDER BY seq DESC LIMIT 1");
                ResultSet rs = query.executeQuery()) {
            return rs.next()
                    ? Optional.of(new Checkpoint(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
                    : Optional.empty();
        }
    }

    private static void requireCheckpointed(Connection connection, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT seq, recorded_at, actor, action, subject, details, prev_hash, hash FROM audit_chain WHERE seq = ?")) {
            query.setLong(1, checkpoint.seq());
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw broken(checkpoint.seq());
                }
                AuditEntry entry = read(rs);
                if (!entry.hash().equals(checkpoint.hash()) || !intact(entry)) {
                    throw broken(checkpoint.seq());
                }
            }
        }
    }

    private static boolean intact(AuditEntry entry) {
        return entry.hash()
                .equals(hash(
                        entry.seq(),
                        entry.recordedAt(),
                        entry.actor(),
                        entry.action(),
                        entry.subject(),
                        entry.details(),
                        entry.prevHash()));
    }

    private static IntegrityException broken(long seq) {
        return new IntegrityException(
                "audit chain", "entry " + seq + " does not match the chain (changed, removed or reordered)");
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

    /** A verified prefix of the chain: entries up to {@code seq}, the last of which hashed to {@code hash}. */
    public record Checkpoint(long seq, String hash, String recordedAt, String actor) {}

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

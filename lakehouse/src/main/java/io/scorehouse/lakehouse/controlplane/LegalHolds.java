package io.scorehouse.lakehouse.controlplane;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
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
 * Legal holds: while one is active, nothing it covers may be erased. Kept in the control plane
 * (never in {@code conf/}, which is in git) and named by key digest, never by id. Placing and
 * releasing a hold are audited in the same transaction.
 */
public final class LegalHolds {
    private final ControlPlane controlPlane;
    private final AuditChain audit;
    private final Clock clock;

    public LegalHolds(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.audit = new AuditChain(controlPlane, clock);
    }

    /** Places a hold on one entity ({@code keyDigest}) or, with an empty digest, on the whole tenant. */
    public Hold place(String holdId, String tenant, Optional<String> keyDigest, String reason, String actor) {
        return Transactions.inTransaction(controlPlane, connection -> {
            if (find(connection, holdId).isPresent()) {
                throw new ScorehouseException(
                        ExitCode.USAGE, "hold " + holdId, "already exists; hold ids are never reused");
            }
            Hold hold = new Hold(
                    holdId, tenant, keyDigest, reason, actor, Instant.now(clock).toString(), Optional.empty());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO legal_holds (hold_id, tenant_id, key_digest, reason, placed_by, placed_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, holdId);
                insert.setString(2, tenant);
                insert.setString(3, keyDigest.orElse(null));
                insert.setString(4, reason);
                insert.setString(5, actor);
                insert.setString(6, hold.placedAt());
                insert.executeUpdate();
            }
            audit.append(
                    connection,
                    actor,
                    "store.hold.add",
                    holdId,
                    AuditChain.details(java.util.Map.of("tenant", tenant, "scope", hold.scope())));
            return hold;
        });
    }

    /** Releases an active hold; the row stays, with who released it and when. */
    public Hold release(String holdId, String actor) {
        return Transactions.inTransaction(controlPlane, connection -> {
            Hold hold = find(connection, holdId)
                    .orElseThrow(() -> new ScorehouseException(ExitCode.USAGE, "hold " + holdId, "no such hold"));
            if (hold.releasedAt().isPresent()) {
                throw new ScorehouseException(
                        ExitCode.USAGE,
                        "hold " + holdId,
                        "already released at " + hold.releasedAt().get());
            }
            String now = Instant.now(clock).toString();
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE legal_holds SET released_by = ?, released_at = ? WHERE hold_id = ?")) {
                update.setString(1, actor);
                update.setString(2, now);
                update.setString(3, holdId);
                update.executeUpdate();
            }
            audit.append(
                    connection,
                    actor,
                    "store.hold.remove",
                    holdId,
                    AuditChain.details(java.util.Map.of("tenant", hold.tenant())));
            return find(connection, holdId).orElseThrow();
        });
    }

    /** Every hold, active or released, oldest first. */
    public List<Hold> list() {
        return Transactions.inTransaction(controlPlane, connection -> query(connection, "", List.of()));
    }

    /** The active holds covering an entity of {@code tenant} whose key digest is {@code keyDigest}. */
    public List<Hold> covering(String tenant, String keyDigest) {
        return Transactions.inTransaction(
                controlPlane,
                connection -> query(
                        connection,
                        " WHERE released_at IS NULL AND tenant_id = ? AND (key_digest IS NULL OR key_digest = ?)",
                        List.of(tenant, keyDigest)));
    }

    private static Optional<Hold> find(Connection connection, String holdId) throws SQLException {
        return query(connection, " WHERE hold_id = ?", List.of(holdId)).stream().findFirst();
    }

    private static List<Hold> query(Connection connection, String where, List<String> args) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT hold_id, tenant_id, key_digest, reason, placed_by, placed_at, released_at FROM legal_holds"
                        + where + " ORDER BY placed_at, hold_id")) {
            for (int i = 0; i < args.size(); i++) {
                select.setString(i + 1, args.get(i));
            }
            List<Hold> holds = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    holds.add(new Hold(
                            rs.getString(1),
                            rs.getString(2),
                            Optional.ofNullable(rs.getString(3)),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getString(6),
                            Optional.ofNullable(rs.getString(7))));
                }
            }
            return holds;
        }
    }

    /** A legal hold: on one entity (by key digest) or on the whole tenant. */
    public record Hold(
            String holdId,
            String tenant,
            Optional<String> keyDigest,
            String reason,
            String placedBy,
            String placedAt,
            Optional<String> releasedAt) {
        public String scope() {
            return keyDigest.map(d -> "entity " + d.substring(0, 12) + "…").orElse("tenant");
        }
    }
}

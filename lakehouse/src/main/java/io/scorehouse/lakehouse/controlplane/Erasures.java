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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The control plane's record of data-subject erasures: one request per id (so a repeat is a no-op
 * and a crashed erasure resumes; its per-table steps are {@link DeletionSteps}), and the
 * suppression list of erased keys that later scoring runs skip. Entities are named by key digest only.
 */
public final class Erasures {
    private final ControlPlane controlPlane;
    private final AuditChain audit;
    private final Clock clock;

    public Erasures(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.audit = new AuditChain(controlPlane, clock);
    }

    /**
     * The request {@code requestId}: recorded (audited) and its key put on the suppression list the
     * first time; the same request again returns it as it stands. The same id for another entity is
     * refused (exit 2): a request id names one data-subject request.
     */
    public Request open(String requestId, String tenant, String keyDigest, String reason, String actor) {
        return Transactions.inTransaction(controlPlane, connection -> {
            Optional<Request> existing = find(connection, requestId);
            if (existing.isPresent()) {
                Request request = existing.get();
                if (!request.tenant().equals(tenant) || !request.keyDigest().equals(keyDigest)) {
                    throw new ScorehouseException(
                            ExitCode.USAGE,
                            "--request " + requestId,
                            "was filed for another entity; a request id names one data-subject request");
                }
                return request;
            }
            String now = Instant.now(clock).toString();
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO erasure_requests (request_id, tenant_id, key_digest, reason, actor, received_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, requestId);
                insert.setString(2, tenant);
                insert.setString(3, keyDigest);
                insert.setString(4, reason);
                insert.setString(5, actor);
                insert.setString(6, now);
                insert.executeUpdate();
            }
            if (!suppressed(connection, tenant, keyDigest)) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO suppressed_keys (tenant_id, key_digest, request_id, suppressed_at) VALUES (?, ?, ?, ?)")) {
                    insert.setString(1, tenant);
                    insert.setString(2, keyDigest);
                    insert.setString(3, requestId);
                    insert.setString(4, now);
                    insert.executeUpdate();
                }
            }
            audit.append(
                    connection,
                    actor,
                    "store.erase.received",
                    requestId,
                    AuditChain.details(Map.of("tenant", tenant, "key_digest", keyDigest, "reason", reason)));
            return find(connection, requestId).orElseThrow();
        });
    }

    public Optional<Request> find(String requestId) {
        return Transactions.inTransaction(controlPlane, connection -> find(connection, requestId));
    }

    /** Marks the request done with its signed certificate (audited). */
    public void certify(String requestId, String certificate, String actor, Map<String, ?> details) {
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE erasure_requests SET certified_at = ?, certificate = ? WHERE request_id = ?")) {
                update.setString(1, Instant.now(clock).toString());
                update.setString(2, certificate);
                update.setString(3, requestId);
                update.executeUpdate();
            }
            audit.append(connection, actor, "store.erase.certified", requestId, AuditChain.details(details));
            return null;
        });
    }

    /** Every suppressed key, as {@code tenant + "|" + key digest}. */
    public Set<String> suppressedKeys() {
        return Transactions.inTransaction(controlPlane, connection -> {
            Set<String> keys = new HashSet<>();
            try (PreparedStatement query =
                            connection.prepareStatement("SELECT tenant_id, key_digest FROM suppressed_keys");
                    ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1) + "|" + rs.getString(2));
                }
            }
            return keys;
        });
    }

    /** Every suppressed key with the request that suppressed it and since when, oldest first. */
    public List<Suppression> suppressions() {
        return Transactions.inTransaction(controlPlane, connection -> {
            List<Suppression> suppressions = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                            "SELECT tenant_id, key_digest, request_id, suppressed_at FROM suppressed_keys "
                                    + "ORDER BY suppressed_at, request_id");
                    ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    suppressions.add(
                            new Suppression(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return suppressions;
        });
    }

    /**
     * Ends the suppression request {@code requestId} made, once upstream no longer holds the entity
     * (so a customer who returns under the same id is scored again). Audited. Refused (exit 3)
     * before the erasure is certified — until then the key must stay out of runs; an unknown
     * request is a usage error (exit 2). Returns false when it was already lifted.
     */
    public boolean lift(String requestId, String reason, String actor) {
        return Transactions.inTransaction(controlPlane, connection -> {
            Request request = find(connection, requestId)
                    .orElseThrow(() -> new ScorehouseException(
                            ExitCode.USAGE, "--request " + requestId, "no erasure request has this id"));
            if (!request.certified()) {
                throw new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "lift " + requestId,
                        "the erasure is not certified yet; its key stays suppressed until it completes");
            }
            int lifted;
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM suppressed_keys WHERE tenant_id = ? AND key_digest = ? AND request_id = ?")) {
                delete.setString(1, request.tenant());
                delete.setString(2, request.keyDigest());
                delete.setString(3, requestId);
                lifted = delete.executeUpdate();
            }
            if (lifted > 0) {
                audit.append(
                        connection,
                        actor,
                        "store.suppression.lifted",
                        requestId,
                        AuditChain.details(Map.of(
                                "tenant", request.tenant(), "key_digest", request.keyDigest(), "reason", reason)));
            }
            return lifted > 0;
        });
    }

    private static boolean suppressed(Connection connection, String tenant, String keyDigest) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT 1 FROM suppressed_keys WHERE tenant_id = ? AND key_digest = ?")) {
            query.setString(1, tenant);
            query.setString(2, keyDigest);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Optional<Request> find(Connection connection, String requestId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT request_id, tenant_id, key_digest, reason, actor, received_at, certified_at, certificate "
                        + "FROM erasure_requests WHERE request_id = ?")) {
            query.setString(1, requestId);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Request(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        Optional.ofNullable(rs.getString(7)),
                        Optional.ofNullable(rs.getString(8))));
            }
        }
    }

    /** A key later runs skip, named by digest. */
    public record Suppression(String tenant, String keyDigest, String requestId, String suppressedAt) {}

    /** A data-subject erasure request; {@code certificate} is set once it is complete. */
    public record Request(
            String requestId,
            String tenant,
            String keyDigest,
            String reason,
            String actor,
            String receivedAt,
            Optional<String> certifiedAt,
            Optional<String> certificate) {
        public boolean certified() {
            return certificate.isPresent();
        }
    }
}

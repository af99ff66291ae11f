package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.ControlPlaneException;
import io.scorehouse.lakehouse.controlplane.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Canary rollouts in the control plane: the allocation scoring runs read and every change of it,
 * each written together with its audit-chain entry in one transaction.
 */
public final class CanaryRollouts {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final String COLUMNS =
            "model_name, challenger_version, champion_version, step, percent, status, last_decision, "
                    + "consecutive_failures, policy_digest, started_at, updated_at, updated_by";

    private final ControlPlane controlPlane;
    private final AuditChain audit;
    private final Clock clock;

    public CanaryRollouts(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.audit = new AuditChain(controlPlane, clock);
    }

    /**
     * Starts the canary of {@code challenger} at the plan's first step, against {@code champion}.
     * Without a champion (a first release) there is nothing to compare: the rollout starts
     * complete at 100 %. Refused (exit 3) while another challenger of the model is ACTIVE, or
     * when this challenger already has a rollout (a rolled-back version does not come back).
     */
    public Rollout start(ModelRef challenger, Optional<Integer> champion, String policyDigest, String actor) {
        return Transactions.inTransaction(controlPlane, connection -> {
            Optional<Rollout> active =
                    query(connection, "WHERE model_name = ? AND status = 'ACTIVE'", challenger.name()).stream()
                            .findFirst();
            if (active.isPresent() && !active.get().challenger().equals(challenger)) {
                throw refused(
                        challenger,
                        "the canary of " + active.get().challenger() + " is still active ("
                                + active.get().percent() + " %); finish or roll it back first");
            }
            Optional<Rollout> existing = find(connection, challenger);
            if (existing.isPresent()) {
                throw refused(
                        challenger,
                        "already has a canary (" + existing.get().status() + " at "
                                + existing.get().percent() + " %)");
            }
            String now = Instant.now(clock).toString();
            Rollout rollout = Rollout.start(challenger, champion, policyDigest, now, actor);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO canary_rollouts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(insert, rollout);
                insert.executeUpdate();
            }
            appendAudit(
                    connection,
                    rollout,
                    "canary.started",
                    Map.of("champion", champion.map(String::valueOf).orElse("none"), "percent", rollout.percent()));
            return rollout;
        });
    }

    /** Saves the rollout's next state (same challenger) and its audit entry. */
    public Rollout save(Rollout next, String action, Map<String, Object> details) {
        return save(next, action, details, Optional.empty());
    }

    /**
     * As above, recording that the decision observed scoring run {@code observedRun} — in the same
     * transaction, so a run already observed (also by a racing evaluation) refuses the save.
     */
    public Rollout save(Rollout next, String action, Map<String, Object> details, Optional<String> observedRun) {
        return Transactions.inTransaction(controlPlane, connection -> {
            if (observedRun.isPresent()) {
                requireUnobserved(connection, next.challenger(), observedRun.get());
                try (PreparedStatement insert =
                        connection.prepareStatement("INSERT INTO canary_observations (model_name, "
                                + "challenger_version, run_key, decision, decided_at) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, next.challenger().name());
                    insert.setInt(2, next.challenger().version());
                    insert.setString(3, observedRun.get());
                    insert.setString(4, next.lastDecision().map(Enum::name).orElse("NONE"));
                    insert.setString(5, next.updatedAt());
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE canary_rollouts SET step = ?, percent = ?, status = ?, "
                            + "last_decision = ?, consecutive_failures = ?, policy_digest = ?, updated_at = ?, updated_by = ? WHERE model_name = ? "
                            + "AND challenger_version = ?")) {
                update.setInt(1, next.step());
                update.setInt(2, next.percent());
                update.setString(3, next.status().name());
                update.setString(4, next.lastDecision().map(Enum::name).orElse(null));
                update.setInt(5, next.consecutiveFailures());
                update.setString(6, next.policyDigest());
                update.setString(7, next.updatedAt());
                update.setString(8, next.updatedBy());
                update.setString(9, next.challenger().name());
                update.setInt(10, next.challenger().version());
                if (update.executeUpdate() != 1) {
                    throw refused(
                            next.challenger(), "has no canary; run 'canary plan " + next.challenger() + "' first");
                }
            }
            appendAudit(connection, next, action, details);
            return next;
        });
    }

    /** Refused (exit 3) when a decision of {@code challenger}'s canary already observed scoring run {@code run}. */
    public void requireUnobserved(ModelRef challenger, String run) {
        read(connection -> {
            requireUnobserved(connection, challenger, run);
            return null;
        });
    }

    private static void requireUnobserved(Connection connection, ModelRef challenger, String run) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT decision, decided_at FROM canary_observations WHERE "
                        + "model_name = ? AND challenger_version = ? AND run_key = ?")) {
            query.setString(1, challenger.name());
            query.setInt(2, challenger.version());
            query.setString(3, run);
            try (ResultSet rs = query.executeQuery()) {
                if (rs.next()) {
                    throw refused(
                            challenger,
                            "run " + run + " was already observed (" + rs.getString(1) + " at " + rs.getString(2)
                                    + "); score a new run at this step first");
                }
            }
        }
    }

    public Optional<Rollout> find(ModelRef challenger) {
        return read(connection -> find(connection, challenger));
    }

    /** The ACTIVE rollout of {@code model}, if any: what a scoring run routes by. */
    public Optional<Rollout> active(String model) {
        return read(connection -> query(connection, "WHERE model_name = ? AND status = 'ACTIVE'", model).stream()
                .findFirst());
    }

    public List<Rollout> list() {
        return read(connection -> query(connection, "ORDER BY model_name, challenger_version"));
    }

    Instant now() {
        return Instant.now(clock);
    }

    private static Optional<Rollout> find(Connection connection, ModelRef challenger) throws SQLException {
        return query(
                        connection,
                        "WHERE model_name = ? AND challenger_version = ?",
                        challenger.name(),
                        challenger.version())
                .stream()
                .findFirst();
    }

    private static List<Rollout> query(Connection connection, String where, Object... args) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM canary_rollouts " + where)) {
            for (int i = 0; i < args.length; i++) {
                query.setObject(i + 1, args[i]);
            }
            List<Rollout> rollouts = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    int champion = rs.getInt(3);
                    Optional<Integer> championVersion = rs.wasNull() ? Optional.empty() : Optional.of(champion);
                    String decision = rs.getString(7);
                    rollouts.add(new Rollout(
                            new ModelRef(rs.getString(1), rs.getInt(2)),
                            championVersion,
                            rs.getInt(4),
                            rs.getInt(5),
                            Rollout.Status.valueOf(rs.getString(6)),
                            Optional.ofNullable(decision).map(CanaryOutcome::valueOf),
                            rs.getInt(8),
                            rs.getString(9),
                            rs.getString(10),
                            rs.getString(11),
                            rs.getString(12)));
                }
            }
            return rollouts;
        }
    }

    private static void bind(PreparedStatement insert, Rollout rollout) throws SQLException {
        insert.setString(1, rollout.challenger().name());
        insert.setInt(2, rollout.challenger().version());
        insert.setObject(3, rollout.champion().orElse(null));
        insert.setInt(4, rollout.step());
        insert.setInt(5, rollout.percent());
        insert.setString(6, rollout.status().name());
        insert.setString(7, rollout.lastDecision().map(Enum::name).orElse(null));
        insert.setInt(8, rollout.consecutiveFailures());
        insert.setString(9, rollout.policyDigest());
        insert.setString(10, rollout.startedAt());
        insert.setString(11, rollout.updatedAt());
        insert.setString(12, rollout.updatedBy());
    }

    private void appendAudit(Connection connection, Rollout rollout, String action, Map<String, Object> details)
            throws SQLException {
        try {
            audit.append(
                    connection,
                    rollout.updatedBy(),
                    action,
                    rollout.challenger().toString(),
                    JSON.writeValueAsString(details));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render audit details", e);
        }
    }

    private <T> T read(Transactions.Work<T> work) {
        try (Connection connection = controlPlane.connect()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read canary rollouts: " + e.getMessage(), e);
        }
    }

    private static ScorehouseException refused(ModelRef challenger, String why) {
        return new ScorehouseException(ExitCode.POLICY_REFUSED, "canary " + challenger, why);
    }
}

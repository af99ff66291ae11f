package io.scorehouse.lakehouse.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.ControlPlaneException;
import io.scorehouse.lakehouse.controlplane.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The control-plane record of scoring runs, one row per {@link RunKey}, used as a lease.
 *
 * <p>{@link #claim} decides, atomically, whether this attempt may work on a run: a fresh key is
 * acquired; a finalized one is already committed; one leased by a live attempt is in progress;
 * one whose lease expired (its attempt crashed) or that failed is resumed by this attempt.
 * Every later change is conditional on the caller still holding the lease, so an attempt that
 * lost it can never overwrite the winner's record.
 */
public final class RunLedger {
    private static final String COLUMNS = "run_key, job_id, input_partition, pipeline, state, attempt, lease_owner, "
            + "lease_expires_at, as_of_out, model_name, model_version, model_digest, input_version, policy_digest, snapshot_id, rows_out, "
            + "challenger_version, challenger_digest, challenger_percent, "
            + "entity_key_id, pipeline_digest, contract_digest, model_definition_digest, reasons_digest";

    private final ControlPlane controlPlane;
    private final Clock clock;
    private final Duration lease;

    public RunLedger(ControlPlane controlPlane, Clock clock, Duration lease) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.lease = requireNonNull(lease, "lease is null");
    }

    /** The HMAC key ids finalized runs published under (one, in a store that was never re-keyed). */
    public java.util.SortedSet<String> publishedKeyIds() {
        return Transactions.inTransaction(controlPlane, connection -> {
            java.util.SortedSet<String> ids = new java.util.TreeSet<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT DISTINCT entity_key_id FROM runs WHERE state = ? AND entity_key_id IS NOT NULL")) {
                query.setString(1, RunState.FINALIZED.name());
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    /** Every finalized run of a day on or after {@code since}, by job id. */
    public java.util.List<RunRecord> finalizedSince(java.time.LocalDate since) {
        return Transactions.inTransaction(controlPlane, connection -> {
            java.util.List<RunRecord> records = new java.util.ArrayList<>();
            try (PreparedStatement query =
                    connection.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE state = ? ORDER BY job_id")) {
                query.setString(1, RunState.FINALIZED.name());
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        RunRecord record = read(rs);
                        if (!record.key().date().isBefore(since)) {
                            records.add(record);
                        }
                    }
                }
            }
            return records;
        });
    }

    /** Job ids of runs an attempt holds right now (running or published, lease not expired). */
    public java.util.List<String> inFlight() {
        return Transactions.inTransaction(controlPlane, connection -> {
            java.util.List<String> jobs = new java.util.ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT job_id, lease_expires_at FROM runs WHERE state IN (?, ?) ORDER BY job_id")) {
                query.setString(1, RunState.RUNNING.name());
                query.setString(2, RunState.PUBLISHED.name());
                try (java.sql.ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        if (Instant.parse(rs.getString(2)).isAfter(Instant.now(clock))) {
                            jobs.add(rs.getString(1));
                        }
                    }
                }
            }
            return jobs;
        });
    }

    /** A fresh lease owner for this process's next attempt: host, pid and a random suffix. */
    public static String newAttemptOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }

    public Claim claim(RunKey key, String pipeline, String owner) {
        return Transactions.inTransaction(controlPlane, connection -> {
            Optional<RunRecord> existing = find(connection, key);
            String now = now();
            if (existing.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO runs (run_key, job_id, input_partition, "
                                + "pipeline, state, attempt, lease_owner, lease_expires_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)")) {
                    insert.setString(1, key.toString());
                    insert.setString(2, key.jobId());
                    insert.setString(3, key.inputPartition());
                    insert.setString(4, pipeline);
                    insert.setString(5, RunState.RUNNING.name());
                    insert.setString(6, owner);
                    insert.setString(7, leaseUntil());
                    insert.setString(8, now);
                    insert.setString(9, now);
                    insert.executeUpdate();
                }
                return new Claim(
                        ClaimOutcome.ACQUIRED, find(connection, key).orElseThrow(), new RunLease(this, key, owner));
            }
            RunRecord record = existing.get();
            if (record.state() == RunState.FINALIZED) {
                return new Claim(ClaimOutcome.ALREADY_FINALIZED, record, null);
            }
            boolean live = record.state() != RunState.FAILED
                    && Instant.parse(record.leaseExpiresAt()).isAfter(Instant.now(clock));
            if (live && !record.leaseOwner().equals(owner)) {
                return new Claim(ClaimOutcome.IN_PROGRESS, record, null);
            }
            RunState resumedState = record.state() == RunState.PUBLISHED ? RunState.PUBLISHED : RunState.RUNNING;
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE runs SET attempt = attempt + 1, lease_owner = ?, "
                            + "lease_expires_at = ?, state = ?, updated_at = ? WHERE run_key = ? AND attempt = ?")) {
                update.setString(1, owner);
                update.setString(2, leaseUntil());
                update.setString(3, resumedState.name());
                update.setString(4, now);
                update.setString(5, key.toString());
                update.setInt(6, record.attempt());
                if (update.executeUpdate() != 1) {
                    return new Claim(
                            ClaimOutcome.IN_PROGRESS, find(connection, key).orElseThrow(), null);
                }
            }
            return new Claim(ClaimOutcome.RESUMED, find(connection, key).orElseThrow(), new RunLease(this, key, owner));
        });
    }

    /**
     * Pins what the run works on, unless an earlier attempt already did; returns the record with
     * the pins in force. {@code canary}: the challenger allocation, or null.
     */
    RunRecord pin(RunKey key, String owner, RunPins pins) {
        RunRecord.CanaryPin canary = pins.canary();
        RunRecord.ConfigPin config = pins.config();
        return Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE runs SET as_of_out = ?, model_name = ?, "
                            + "model_version = ?, model_digest = ?, input_version = ?, policy_digest = ?, lease_expires_at = ?, updated_at = ?, "
                            + "challenger_version = ?, challenger_digest = ?, challenger_percent = ?, "
                            + "entity_key_id = ?, pipeline_digest = ?, contract_digest = ?, model_definition_digest = ?, reasons_digest = ? "
                            + "WHERE run_key = ? AND lease_owner = ? AND as_of_out IS NULL")) {
                update.setString(1, pins.asOfOut().toString());
                update.setString(2, pins.modelName());
                update.setInt(3, pins.modelVersion());
                update.setString(4, pins.modelDigest().value());
                update.setLong(5, pins.inputVersion());
                update.setString(6, pins.policyDigest().value());
                update.setString(7, leaseUntil());
                update.setString(8, now());
                update.setObject(9, canary == null ? null : canary.challengerVersion(), java.sql.Types.INTEGER);
                update.setString(10, canary == null ? null : canary.challengerDigest());
                update.setObject(11, canary == null ? null : canary.percent(), java.sql.Types.INTEGER);
                update.setString(12, config.entityKeyId());
                update.setString(13, config.pipelineDigest());
                update.setString(14, config.contractDigest());
                update.setString(15, config.modelDefinitionDigest());
                update.setString(16, config.reasonsDigest());
                update.setString(17, key.toString());
                update.setString(18, owner);
                update.executeUpdate();
            }
            RunRecord record = find(connection, key).orElseThrow();
            requireOwner(record, owner);
            return record;
        });
    }

    /** Extends the lease; fails if another attempt took the run over. */
    void renew(RunKey key, String owner) {
        update(key, owner, "lease_expires_at = ?", leaseUntil());
    }

    void published(RunKey key, String owner, long snapshotId, long rowsOut) {
        update(key, owner, "state = ?, snapshot_id = ?, rows_out = ?", RunState.PUBLISHED.name(), snapshotId, rowsOut);
    }

    void finalized(RunKey key, String owner) {
        update(key, owner, "state = ?, last_error = NULL", RunState.FINALIZED.name());
    }

    /** Records the failure and releases the lease at once (a retry need not wait for expiry). */
    void failed(RunKey key, String owner, String error) {
        update(key, owner, "state = ?, last_error = ?, lease_expires_at = ?", RunState.FAILED.name(), error, now());
    }

    public Optional<RunRecord> find(RunKey key) {
        try (Connection connection = controlPlane.connect()) {
            return find(connection, key);
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read run " + key + ": " + e.getMessage(), e);
        }
    }

    /** The finalized run with this job id, if any (for {@code verify --run}). */
    /**
     * The finalized run {@code jobId}, for {@code what} reads it (verify, replay): an unknown job is a
     * usage error (exit 2), a run not finalized an integrity failure (exit 5).
     */
    public RunRecord requireFinalized(String jobId, String what) {
        RunRecord record = findByJobId(jobId)
                .orElseThrow(() -> new io.scorehouse.lakehouse.ScorehouseException(
                        io.scorehouse.lakehouse.ExitCode.USAGE, what, "no run with job id '" + jobId + "'"));
        if (record.state() != RunState.FINALIZED) {
            throw new io.scorehouse.lakehouse.IntegrityException(
                    what + " " + jobId, "run is " + record.state() + ", not finalized");
        }
        return record;
    }

    public Optional<RunRecord> findByJobId(String jobId) {
        try (Connection connection = controlPlane.connect();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM runs WHERE job_id = ? ORDER BY updated_at DESC")) {
            query.setString(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new ControlPlaneException("cannot read runs of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private void update(RunKey key, String owner, String assignments, Object... values) {
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE runs SET " + assignments + ", updated_at = ? WHERE run_key = ? AND lease_owner = ?")) {
                int i = 1;
                for (Object value : values) {
                    update.setObject(i++, value);
                }
                update.setString(i++, now());
                update.setString(i++, key.toString());
                update.setString(i, owner);
                if (update.executeUpdate() != 1) {
                    requireOwner(find(connection, key).orElseThrow(), owner);
                }
            }
            return null;
        });
    }

    private static void requireOwner(RunRecord record, String owner) {
        if (!record.leaseOwner().equals(owner)) {
            throw new RunLeaseLostException(record.key(), record.leaseOwner());
        }
    }

    private Optional<RunRecord> find(Connection connection, RunKey key) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM runs WHERE run_key = ?")) {
            query.setString(1, key.toString());
            try (ResultSet rs = query.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    private static RunRecord read(ResultSet rs) throws SQLException {
        String partition = rs.getString("input_partition");
        return new RunRecord(
                new RunKey(rs.getString("job_id"), java.time.LocalDate.parse(partition.substring("dt=".length()))),
                rs.getString("pipeline"),
                RunState.valueOf(rs.getString("state")),
                rs.getInt("attempt"),
                rs.getString("lease_owner"),
                rs.getString("lease_expires_at"),
                rs.getString("as_of_out"),
                rs.getString("model_name"),
                (Integer) rs.getObject("model_version") == null ? null : rs.getInt("model_version"),
                rs.getString("model_digest"),
                rs.getObject("input_version") == null ? null : rs.getLong("input_version"),
                rs.getString("policy_digest"),
                rs.getObject("snapshot_id") == null ? null : rs.getLong("snapshot_id"),
                rs.getObject("rows_out") == null ? null : rs.getLong("rows_out"),
                rs.getObject("challenger_version") == null
                        ? null
                        : new RunRecord.CanaryPin(
                                rs.getInt("challenger_version"),
                                rs.getString("challenger_digest"),
                                rs.getInt("challenger_percent")),
                rs.getString("pipeline_digest") == null
                        ? null
                        : new RunRecord.ConfigPin(
                                rs.getString("entity_key_id"),
                                rs.getString("pipeline_digest"),
                                rs.getString("contract_digest"),
                                rs.getString("model_definition_digest"),
                                rs.getString("reasons_digest")));
    }

    private String now() {
        return Instant.now(clock).toString();
    }

    private String leaseUntil() {
        return Instant.now(clock).plus(lease).toString();
    }

    /** What {@link #claim} decided. */
    public enum ClaimOutcome {
        ACQUIRED,
        RESUMED,
        ALREADY_FINALIZED,
        IN_PROGRESS
    }

    /** {@code lease}: this attempt's hold on the run when it was {@code ACQUIRED} or {@code RESUMED}, else null. */
    public record Claim(ClaimOutcome outcome, RunRecord record, RunLease lease) {
        public RunLease lease() {
            if (lease == null) {
                throw new IllegalStateException("a " + outcome + " claim holds no lease");
            }
            return lease;
        }
    }
}

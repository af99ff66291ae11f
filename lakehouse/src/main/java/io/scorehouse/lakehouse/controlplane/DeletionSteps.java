package io.scorehouse.lakehouse.controlplane;

import static java.util.Objects.requireNonNull;

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
 * The write-ahead record of deletions from the lakehouse ({@code deletion_steps}): before a table
 * is deleted from, what the predicate matched is recorded; once the deletion log holds its row,
 * the step is completed. A step left pending by a crash is finished by the next run, so no
 * deletion ever goes unlogged.
 */
public final class DeletionSteps {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();
    private static final String COLUMNS =
            "operation_id, table_name, predicate, rows_matched, rows_by_job, snapshot_before, snapshot_after, completed_at";

    private final ControlPlane controlPlane;
    private final Clock clock;

    public DeletionSteps(ControlPlane controlPlane, Clock clock) {
        this.controlPlane = requireNonNull(controlPlane, "controlPlane is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public Optional<Step> find(String operation, String table) {
        return Transactions.inTransaction(
                        controlPlane,
                        connection -> query(connection, " WHERE operation_id = ? AND table_name = ?", operation, table))
                .stream()
                .findFirst();
    }

    /** Records a step about to run; a second call for the same operation and table keeps the first. */
    public Step begin(Step step) {
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deletion_steps (" + COLUMNS
                    + ", begun_at) SELECT ?, ?, ?, ?, ?, ?, NULL, NULL, ? WHERE NOT EXISTS "
                    + "(SELECT 1 FROM deletion_steps WHERE operation_id = ? AND table_name = ?)")) {
                insert.setString(1, step.operation());
                insert.setString(2, step.table());
                insert.setString(3, step.predicate());
                insert.setLong(4, step.rowsMatched());
                insert.setString(5, AuditChain.details(step.rowsByJob()));
                insert.setLong(6, step.snapshotBefore());
                insert.setString(7, Instant.now(clock).toString());
                insert.setString(8, step.operation());
                insert.setString(9, step.table());
                insert.executeUpdate();
            }
            return null;
        });
        return find(step.operation(), step.table()).orElseThrow();
    }

    /** Completes a step once the deletion log holds it; {@code snapshotAfter} is the table's snapshot after the delete. */
    public void complete(String operation, String table, long snapshotAfter) {
        Transactions.inTransaction(controlPlane, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE deletion_steps SET completed_at = ?, snapshot_after = ? WHERE operation_id = ? AND table_name = ? "
                            + "AND completed_at IS NULL")) {
                update.setString(1, Instant.now(clock).toString());
                update.setLong(2, snapshotAfter);
                update.setString(3, operation);
                update.setString(4, table);
                update.executeUpdate();
            }
            return null;
        });
    }

    /** Steps begun and never completed whose operation id starts with {@code prefix}, oldest first. */
    public List<Step> pending(String prefix) {
        return Transactions.inTransaction(
                controlPlane,
                connection -> query(
                        connection,
                        " WHERE completed_at IS NULL AND operation_id LIKE ? ORDER BY begun_at",
                        prefix + "%"));
    }

    private static List<Step> query(Connection connection, String where, String... args) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + COLUMNS + " FROM deletion_steps" + where)) {
            for (int i = 0; i < args.length; i++) {
                select.setString(i + 1, args[i]);
            }
            List<Step> steps = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    steps.add(new Step(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getLong(4),
                            counts(rs.getString(5)),
                            rs.getLong(6),
                            rs.getLong(7),
                            rs.getString(8) != null));
                }
            }
            return steps;
        }
    }

    private static Map<String, Long> counts(String json) {
        try {
            return json == null
                    ? Map.of()
                    : JSON.readValue(
                            json,
                            new com.fasterxml.jackson.core.type.TypeReference<java.util.TreeMap<String, Long>>() {});
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new ControlPlaneException("deletion_steps.rows_by_job is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * One table's deletion within one operation.
     *
     * @param predicate   SQL over the table's columns; names entities by key digest only
     * @param rowsByJob   rows matched per {@code job_id}, for tables that have one
     * @param completed   whether the deletion log holds it
     */
    public record Step(
            String operation,
            String table,
            String predicate,
            long rowsMatched,
            Map<String, Long> rowsByJob,
            long snapshotBefore,
            long snapshotAfter,
            boolean completed) {
        /** A step about to begin. */
        public static Step of(
                String operation,
                String table,
                String predicate,
                long rowsMatched,
                Map<String, Long> rowsByJob,
                long snapshotBefore) {
            return new Step(operation, table, predicate, rowsMatched, rowsByJob, snapshotBefore, 0, false);
        }
    }
}

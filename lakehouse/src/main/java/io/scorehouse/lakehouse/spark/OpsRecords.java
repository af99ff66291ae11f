package io.scorehouse.lakehouse.spark;

import static io.scorehouse.lakehouse.SqlFiles.literal;
import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.SqlFiles;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * Rows in the {@code lake.ops} tables that must land exactly once however often a step is
 * repeated (a retried run, a re-run reconciliation): each is a MERGE … WHEN NOT MATCHED on a key
 * derived from what the row records.
 */
public final class OpsRecords {
    private final SparkSession spark;
    private final ScoredStore store;

    public OpsRecords(SparkSession spark, ScoredStore store) {
        this.spark = requireNonNull(spark, "spark is null");
        this.store = requireNonNull(store, "store is null");
    }

    /** An event in {@code ops.events}; {@code identity} names it uniquely (e.g. run key + type). */
    public void event(
            String identity,
            String type,
            Instant occurredAt,
            String jobId,
            String modelName,
            LocalDate dt,
            Map<String, String> details) {
        mergeOnce(
                ScoredStore.EVENTS,
                "event_id",
                Map.of(
                        "event_id", literal(Digests.sha256Hex(identity + "|" + type)),
                        "event_type", literal(type),
                        "occurred_at", timestamp(occurredAt),
                        "job_id", literal(jobId),
                        "model_name", literal(modelName),
                        "dt", dt == null ? "CAST(NULL AS DATE)" : "DATE'" + dt + "'",
                        "details", mapLiteral(details)),
                List.of("event_id", "event_type", "occurred_at", "job_id", "model_name", "dt", "details"));
    }

    /** An audit row in {@code ops.audit} (append-only), once per {@code identity}. */
    public void audit(
            String identity,
            Instant occurredAt,
            String actor,
            String action,
            String subject,
            Map<String, String> details) {
        mergeOnce(
                ScoredStore.AUDIT,
                "audit_id",
                Map.of(
                        "audit_id", literal(Digests.sha256Hex(identity)),
                        "occurred_at", timestamp(occurredAt),
                        "actor", literal(actor),
                        "action", literal(action),
                        "subject", literal(subject),
                        "details", mapLiteral(details)),
                List.of("audit_id", "occurred_at", "actor", "action", "subject", "details"));
    }

    /** A deletion in {@code ops.deletion_log} (append-only), once per {@code identity}. */
    public void deletion(String identity, Deletion d) {
        Map<String, String> values = new java.util.HashMap<>();
        values.put("deletion_id", literal(Digests.sha256Hex(identity)));
        values.put("occurred_at", timestamp(d.occurredAt()));
        values.put("table_name", literal(d.table()));
        values.put("predicate", literal(d.predicate()));
        values.put("rows_deleted", d.rowsDeleted() + "L");
        values.put("rows_by_job", countsLiteral(d.rowsByJob()));
        values.put("snapshot_before", d.snapshotBefore() + "L");
        values.put("snapshot_after", d.snapshotAfter() + "L");
        values.put("actor", literal(d.actor()));
        values.put("reason", literal(d.reason()));
        values.put("request_id", literal(d.requestId()));
        values.put("policy_digest", literal(d.policyDigest()));
        mergeOnce(
                ScoredStore.DELETION_LOG,
                "deletion_id",
                values,
                List.of(
                        "deletion_id",
                        "occurred_at",
                        "table_name",
                        "predicate",
                        "rows_deleted",
                        "rows_by_job",
                        "snapshot_before",
                        "snapshot_after",
                        "actor",
                        "reason",
                        "request_id",
                        "policy_digest"));
    }

    /**
     * One deletion from one table.
     *
     * @param requestId the data-subject request (null for retention)
     */
    public record Deletion(
            Instant occurredAt,
            String table,
            String predicate,
            long rowsDeleted,
            Map<String, Long> rowsByJob,
            long snapshotBefore,
            long snapshotAfter,
            String actor,
            String reason,
            String requestId,
            String policyDigest) {}

    private static String countsLiteral(Map<String, Long> counts) {
        if (counts.isEmpty()) {
            return "CAST(map() AS MAP<STRING, BIGINT>)";
        }
        return "map("
                + new java.util.TreeMap<>(counts)
                        .entrySet().stream()
                                .map(e -> literal(e.getKey()) + ", " + e.getValue() + "L")
                                .collect(Collectors.joining(", "))
                + ")";
    }

    /** INSERT … WHEN NOT MATCHED on {@code key}: the row lands once however often this runs. */
    public void mergeOnce(String table, String key, Map<String, String> values, List<String> order) {
        String select = order.stream()
                .map(column -> values.get(column) + " AS " + column)
                .collect(Collectors.joining(", "));
        spark.sql("MERGE INTO " + store.qualified(table) + " t USING (SELECT " + select + ") s ON t." + key + " = s."
                + key + " WHEN NOT MATCHED THEN INSERT *");
    }

    public static String timestamp(Instant instant) {
        return "TIMESTAMP'" + SqlFiles.timestamp(instant) + "'";
    }

    public static String mapLiteral(Map<String, String> entries) {
        if (entries.isEmpty()) {
            return "CAST(map() AS MAP<STRING, STRING>)";
        }
        return "map("
                + new LinkedHashMap<>(entries)
                        .entrySet().stream()
                                .sorted(Map.Entry.comparingByKey())
                                .map(e -> literal(e.getKey()) + ", " + literal(e.getValue()))
                                .collect(Collectors.joining(", "))
                + ")";
    }
}

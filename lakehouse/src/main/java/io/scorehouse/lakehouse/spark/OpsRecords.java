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

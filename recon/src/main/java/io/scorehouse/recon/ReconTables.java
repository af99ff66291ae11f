package io.scorehouse.recon;

import io.scorehouse.lakehouse.SqlFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The recon tables: created from their DDL, and brought up to date in homes made before a column
 * existed. Iceberg adds a column as a metadata change; older days read it as null.
 */
final class ReconTables {
    /** Columns added after a table's first release (nullable in the DDL too), with their types. */
    private static final Map<String, Map<String, String>> ADDED = Map.of(
            "recon.daily",
            ordered(
                    "matched_by_request_id",
                    "BIGINT",
                    "matched_by_time_window",
                    "BIGINT",
                    "unknown_request_ids",
                    "BIGINT",
                    "reason_code_mix",
                    "MAP<STRING, BIGINT>"),
            "recon.quarantine",
            ordered("request_id", "STRING"));

    private ReconTables() {}

    static void ensure(SparkSession spark, String catalog) {
        SqlFiles.statements(ReconSql.TABLES, Map.of("catalog", catalog)).forEach(spark::sql);
        ADDED.forEach((table, columns) -> {
            String qualified = catalog + "." + table;
            List<String> present = List.of(spark.table(qualified).columns());
            List<String> missing = columns.entrySet().stream()
                    .filter(c -> !present.contains(c.getKey()))
                    .map(c -> c.getKey() + " " + c.getValue())
                    .toList();
            if (!missing.isEmpty()) {
                spark.sql("ALTER TABLE " + qualified + " ADD COLUMNS (" + String.join(", ", missing) + ")");
            }
        });
    }

    private static Map<String, String> ordered(String... nameTypePairs) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            columns.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return columns;
    }
}

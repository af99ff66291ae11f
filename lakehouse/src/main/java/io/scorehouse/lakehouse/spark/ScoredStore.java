package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.SqlFiles;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * The governed store's tables and views (DESIGN §3), created idempotently from
 * {@code sql/store/*.sql}: every run calls {@link #ensure()} before touching them.
 */
public final class ScoredStore {
    public static final String PREDICTIONS = "scored.predictions";
    public static final String SHADOW_PREDICTIONS = "scored.shadow_predictions";
    public static final String RUN_MANIFESTS = "ops.run_manifests";
    public static final String EVENTS = "ops.events";
    public static final String AUDIT = "ops.audit";
    public static final String V_LAST = "scored.v_last";
    public static final String V_HISTORY = "scored.v_history";
    public static final String V_RECON = "scored.v_recon";

    private final SparkSession spark;
    private final String catalog;

    public ScoredStore(SparkSession spark, String catalog) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Creates whatever is missing; a no-op (a few catalog lookups) on an existing store. */
    public void ensure() {
        if (complete()) {
            return;
        }
        run("sql/store/01_namespaces.sql", Map.of());
        run("sql/store/02_scored_table.sql", Map.of("table", PREDICTIONS));
        run("sql/store/02_scored_table.sql", Map.of("table", SHADOW_PREDICTIONS));
        run("sql/store/03_ops_tables.sql", Map.of());
        run("sql/store/04_views.sql", Map.of());
    }

    private boolean complete() {
        try {
            List<String> tables = names("SHOW TABLES IN " + catalog + ".scored", 1);
            List<String> ops = names("SHOW TABLES IN " + catalog + ".ops", 1);
            List<String> views = names("SHOW VIEWS IN " + catalog + ".scored", 1);
            return tables.containsAll(List.of("predictions", "shadow_predictions"))
                    && ops.containsAll(List.of("run_manifests", "events", "audit"))
                    && views.containsAll(List.of("v_last", "v_history", "v_recon"));
        } catch (RuntimeException namespaceMissing) {
            return false;
        }
    }

    private List<String> names(String sql, int column) {
        return spark.sql(sql).collectAsList().stream().map(row -> row.getString(column)).toList();
    }

    /** Fully qualified name of a store object, e.g. {@code lake.scored.predictions}. */
    public String qualified(String name) {
        return catalog + "." + name;
    }

    public String catalog() {
        return catalog;
    }

    private void run(String resource, Map<String, String> values) {
        Map<String, String> all = new java.util.HashMap<>(values);
        all.put("catalog", catalog);
        List<String> statements = SqlFiles.statements(resource, all);
        statements.forEach(spark::sql);
    }
}

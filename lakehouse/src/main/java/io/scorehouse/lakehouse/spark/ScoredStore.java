package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.SqlFiles;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/**
 * The governed store's tables and views (DESIGN §3), created idempotently from
 * {@code sql/store/*.sql}: every run calls {@link #ensure()} before touching them. The raw tables
 * (published and shadow scores) are reached only through this class; consumers and recon read the
 * views.
 */
public final class ScoredStore {
    // The raw tables are named here and nowhere else: other modules read views or ask this class.
    static final String PREDICTIONS = "scored.predictions";
    static final String SHADOW_PREDICTIONS = "scored.shadow_predictions";
    public static final String RUN_MANIFESTS = "ops.run_manifests";
    public static final String EVENTS = "ops.events";
    public static final String AUDIT = "ops.audit";
    static final String REVOKED_VERSIONS = "ops.revoked_versions";
    public static final String DELETION_LOG = "ops.deletion_log";
    public static final String V_LAST = "scored.v_last";
    public static final String V_HISTORY = "scored.v_history";
    public static final String V_RECON = "scored.v_recon";
    private static final String REASON_CODES = "reason_codes";
    private static final String DROP_DIALECT_ALLOWED = "replace.drop-dialect.allowed";
    /** The Trino user the governed views run as (their owner); Trino's rules grant it the tables under them. */
    public static final String TRINO_VIEW_OWNER = "scorehouse";
    /** Table property: the identity of the HMAC key every {@code entity_key} in the table was made with. */
    public static final String ENTITY_KEY_ID = "scorehouse.entity-key-id";
    /** The last layout property sql/store/02_scored_table.sql added: a table without it predates that layout. */
    private static final String UNIQUE_WITHOUT_DICTIONARY = "write.parquet.dict-encoding-enabled.column.idempo_key";

    private final SparkSession spark;
    private final String catalog;

    public ScoredStore(SparkSession spark, String catalog) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** Creates whatever is missing; a no-op (a few catalog lookups) on an existing store. */
    public void ensure() {
        List<String> replaceable = List.of();
        if (!complete()) {
            run("sql/store/01_namespaces.sql", Map.of());
            run("sql/store/02_scored_table.sql", Map.of("table", PREDICTIONS));
            run("sql/store/02_scored_table.sql", Map.of("table", SHADOW_PREDICTIONS));
            run("sql/store/03_ops_tables.sql", Map.of());
            for (String table : List.of(PREDICTIONS, SHADOW_PREDICTIONS)) {
                addReasonCodes(qualified(table));
            }
            replaceable = allowReplacingTrinoDialect();
            run("sql/store/04_views.sql", Map.of());
        }
        new TrinoDialect(spark, catalog).ensure(List.of(V_LAST, V_HISTORY, V_RECON));
        for (String view : replaceable) {
            spark.sql("ALTER VIEW " + qualified(view) + " UNSET TBLPROPERTIES ('" + DROP_DIALECT_ALLOWED + "')");
        }
    }

    private boolean complete() {
        try {
            List<String> tables = names("SHOW TABLES IN " + catalog + ".scored", 1);
            List<String> ops = names("SHOW TABLES IN " + catalog + ".ops", 1);
            List<String> views = names("SHOW VIEWS IN " + catalog + ".scored", 1);
            return tables.containsAll(List.of("predictions", "shadow_predictions"))
                    && ops.containsAll(List.of("run_manifests", "events", "audit", "revoked_versions", "deletion_log"))
                    && views.containsAll(List.of("v_last", "v_history", "v_recon"))
                    && currentLayout()
                    && currentViews();
        } catch (Exception missingOrOutdated) { // Spark throws its AnalysisException undeclared
            return false;
        }
    }

    /** Tables made before their unique strings were written without a dictionary get the layout properties again. */
    private boolean currentLayout() {
        return List.of(PREDICTIONS, SHADOW_PREDICTIONS).stream()
                .allMatch(table ->
                        names("SHOW TBLPROPERTIES " + qualified(table), 0).contains(UNIQUE_WITHOUT_DICTIONARY));
    }

    /**
     * Views made before v_recon carried request_id (decision ↔ score correlation) or before v_history and v_recon
     * carried reason codes are replaced (and the tables under them gain the column).
     */
    private boolean currentViews() {
        List<String> recon = List.of(spark.table(qualified(V_RECON)).columns());
        return recon.contains("request_id")
                && recon.contains(REASON_CODES)
                && List.of(spark.table(qualified(V_HISTORY)).columns()).contains(REASON_CODES);
    }

    /**
     * Spark replaces a view with its own SQL only; Iceberg refuses to drop the view's Trino dialect unless the view
     * allows it. {@link TrinoDialect} writes the Trino SQL again right after, and the permission is taken back then;
     * returns the views that got it.
     */
    private List<String> allowReplacingTrinoDialect() {
        List<String> existing = names("SHOW VIEWS IN " + catalog + ".scored", 1);
        List<String> allowed = new java.util.ArrayList<>();
        for (String view : List.of(V_LAST, V_HISTORY, V_RECON)) {
            if (existing.contains(view.substring(view.indexOf('.') + 1))) {
                spark.sql("ALTER VIEW " + qualified(view) + " SET TBLPROPERTIES ('" + DROP_DIALECT_ALLOWED
                        + "' = 'true')");
                allowed.add(view);
            }
        }
        return allowed;
    }

    /** A table created before explanations had reason codes gains the column (null on its earlier rows). */
    private void addReasonCodes(String table) {
        if (!List.of(spark.table(table).columns()).contains(REASON_CODES)) {
            try {
                spark.sql("ALTER TABLE " + table + " ADD COLUMN " + REASON_CODES + " ARRAY<STRING> AFTER explanations");
            } catch (RuntimeException raced) {
                // another run upgrading the same store added it first
                spark.sql("REFRESH TABLE " + table);
                if (!List.of(spark.table(table).columns()).contains(REASON_CODES)) {
                    throw raced;
                }
            }
        }
    }

    private List<String> names(String sql, int column) {
        return spark.sql(sql).collectAsList().stream()
                .map(row -> row.getString(column))
                .toList();
    }

    /** The exactly-once publication protocol of the published scores table. */
    public PublishProtocol publication() {
        return new PublishProtocol(spark, catalog, PREDICTIONS);
    }

    /** Fully qualified name of the published scores table, for evidence (manifests). */
    public String predictionsTable() {
        return qualified(PREDICTIONS);
    }

    /** Fully qualified name of the shadow scores table, for evidence (shadow reports). */
    public String shadowTable() {
        return qualified(SHADOW_PREDICTIONS);
    }

    /** The rows one job published for day {@code day}. */
    public Dataset<Row> publishedByJob(LocalDate day, String jobId) {
        return spark.table(qualified(PREDICTIONS))
                .where(col("dt")
                        .equalTo(lit(Date.valueOf(day)))
                        .and(col("job_id").equalTo(jobId)));
    }

    /** Every row one model version published for day {@code day} (under any job). */
    public Dataset<Row> publishedByModel(LocalDate day, String model, int version) {
        return ofModel(spark.table(qualified(PREDICTIONS)), day, model, version);
    }

    /** The shadow rows of one candidate for day {@code day}. */
    public Dataset<Row> shadowOf(LocalDate day, String model, int version) {
        return ofModel(spark.table(qualified(SHADOW_PREDICTIONS)), day, model, version);
    }

    /** Replaces a candidate's shadow rows of {@code day} with {@code governed}, in one Iceberg commit. */
    public void replaceShadowDay(Dataset<Row> governed, LocalDate day, String model, int version) {
        try {
            governed.writeTo(qualified(SHADOW_PREDICTIONS))
                    .overwrite(col("model_name")
                            .equalTo(model)
                            .and(col("model_version").equalTo(version))
                            .and(col("dt").equalTo(lit(Date.valueOf(day)))));
        } catch (NoSuchTableException e) {
            throw new IllegalStateException(SHADOW_PREDICTIONS + " vanished after it was ensured", e);
        }
    }

    /**
     * Pins {@code keyId} (the identity of the HMAC key that tokenized {@code entity_key}) on the
     * scored tables the first time, and refuses (exit 5) a run whose key is another one: rows keyed
     * under two keys would silently stop matching in {@code v_last}, recon and history lookups.
     */
    public void requireEntityKeyId(String keyId) {
        Optional<String> pinned = entityKeyId();
        if (pinned.isEmpty()) {
            for (String table : List.of(PREDICTIONS, SHADOW_PREDICTIONS)) {
                spark.sql("ALTER TABLE " + qualified(table) + " SET TBLPROPERTIES ('" + ENTITY_KEY_ID + "' = "
                        + SqlFiles.literal(keyId) + ")");
            }
            pinned = entityKeyId();
        }
        if (!pinned.orElseThrow().equals(keyId)) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY,
                    "HMAC key",
                    "this key's id " + keyId + " differs from " + pinned.get() + " pinned in " + qualified(PREDICTIONS)
                            + "; key rotation is refused until a documented, audited rotation procedure exists");
        }
    }

    /** The HMAC key identity pinned in the published scores table's properties, if any run pinned one. */
    public Optional<String> entityKeyId() {
        return spark.sql("SHOW TBLPROPERTIES " + qualified(PREDICTIONS)).collectAsList().stream()
                .filter(row -> row.getString(0).equals(ENTITY_KEY_ID))
                .map(row -> row.getString(1))
                .findFirst();
    }

    /**
     * Makes {@code ops.revoked_versions} hold exactly {@code revoked} (one commit, none when it
     * already does); returns the versions it did not hold before. {@code v_last} anti-joins it.
     */
    public java.util.Set<RevokedVersion> syncRevoked(List<RevokedVersion> revoked) {
        String table = qualified(REVOKED_VERSIONS);
        java.util.Set<RevokedVersion> current = new java.util.HashSet<>();
        for (Row row : spark.table(table).collectAsList()) {
            current.add(new RevokedVersion(row.getString(0), row.getInt(1), row.getString(2)));
        }
        java.util.Set<RevokedVersion> added = new java.util.LinkedHashSet<>(revoked);
        added.removeAll(current);
        if (current.equals(new java.util.HashSet<>(revoked))) {
            return added;
        }
        List<Row> rows = revoked.stream()
                .map(r -> org.apache.spark.sql.RowFactory.create(r.modelName(), r.modelVersion(), r.modelDigest()))
                .toList();
        try {
            spark.createDataFrame(rows, spark.table(table).schema())
                    .writeTo(table)
                    .overwrite(lit(true));
        } catch (NoSuchTableException e) {
            throw new IllegalStateException(REVOKED_VERSIONS + " vanished after it was ensured", e);
        }
        return added;
    }

    /** A revoked model version, as the store mirrors it from the registry. */
    public record RevokedVersion(String modelName, int modelVersion, String modelDigest) {}

    /**
     * The last valid score, by {@code v_last}, of each (tenant, entity key) in {@code keys} for
     * {@code model}, with its {@code idempo_key}: what the hot store falls back to once a version is
     * revoked (an empty dataset for no keys).
     */
    public Dataset<Row> lastValid(String model, List<Row> keys) {
        org.apache.spark.sql.types.StructType keySchema = new org.apache.spark.sql.types.StructType()
                .add("tenant_id", org.apache.spark.sql.types.DataTypes.StringType)
                .add("entity_key", org.apache.spark.sql.types.DataTypes.StringType);
        Dataset<Row> wanted = spark.createDataFrame(keys, keySchema);
        Dataset<Row> idempotency = spark.table(qualified(PREDICTIONS))
                .select("tenant_id", "entity_key", "model_name", "model_version", "job_id", "idempo_key", "request_id");
        return spark.table(qualified(V_LAST))
                .where(col("model_name").equalTo(model))
                .join(wanted, seq("tenant_id", "entity_key"))
                .join(idempotency, seq("tenant_id", "entity_key", "model_name", "model_version", "job_id"));
    }

    private static scala.collection.Seq<String> seq(String... columns) {
        return scala.collection.JavaConverters.asScalaBuffer(List.of(columns)).toSeq();
    }

    /** The snapshot the published scores table (and so every view over it) currently reads; 0 when empty. */
    public long currentSnapshot() {
        List<Row> current = spark.sql("SELECT snapshot_id FROM " + qualified(PREDICTIONS)
                        + ".history WHERE is_current_ancestor ORDER BY made_current_at DESC LIMIT 1")
                .collectAsList();
        return current.isEmpty() ? 0 : current.get(0).getLong(0);
    }

    /** Rows the deletion log records as deleted from {@code jobId}'s published rows (retention, erasure). */
    public long rowsDeletedFromJob(String jobId) {
        Row row = spark.sql("SELECT coalesce(sum(rows_by_job[" + SqlFiles.literal(jobId) + "]), 0) FROM "
                        + qualified(DELETION_LOG) + " WHERE table_name = " + SqlFiles.literal(PREDICTIONS))
                .head();
        return ((Number) row.get(0)).longValue();
    }

    /** Whether anything was ever deleted from the published scores (after which snapshots may have expired). */
    public boolean deletionsLogged() {
        return spark.sql("SELECT 1 FROM " + qualified(DELETION_LOG) + " WHERE table_name = "
                                + SqlFiles.literal(PREDICTIONS) + " LIMIT 1")
                        .count()
                > 0;
    }

    /** When the oldest snapshot the published scores table still keeps was committed. */
    public Optional<java.time.Instant> oldestSnapshotCommittedAt() {
        List<Row> rows = spark.sql("SELECT min(committed_at) FROM " + qualified(PREDICTIONS) + ".snapshots")
                .collectAsList();
        return rows.isEmpty() || rows.get(0).isNullAt(0)
                ? Optional.empty()
                : Optional.of(rows.get(0).getTimestamp(0).toInstant());
    }

    /** Every retained snapshot of the published scores that carries a run key, with that key. */
    public Map<Long, String> snapshotsWithRunKey() {
        Map<Long, String> keys = new java.util.TreeMap<>();
        for (Row row : spark.sql(
                        "SELECT snapshot_id, summary['" + PublishProtocol.RUN_KEY + "'] FROM " + qualified(PREDICTIONS)
                                + ".snapshots WHERE summary['" + PublishProtocol.RUN_KEY + "'] IS NOT NULL")
                .collectAsList()) {
            keys.put(row.getLong(0), row.getString(1));
        }
        return keys;
    }

    private static Dataset<Row> ofModel(Dataset<Row> table, LocalDate day, String model, int version) {
        return table.where(col("dt")
                .equalTo(lit(Date.valueOf(day)))
                .and(col("model_name").equalTo(model))
                .and(col("model_version").equalTo(version)));
    }

    /** Fully qualified name of a store object, e.g. {@code lake.scored.v_last}. */
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

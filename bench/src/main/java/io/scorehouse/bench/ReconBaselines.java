package io.scorehouse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.spark.LakehouseSession;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.recon.ReconWindow;
import io.scorehouse.recon.Reconciliation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The baseline of bench/recon.sh: the D+1 reconciliation's SQL ported to DuckDB ({@code duckdb/recon/*.sql}), run
 * over the inputs the day's recon read — the decisions ledger at the Delta version and the governed view at the
 * scored table's snapshot its signed report names, exported to Parquet first (not timed) — with the same
 * parameters, baseline bins and expected versions. Timed: the SQL and writing its three results to Parquet (the
 * recon writes its tables). Then every result row is checked against what the recon wrote ({@code lake.recon.daily},
 * {@code .psi}, {@code .quarantine}). Prints {@code duckdb <seconds>} and the rows compared; exits 1 on a difference.
 */
public final class ReconBaselines {
    private static final List<String> FILES = List.of(
            "01_decisions_of_day.sql",
            "02_scores.sql",
            "03_match.sql",
            "04_daily.sql",
            "05_psi.sql",
            "06_quarantine.sql");
    private static final String DAILY_COLUMNS = "model_name, decisions, late_in_watermark, late_beyond_watermark, "
            + "duplicate_finals, matched, no_score, out_of_window, surprise_versions, matched_by_request_id, "
            + "matched_by_time_window, unknown_request_ids, decisions_off_band, coverage, latency_p50_s, latency_p95_s, "
            + "latency_p99_s";

    private ReconBaselines() {}

    public static void main(String[] args) throws Exception {
        LocalDate day = LocalDate.parse(args[0]);
        ScorehouseConfig config = ConfigLoader.loadFromEnvironment();
        ArtifactStore artifacts = ArtifactStore.of(config);
        JsonNode report = new ObjectMapper()
                .readTree(
                        artifacts.reconReport(day).resolve("latest/report.json").toFile());
        JsonNode evidence = report.path("evidence");
        Path exports = config.home().resolve("bench/recon-" + day);

        SparkSession spark = LakehouseSession.open(config, "bench-recon");
        long snapshot = new ScoredStore(spark, config.catalog().name()).currentSnapshot();
        if (snapshot != evidence.path("scores").path("table_snapshot_id").asLong()) {
            throw new IllegalStateException(
                    "the scored table moved on since the recon (snapshot " + snapshot + "); run the recon again first");
        }
        spark.sql("SELECT * FROM " + evidence.path("decisions").path("table").asText() + " VERSION AS OF "
                        + evidence.path("decisions").path("delta_version").asLong())
                .write()
                .mode("overwrite")
                .parquet(exports.resolve("decisions").toString());
        spark.sql("SELECT * FROM " + evidence.path("scores").path("view").asText())
                .write()
                .mode("overwrite")
                .parquet(exports.resolve("scores").toString());

        ModelRegistry registry = new ModelRegistry(
                new ControlPlane(config.catalog()), artifacts, TrustStore.fromConfig(config), Clock.systemUTC());
        CanaryRollouts rollouts = new CanaryRollouts(new ControlPlane(config.catalog()), Clock.systemUTC());

        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
                Statement sql = duck.createStatement()) {
            sql.execute("SET threads TO " + Runtime.getRuntime().availableProcessors());
            sql.execute("CREATE VIEW bench_decisions AS SELECT * FROM read_parquet('" + exports.resolve("decisions")
                    + "/*.parquet')");
            sql.execute("CREATE VIEW bench_scores AS SELECT * FROM read_parquet('" + exports.resolve("scores")
                    + "/*.parquet')");
            inputsFromRegistry(duck, registry, rollouts, evidence);

            Map<String, String> params = new LinkedHashMap<>(new ReconWindow(day).sqlParameters());
            params.put("request_id", "request_id");
            params.put("recon_run_id", report.path("recon_run_id").asText());
            params.put("policy_digest", evidence.path("policy_digest").asText());
            params.putAll(Reconciliation.sqlConstants());

            long started = System.nanoTime();
            for (String file : FILES) {
                for (String statement : SqlFiles.split(SqlFiles.render("duckdb/recon/" + file, params))) {
                    sql.execute(statement);
                }
            }
            for (String out : List.of("daily", "psi", "quarantine")) {
                String view = switch (out) {
                    case "daily" -> "recon_daily_out";
                    case "psi" -> "recon_psi_raw";
                    default -> "recon_quarantine_out";
                };
                sql.execute("CREATE TABLE out_" + out + " AS SELECT * FROM " + view);
                sql.execute("COPY out_" + out + " TO '" + exports.resolve("duckdb_" + out + ".parquet")
                        + "' (FORMAT parquet)");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("duckdb %.3f%n", seconds);

            String dt = "dt = DATE'" + day + "'";
            String catalog = config.catalog().name();
            int daily = same(
                    "daily",
                    spark.sql("SELECT " + DAILY_COLUMNS + ", array_join(score_histogram, ','), "
                            + "array_join(transform(sort_array(map_entries(reason_code_mix)), "
                            + "e -> concat(e.key, '=', e.value)), ',') FROM " + catalog
                            + ".recon.daily WHERE " + dt + " ORDER BY model_name"),
                    duck,
                    "SELECT " + DAILY_COLUMNS + ", array_to_string(score_histogram, ','), "
                            + "array_to_string(list_transform(list_sort(map_entries(reason_code_mix)), "
                            + "lambda e: e.key || '=' || e.value), ',') FROM out_daily ORDER BY model_name");
            // the recon stores no PSI where the guardrail judged the sample too small: compared where it stored one
            int psi = same(
                    "psi",
                    spark.sql("SELECT model_name, model_version, dimension, segment, sample_size, psi, "
                            + "array_join(actual_bins, ',') FROM " + catalog + ".recon.psi WHERE " + dt
                            + " ORDER BY 1, 2, 3, 4"),
                    duck,
                    "SELECT model_name, model_version, dimension, segment, sample_size, psi, "
                            + "array_to_string(actual_bins, ',') FROM out_psi ORDER BY 1, 2, 3, 4");
            int quarantine = same(
                    "quarantine",
                    spark.sql("SELECT reason, count(*) FROM " + catalog + ".recon.quarantine WHERE " + dt
                            + " GROUP BY reason ORDER BY reason"),
                    duck,
                    "SELECT reason, count(*) FROM out_quarantine GROUP BY reason ORDER BY reason");
            System.out.printf(
                    "same results: daily %d row(s), psi %d row(s), quarantine %d reason(s)%n", daily, psi, quarantine);
        } finally {
            spark.stop();
        }
    }

    /** The baseline bins and expected versions the recon used, from the registry and rollouts it read them from. */
    private static void inputsFromRegistry(
            Connection duck, ModelRegistry registry, CanaryRollouts rollouts, JsonNode evidence) throws SQLException {
        try (Statement sql = duck.createStatement()) {
            sql.execute("CREATE TABLE recon_baseline_bins (model_name VARCHAR, model_version INTEGER, bin INTEGER, "
                    + "share DOUBLE)");
            sql.execute("CREATE TABLE recon_expected_versions (model_name VARCHAR, model_version INTEGER)");
        }
        List<String> names = new ArrayList<>();
        try (PreparedStatement bins = duck.prepareStatement("INSERT INTO recon_baseline_bins VALUES (?, ?, ?, ?)")) {
            for (JsonNode version : evidence.path("model_versions")) {
                ModelRef ref = ModelRef.parse(version.path("model").asText());
                if (!names.contains(ref.name())) {
                    names.add(ref.name());
                }
                if (!version.hasNonNull("baseline_digest")) {
                    continue;
                }
                double[] shares =
                        ModelBaseline.read(registry.verify(ref).baselineFile()).scoreBinShares();
                for (int bin = 0; bin < shares.length; bin++) {
                    bins.setString(1, ref.name());
                    bins.setInt(2, ref.version());
                    bins.setInt(3, bin);
                    bins.setDouble(4, shares[bin]);
                    bins.addBatch();
                }
            }
            bins.executeBatch();
        }
        try (PreparedStatement expected = duck.prepareStatement("INSERT INTO recon_expected_versions VALUES (?, ?)")) {
            for (String name : names) {
                for (int version : Reconciliation.expectedVersions(registry, rollouts, name)) {
                    expected.setString(1, name);
                    expected.setInt(2, version);
                    expected.addBatch();
                }
            }
            expected.executeBatch();
        }
    }

    /** Compares the rows both engines returned, column by column (doubles to 1e-9 relative); returns how many. */
    private static int same(String what, org.apache.spark.sql.Dataset<Row> spark, Connection duck, String query)
            throws SQLException {
        List<Row> expected = spark.collectAsList();
        List<List<Object>> actual = new ArrayList<>();
        try (Statement sql = duck.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            int columns = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                List<Object> row = new ArrayList<>();
                for (int c = 1; c <= columns; c++) {
                    row.add(rows.getObject(c));
                }
                actual.add(row);
            }
        }
        if (expected.size() != actual.size()) {
            throw new IllegalStateException(
                    what + ": the recon wrote " + expected.size() + " rows, DuckDB returned " + actual.size());
        }
        for (int r = 0; r < expected.size(); r++) {
            for (int c = 0; c < expected.get(r).size(); c++) {
                Object left = expected.get(r).get(c);
                Object right = actual.get(r).get(c);
                boolean unjudgedPsi = what.equals("psi") && c == 5 && left == null;
                if (!unjudgedPsi && !equal(left, right)) {
                    throw new IllegalStateException(
                            what + " row " + r + " column " + (c + 1) + ": recon " + left + ", DuckDB " + right);
                }
            }
        }
        return expected.size();
    }

    private static boolean equal(Object left, Object right) {
        if (left == null || right == null) {
            return left == right;
        }
        if (left instanceof Double || right instanceof Double) {
            double a = ((Number) left).doubleValue();
            double b = ((Number) right).doubleValue();
            return Math.abs(a - b) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
        }
        if (left instanceof Number && right instanceof Number) {
            return ((Number) left).longValue() == ((Number) right).longValue();
        }
        return left.toString().equals(right.toString());
    }
}

package io.scorehouse.jobs.demo;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.spark.CuratedTables;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.recon.ReconWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampType;

/**
 * The demo's stand-in for the consumers' decisions ledger ({@code curated.decisions}, Delta,
 * partitioned by {@code decision_date}): decisions of day D built from the scores published on D,
 * with controlled anomalies (sql/demo/decisions.sql). What it injected is counted from its own
 * ground-truth column, printed and written to {@code injected.json}, so a reconciliation report
 * can be checked against it; that column never reaches the ledger.
 */
public final class DecisionsLedger {
    public static final String TABLE = "decisions";

    /**
     * The columns Delta keeps min/max statistics of: every string, number, date and timestamp column but the entity key and the
     * partition. The log keeps statistics long after their rows are deleted, so the key is left out
     * and an erasure leaves none of it behind.
     */
    private static List<String> indexedColumns(Dataset<Row> ledger) {
        return Arrays.stream(ledger.schema().fields())
                .filter(field ->
                        !field.name().equals("entity_key") && !field.name().equals(PARTITION))
                // the types Delta keeps statistics of (not booleans, arrays, maps or structs)
                .filter(field -> field.dataType() instanceof StringType
                        || field.dataType() instanceof NumericType
                        || field.dataType() instanceof DateType
                        || field.dataType() instanceof TimestampType)
                .map(StructField::name)
                .toList();
    }

    private static final String PARTITION = "decision_date";
    private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9_]{0,30}");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final SparkSession spark;
    private final String warehouse;
    private final String catalog;

    public DecisionsLedger(SparkSession spark, String warehouse, String catalog) {
        this.spark = requireNonNull(spark, "spark is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
    }

    /** What the generator wrote and injected for one day. */
    public record Injected(
            LocalDate day,
            long decisions,
            long counted,
            long rows,
            long missingScores,
            long surpriseVersions,
            long duplicateFinals,
            long lateInWatermark,
            long lateBeyondWatermark,
            long outOfWindow,
            long unknownRequestIds,
            long matchedByRequestId,
            long nonFinalRows,
            String shiftedSegment,
            long deltaVersion,
            Path countsFile) {
        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("dt", day.toString());
            map.put("decisions", decisions);
            map.put("decisions_counted", counted);
            map.put("ledger_rows", rows);
            map.put("missing_scores", missingScores);
            map.put("surprise_versions", surpriseVersions);
            map.put("duplicate_final_decisions", duplicateFinals);
            map.put("late_in_watermark", lateInWatermark);
            map.put("late_beyond_watermark", lateBeyondWatermark);
            map.put("out_of_window", outOfWindow);
            map.put("unknown_request_ids", unknownRequestIds);
            map.put("matched_by_request_id", matchedByRequestId);
            map.put("non_final_rows", nonFinalRows);
            map.put("shifted_segment", shiftedSegment);
            map.put("delta_version", deltaVersion);
            return map;
        }
    }

    /**
     * Replaces day D of the ledger.
     *
     * @param shiftSegment when not empty, most high-score decisions go to this segment (a deliberate PSI shift)
     */
    public Injected write(LocalDate day, long seed, String shiftSegment, Path countsDirectory) {
        if (!shiftSegment.isEmpty() && !SEGMENT.matcher(shiftSegment).matches()) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    "demo-data decisions",
                    "--shift-segment '" + shiftSegment + "' is not a segment name (lower-case letters, digits, _)");
        }
        new ScoredStore(spark, catalog).ensure();
        ReconWindow window = new ReconWindow(day);
        Map<String, String> params = Map.of(
                "catalog",
                catalog,
                "seed",
                Long.toString(seed),
                "shift_segment",
                shiftSegment,
                "day",
                day.toString(),
                "day_start",
                SqlFiles.timestamp(window.dayStart()),
                "day_end",
                SqlFiles.timestamp(window.dayEnd()));
        SqlFiles.statements("sql/demo/decisions.sql", params).forEach(spark::sql);
        Dataset<Row> generated = spark.table("demo_decisions").persist();
        try {
            Row counts = generated
                    .selectExpr(
                            "count(DISTINCT decision_id)",
                            "count(DISTINCT CASE WHEN injected <> 'late_beyond_watermark' THEN decision_id END)",
                            "count(*)",
                            "count_if(injected = 'missing_score')",
                            "count_if(injected = 'surprise_version')",
                            "count_if(injected = 'duplicate_final')",
                            "count_if(injected = 'late_in_watermark')",
                            "count_if(injected = 'late_beyond_watermark')",
                            "count_if(injected = 'out_of_window')",
                            "count_if(injected = 'unknown_request_id')",
                            "count_if(injected IN ('normal', 'surprise_version', 'duplicate_final', 'late_in_watermark')"
                                    + " AND request_id IS NOT NULL)",
                            "count_if(injected = 'non_final')")
                    .head();
            if (counts.getLong(0) == 0) {
                throw new ScorehouseException(
                        ExitCode.DATA_QUALITY,
                        "demo-data decisions",
                        "no scores were published on " + day + " (as_of_out in that day); run score first");
            }
            String location = CuratedTables.location(warehouse, TABLE);
            Dataset<Row> ledger = generated.drop("injected");
            ledger.write()
                    .format("delta")
                    .mode("overwrite")
                    .option("delta.dataSkippingStatsColumns", String.join(",", indexedColumns(ledger)))
                    // ledgers written before decisions cited request_id gain the column
                    .option("mergeSchema", "true")
                    .partitionBy(PARTITION)
                    .option("replaceWhere", "decision_date = DATE'" + day + "'")
                    .save(location);
            CuratedTables.register(spark, warehouse, TABLE);
            long version = spark.sql("DESCRIBE HISTORY " + CuratedTables.DATABASE + "." + TABLE + " LIMIT 1")
                    .head()
                    .getLong(0);
            Path file = countsDirectory.resolve("dt=" + day).resolve("injected.json");
            Injected injected = new Injected(
                    day,
                    counts.getLong(0),
                    counts.getLong(1),
                    counts.getLong(2),
                    counts.getLong(3),
                    counts.getLong(4),
                    counts.getLong(5),
                    counts.getLong(6),
                    counts.getLong(7),
                    counts.getLong(8),
                    counts.getLong(9),
                    counts.getLong(10),
                    counts.getLong(11),
                    shiftSegment,
                    version,
                    file);
            Files.createDirectories(file.getParent());
            Files.write(file, JSON.writeValueAsBytes(injected.toMap()));
            return injected;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the injected counts", e);
        } finally {
            generated.unpersist();
        }
    }
}

package io.scorehouse.lakehouse.spark;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rank;
import static org.apache.spark.sql.functions.row_number;

import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF2;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Reads a pipeline's curated input the only way scoring may: the Delta table at a pinned
 * version, the latest row per entity with event time at or before {@code asOf}, allow-listed
 * columns only, and the raw entity id replaced by its HMAC {@code entity_key} before the rows
 * leave this method. Nothing downstream ever sees a raw id or an unlisted column.
 */
public final class PointInTimeRead {
    public static final String ENTITY_KEY = "entity_key";
    public static final String TENANT = "tenant_id";
    public static final String AS_OF_IN = "as_of_in";
    /**
     * The row's place among its entity's rows at the entity's latest event time: 1, and 2, 3… only where the
     * snapshot holds duplicates. The key-uniqueness check reads it in its shared scan (no grouping pass).
     */
    public static final String LATEST_ORDINAL = "latest_ordinal";

    private final SparkSession spark;
    private final String warehouse;

    public PointInTimeRead(SparkSession spark, String warehouse) {
        this.spark = requireNonNull(spark, "spark is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** The point-in-time cut of a business date: its last microsecond (UTC). */
    public static Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
    }

    /** The current version of a curated Delta table (what a first attempt pins). */
    public long currentVersion(String dataset) {
        String table = tableName(dataset);
        if (!spark.catalog().tableExists(CuratedTables.DATABASE, table)) {
            throw new ScorehouseException(ExitCode.DATA_QUALITY, "input", dataset + " does not exist");
        }
        return spark.sql("DESCRIBE HISTORY " + dataset + " LIMIT 1").head().getLong(0);
    }

    /** Column name → Spark SQL type of the dataset at {@code version}: for the dataset contract check. */
    public Map<String, String> schemaAt(String dataset, long version) {
        Map<String, String> schema = new LinkedHashMap<>();
        for (StructField field : pinned(dataset, version).schema().fields()) {
            schema.put(field.name(), field.dataType().simpleString());
        }
        return schema;
    }

    /**
     * How many rows of {@code day} the dataset holds at {@code version}, by {@code dayExpression}
     * (a column or SQL expression giving each row's business date): the input freshness sensor.
     */
    public long rowsOfDay(String dataset, long version, String dayExpression, LocalDate day) {
        try {
            return pinned(dataset, version)
                    .where(expr(dayExpression).equalTo(lit(java.sql.Date.valueOf(day))))
                    .count();
        } catch (Exception e) {
            if (e instanceof org.apache.spark.sql.AnalysisException) {
                // Includes ParseException: the configured expression is wrong, a config error.
                throw new io.scorehouse.lakehouse.config.ConfigException("freshness.day-expression '" + dayExpression
                        + "' is not an expression over " + dataset + ": "
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            }
            throw e;
        }
    }

    /**
     * The eligible rows: {@code tenant_id}, {@code entity_key}, {@code as_of_in} (event time of the
     * snapshot used), the requested feature columns and {@link #LATEST_ORDINAL}. {@code features} must be
     * allow-listed.
     */
    public Dataset<Row> read(
            PipelineDefinition pipeline, long version, Instant asOf, List<String> features, EntityTokenizer tokenizer) {
        PipelineDefinition.Columns columns = pipeline.columns();
        Set<String> wanted = new LinkedHashSet<>(List.of(columns.entityId(), columns.tenant(), columns.eventTime()));
        wanted.addAll(features);
        for (String column : wanted) {
            if (!columns.allowed().contains(column)) {
                throw new IllegalArgumentException(
                        column + " is not allow-listed; the batch.data gate must have refused it");
            }
        }
        List<Column> selected = new ArrayList<>();
        wanted.forEach(column -> selected.add(col(column)));

        Dataset<Row> allowed = pinned(pipeline.dataset(), version)
                .select(selected.toArray(Column[]::new))
                .where(col(columns.eventTime()).leq(lit(Timestamp.from(asOf))));
        WindowSpec entityNewestFirst = Window.partitionBy(col(columns.tenant()), col(columns.entityId()))
                .orderBy(col(columns.eventTime()).desc());
        Dataset<Row> latest = allowed
                // rank(), not row_number(): two rows at the same latest time must surface as duplicates, each
                // numbered. One window, both rank-like: Spark still cuts each map task's rows to the latest before
                // the shuffle.
                .select(
                        col("*"),
                        rank().over(entityNewestFirst).as("_recency"),
                        row_number().over(entityNewestFirst).as(LATEST_ORDINAL))
                .where(col("_recency").equalTo(1));

        // A null id stays null here; the completeness check then blocks the run with a clear reason.
        UDF2<String, String, String> token =
                (tenant, id) -> tenant == null || id == null ? null : tokenizer.token(tenant, id);
        Column entityKey = org.apache
                .spark
                .sql
                .functions
                .udf(token, DataTypes.StringType)
                .apply(col(columns.tenant()), col(columns.entityId()));
        List<Column> output = new ArrayList<>();
        output.add(col(columns.tenant()).as(TENANT));
        output.add(entityKey.as(ENTITY_KEY));
        output.add(col(columns.eventTime()).as(AS_OF_IN));
        features.forEach(feature -> output.add(col(feature)));
        output.add(col(LATEST_ORDINAL));
        return latest.select(output.toArray(Column[]::new));
    }

    /** Every row and column of a curated Delta table as of {@code version}. */
    public Dataset<Row> pinned(String dataset, long version) {
        return spark.read()
                .format("delta")
                .option("versionAsOf", version)
                .load(CuratedTables.location(warehouse, tableName(dataset)));
    }

    private static String tableName(String dataset) {
        if (!dataset.startsWith(CuratedTables.DATABASE + ".")) {
            throw new ScorehouseException(ExitCode.USAGE, "input", dataset + " is not a curated dataset");
        }
        return dataset.substring(CuratedTables.DATABASE.length() + 1);
    }
}

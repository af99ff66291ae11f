package io.scorehouse.jobs.demo;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.scorehouse.lakehouse.spark.CuratedTables;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes the demo's curated inputs as Delta tables: {@code curated.customer_features} (raw ids,
 * PII, segments, numeric features, several snapshots per entity) and {@code curated.churn_labels}.
 * Writing a date replaces exactly that date's window (D-13 … D), so the same seed always gives
 * the same content and earlier days written for other dates are kept.
 */
public final class DemoData {
    public static final String FEATURES_TABLE = "customer_features";
    public static final String LABELS_TABLE = "churn_labels";

    /** The numeric model features, in the order the demo pipeline and training use them. */
    public static final List<String> FEATURE_COLUMNS = List.of(
            "amount_30d",
            "count_30d",
            "tenure_days",
            "avg_ticket",
            "days_since_last_tx",
            "balance_avg_90d",
            "credit_limit",
            "utilization_ratio",
            "n_products",
            "complaints_90d",
            "logins_30d",
            "failed_payments_90d",
            "age_years");

    static final StructType FEATURES_SCHEMA = new StructType()
            .add("cust_id", DataTypes.StringType, false)
            .add("tenant_id", DataTypes.StringType, false)
            .add("email", DataTypes.StringType, false)
            .add("full_name", DataTypes.StringType, false)
            .add("tax_id", DataTypes.StringType, false)
            .add("region", DataTypes.StringType, false)
            .add("channel", DataTypes.StringType, false)
            .add("segment", DataTypes.StringType, false)
            .add("amount_30d", DataTypes.DoubleType, false)
            .add("count_30d", DataTypes.IntegerType, false)
            .add("tenure_days", DataTypes.IntegerType, false)
            .add("avg_ticket", DataTypes.DoubleType, false)
            .add("days_since_last_tx", DataTypes.DoubleType, false)
            .add("balance_avg_90d", DataTypes.DoubleType, false)
            .add("credit_limit", DataTypes.DoubleType, false)
            .add("utilization_ratio", DataTypes.DoubleType, false)
            .add("n_products", DataTypes.IntegerType, false)
            .add("complaints_90d", DataTypes.IntegerType, false)
            .add("logins_30d", DataTypes.IntegerType, false)
            .add("failed_payments_90d", DataTypes.IntegerType, false)
            .add("age_years", DataTypes.IntegerType, false)
            .add("event_ts", DataTypes.TimestampType, false)
            .add("event_date", DataTypes.DateType, false);

    static final StructType LABELS_SCHEMA = new StructType()
            .add("cust_id", DataTypes.StringType, false)
            .add("tenant_id", DataTypes.StringType, false)
            .add("label_date", DataTypes.DateType, false)
            .add("churned", DataTypes.IntegerType, false);

    private static final long ENTITIES_PER_PARTITION = 50_000;

    private final SparkSession spark;
    private final String warehouse;

    public DemoData(SparkSession spark, String warehouse) {
        this.spark = requireNonNull(spark, "spark is null");
        this.warehouse = requireNonNull(warehouse, "warehouse is null");
    }

    /** Writes both tables for the window ending on {@code date}; returns what was written. */
    public List<WrittenTable> write(LocalDate date, long entities, List<String> tenants, long seed) {
        DemoPopulation population = new DemoPopulation(seed, tenants);
        LocalDate from = date.minusDays(DemoPopulation.WINDOW_DAYS - 1);
        Dataset<Long> ids = spark.range(0, entities, 1, (int) Math.max(2, entities / ENTITIES_PER_PARTITION + 1));

        Dataset<Row> features = ids.flatMap(
                (FlatMapFunction<Long, Row>) id -> population.snapshots(id, date).stream()
                        .map(DemoData::featureRow)
                        .iterator(),
                Encoders.row(FEATURES_SCHEMA));
        Dataset<Row> labels = ids.flatMap(
                (FlatMapFunction<Long, Row>) id -> population.labels(id, date).stream()
                        .map(DemoData::labelRow)
                        .iterator(),
                Encoders.row(LABELS_SCHEMA));

        return List.of(
                replaceWindow(features, FEATURES_TABLE, "event_date", from, date, true),
                replaceWindow(labels, LABELS_TABLE, "label_date", from, date, false));
    }

    private WrittenTable replaceWindow(
            Dataset<Row> rows, String table, String dateColumn, LocalDate from, LocalDate to, boolean partitioned) {
        String location = CuratedTables.location(warehouse, table);
        String window = dateColumn + " >= DATE'" + from + "' AND " + dateColumn + " <= DATE'" + to + "'";
        var writer = rows.write().format("delta").mode("overwrite").option("replaceWhere", window);
        if (partitioned) {
            writer = writer.partitionBy(dateColumn);
        }
        writer.save(location);
        CuratedTables.register(spark, warehouse, table);
        long version = DeltaTable.forPath(spark, location).history(1).head().getLong(0);
        long written = spark.read().format("delta").load(location).where(window).count();
        return new WrittenTable(CuratedTables.DATABASE + "." + table, location, written, version, from, to);
    }

    static Row featureRow(DemoPopulation.Snapshot s) {
        DemoPopulation.Customer c = s.customer();
        return RowFactory.create(
                c.custId(),
                c.tenantId(),
                c.email(),
                c.fullName(),
                c.taxId(),
                c.region(),
                c.channel(),
                c.segment(),
                s.amount30d(),
                s.count30d(),
                s.tenureDays(),
                s.avgTicket(),
                s.daysSinceLastTx(),
                s.balanceAvg90d(),
                s.creditLimit(),
                s.utilizationRatio(),
                s.nProducts(),
                s.complaints90d(),
                s.logins30d(),
                s.failedPayments90d(),
                s.ageYears(),
                Timestamp.from(Instant.ofEpochSecond(s.eventEpochSecond())),
                Date.valueOf(s.eventDate()));
    }

    static Row labelRow(DemoPopulation.Label label) {
        return RowFactory.create(label.custId(), label.tenantId(), Date.valueOf(label.labelDate()), label.churned());
    }

    /**
     * One table written by {@link #write}.
     *
     * @param rows         rows now in the window
     * @param deltaVersion the table version that holds them (what a run pins)
     */
    public record WrittenTable(
            String table, String location, long rows, long deltaVersion, LocalDate from, LocalDate to) {}
}

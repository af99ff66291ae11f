package io.scorehouse.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoDataTest {
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    private static final int ENTITIES = 3_000;
    private static final List<String> TENANTS = List.of("acme", "globex");

    private static SparkSession spark;
    private static DemoData demoData;

    @BeforeAll
    static void lakehouse() {
        spark = TestLakehouse.spark();
        demoData = new DemoData(spark, TestLakehouse.config().warehouse());
    }

    @Test
    void writesBothTablesWithTheirSchemasAndExactCounts() {
        List<DemoData.WrittenTable> written = demoData.write(DATE, ENTITIES, TENANTS, 42);

        DemoPopulation population = new DemoPopulation(42, TENANTS);
        long expectedSnapshots = LongStream.range(0, ENTITIES)
                .map(i -> population.snapshots(i, DATE).size())
                .sum();
        long expectedLabels = LongStream.range(0, ENTITIES)
                .map(i -> population.labels(i, DATE).size())
                .sum();
        assertThat(written)
                .extracting(DemoData.WrittenTable::table)
                .containsExactly("curated.customer_features", "curated.churn_labels");
        assertThat(written.get(0).rows()).isEqualTo(expectedSnapshots);
        assertThat(written.get(1).rows()).isEqualTo(expectedLabels);
        // Only this window: other test classes in this JVM write other dates into the same tables.
        String from = DATE.minusDays(DemoPopulation.WINDOW_DAYS - 1).toString();
        assertThat(spark.table("curated.customer_features")
                        .where("event_date BETWEEN DATE'" + from + "' AND DATE'" + DATE + "'")
                        .count())
                .isEqualTo(expectedSnapshots);
        assertThat(spark.table("curated.churn_labels")
                        .where("label_date BETWEEN DATE'" + from + "' AND DATE'" + DATE + "'")
                        .count())
                .isEqualTo(expectedLabels);

        assertThat(fieldNames("curated.customer_features"))
                .containsExactlyElementsOf(List.of(DemoData.FEATURES_SCHEMA.fieldNames()));
        assertThat(fieldNames("curated.customer_features"))
                .contains(
                        "cust_id",
                        "email",
                        "full_name",
                        "tax_id",
                        "tenant_id",
                        "region",
                        "channel",
                        "segment",
                        "event_ts");
        assertThat(fieldNames("curated.customer_features")).containsAll(DemoData.FEATURE_COLUMNS);
        assertThat(fieldNames("curated.churn_labels")).containsExactly("cust_id", "tenant_id", "label_date", "churned");
        assertThat(spark.sql("SELECT DISTINCT tenant_id FROM curated.customer_features ORDER BY 1")
                        .collectAsList())
                .extracting(row -> row.getString(0))
                .containsExactly("acme", "globex");
    }

    @Test
    void sameSeedSameContentOtherSeedOtherContent() {
        demoData.write(DATE, ENTITIES, TENANTS, 42);
        long first = checksum();
        long version =
                spark.sql("DESCRIBE HISTORY curated.customer_features").head().getLong(0);

        demoData.write(DATE, ENTITIES, TENANTS, 42);
        assertThat(checksum()).isEqualTo(first);
        assertThat(spark.sql("DESCRIBE HISTORY curated.customer_features")
                        .head()
                        .getLong(0))
                .isEqualTo(version + 1);

        demoData.write(DATE, ENTITIES, TENANTS, 7);
        assertThat(checksum()).isNotEqualTo(first);

        demoData.write(DATE, ENTITIES, TENANTS, 42);
        assertThat(checksum()).isEqualTo(first);
    }

    @Test
    void entitiesHaveSeveralSnapshotsSoPointInTimeReadsMatter() {
        demoData.write(DATE, ENTITIES, TENANTS, 42);
        Row stats = spark.sql("""
                SELECT avg(n), max(n), count_if(n >= 3) / count(*)
                FROM (SELECT cust_id, count(*) AS n, count(DISTINCT event_ts) AS distinct_times
                      FROM curated.customer_features GROUP BY cust_id)
                """).head();
        assertThat(stats.getDouble(0)).isGreaterThan(3.0);
        assertThat(stats.getLong(1)).isGreaterThanOrEqualTo(8);
        assertThat(stats.getDouble(2)).isGreaterThan(0.5);

        // Reading as of mid-window sees strictly fewer snapshots than the whole window.
        long asOfMidWindow = spark.sql(
                        "SELECT count(*) FROM curated.customer_features WHERE event_ts <= TIMESTAMP'2026-11-13 23:59:59'")
                .head()
                .getLong(0);
        assertThat(asOfMidWindow)
                .isLessThan(spark.table("curated.customer_features").count())
                .isPositive();
    }

    @Test
    void writingALaterDateKeepsEarlierDays() {
        demoData.write(DATE, ENTITIES, TENANTS, 42);
        long beforeWindowOfNextDay = spark.sql("SELECT count(*) FROM curated.customer_features WHERE event_date = DATE'"
                        + DATE.minusDays(13) + "'")
                .head()
                .getLong(0);
        demoData.write(DATE.plusDays(1), ENTITIES, TENANTS, 42);
        long kept = spark.sql("SELECT count(*) FROM curated.customer_features WHERE event_date = DATE'"
                        + DATE.minusDays(13) + "'")
                .head()
                .getLong(0);
        assertThat(kept).isEqualTo(beforeWindowOfNextDay).isPositive();
        // Restore the single-window state the other tests expect.
        spark.sql("DELETE FROM curated.customer_features WHERE event_date > DATE'" + DATE + "'");
        spark.sql("DELETE FROM curated.churn_labels WHERE label_date > DATE'" + DATE + "'");
    }

    private static long checksum() {
        String columns = String.join(", ", DemoData.FEATURES_SCHEMA.fieldNames());
        return spark.sql("SELECT bit_xor(xxhash64(" + columns + ")) + count(*) FROM curated.customer_features")
                        .head()
                        .getLong(0)
                ^ spark.sql(
                                "SELECT bit_xor(xxhash64(cust_id, tenant_id, label_date, churned)) + count(*) FROM curated.churn_labels")
                        .head()
                        .getLong(0);
    }

    private static List<String> fieldNames(String table) {
        return List.of(spark.table(table).schema().fields()).stream()
                .map(StructField::name)
                .toList();
    }
}

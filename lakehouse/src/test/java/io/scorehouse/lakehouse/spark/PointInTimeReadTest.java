package io.scorehouse.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PointInTimeReadTest {
    private static final EntityTokenizer TOKENIZER = new EntityTokenizer(new byte[32]);
    private static SparkSession spark;
    private static PipelineDefinition pipeline;
    private static long pinned;

    @BeforeAll
    static void customersWithHistory() {
        spark = TestLakehouse.spark();
        String location = CuratedTables.location(TestLakehouse.config().warehouse(), "pit_probe");
        spark.sql("""
                SELECT * FROM VALUES
                  ('C1', 'acme', 'c1@example.com', TIMESTAMP'2026-11-18 10:00:00', 1.0D),
                  ('C1', 'acme', 'c1@example.com', TIMESTAMP'2026-11-20 23:59:59', 2.0D),
                  ('C1', 'acme', 'c1@example.com', TIMESTAMP'2026-11-21 00:00:01', 99.0D),
                  ('C2', 'acme', 'c2@example.com', TIMESTAMP'2026-11-22 08:00:00', 99.0D),
                  ('C1', 'globex', 'x@example.com', TIMESTAMP'2026-11-19 08:00:00', 3.0D)
                AS t(cust_id, tenant_id, email, event_ts, amount_30d)""").write().format("delta").mode("overwrite").save(location);
        CuratedTables.register(spark, TestLakehouse.config().warehouse(), "pit_probe");
        pipeline = new PipelineDefinitions(TestLakehouse.confDir()).load("churn_daily");
        pipeline = new PipelineDefinition(
                pipeline.name(),
                pipeline.description(),
                "curated.pit_probe",
                pipeline.columns(),
                pipeline.model(),
                pipeline.checks(),
                pipeline.freshness(),
                pipeline.drift(),
                pipeline.outputDrift(),
                pipeline.history(),
                pipeline.runWindow(),
                pipeline.serviceAccount(),
                pipeline.maxRowsPerSecond(),
                pipeline.decisionBands(),
                pipeline.explanations());
        pinned = new PointInTimeRead(spark, TestLakehouse.config().warehouse()).currentVersion("curated.pit_probe");
    }

    @Test
    void latestSnapshotAtOrBeforeAsOfPerTenantAndEntity() {
        List<Row> rows = read(pinned).orderBy("tenant_id").collectAsList();

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).getString(0)).isEqualTo("acme");
        assertThat(rows.get(0).getDouble(3)).isEqualTo(2.0);
        assertThat(rows.get(1).getString(0)).isEqualTo("globex");
        assertThat(rows.get(1).getDouble(3)).isEqualTo(3.0);
        assertThat(rows.get(0).getString(1)).matches("[0-9a-f]{64}").isEqualTo(TOKENIZER.token("acme", "C1"));
        assertThat(rows.get(1).getString(1)).isNotEqualTo(rows.get(0).getString(1));
    }

    @Test
    void rowsTiedAtTheLatestTimeAllSurviveNumbered() {
        assertThat(read(pinned).select("latest_ordinal").distinct().collectAsList())
                .extracting(r -> r.getInt(0))
                .containsExactly(1);
        spark.sql("INSERT INTO curated.pit_probe VALUES "
                + "('C1', 'globex', 'x@example.com', TIMESTAMP'2026-11-19 08:00:00', 4.0D)");
        long tied = new PointInTimeRead(spark, TestLakehouse.config().warehouse()).currentVersion("curated.pit_probe");

        List<Row> globex = read(tied).where("tenant_id = 'globex'").collectAsList();
        assertThat(globex).extracting(r -> r.getDouble(3)).containsExactlyInAnyOrder(3.0, 4.0);
        assertThat(globex).extracting(r -> r.getInt(4)).containsExactlyInAnyOrder(1, 2);
        assertThat(read(tied).where("tenant_id = 'acme'").collectAsList())
                .extracting(r -> r.getInt(4))
                .containsExactly(1);
    }

    @Test
    void oneWindowCutsEachMapTasksRowsToTheLatestBeforeTheShuffle() {
        String plan = read(pinned).queryExecution().executedPlan().toString();
        assertThat(plan.split("WindowGroupLimit", -1)).as(plan).hasSize(3); // map side and reduce side
        assertThat(plan.split("Window \\[", -1)).as(plan).hasSize(2);
        assertThat(plan.split("Exchange", -1)).as(plan).hasSize(2);
    }

    @Test
    void rawIdsAndUnlistedColumnsNeverLeaveTheRead() {
        List<String> columns = Arrays.asList(read(pinned).columns());
        assertThat(columns).containsExactly("tenant_id", "entity_key", "as_of_in", "amount_30d", "latest_ordinal");
        String everything = read(pinned).collectAsList().toString();
        assertThat(everything).doesNotContain("C1", "C2", "@example.com");
    }

    @Test
    void aPinnedVersionIgnoresLaterAppends() {
        spark.sql(
                "INSERT INTO curated.pit_probe VALUES ('C1', 'acme', 'c1@example.com', TIMESTAMP'2026-11-20 23:00:00', 50.0D)");
        assertThat(read(pinned).where("tenant_id = 'acme'").head().getDouble(3)).isEqualTo(2.0);
        long newer = new PointInTimeRead(spark, TestLakehouse.config().warehouse()).currentVersion("curated.pit_probe");
        assertThat(newer).isGreaterThan(pinned);
        assertThat(read(newer).where("tenant_id = 'acme'").head().getDouble(3)).isEqualTo(2.0);
    }

    private static org.apache.spark.sql.Dataset<Row> read(long version) {
        return new PointInTimeRead(spark, TestLakehouse.config().warehouse())
                .read(
                        pipeline,
                        version,
                        Instant.parse("2026-11-20T23:59:59.999999Z"),
                        List.of("amount_30d"),
                        TOKENIZER);
    }
}

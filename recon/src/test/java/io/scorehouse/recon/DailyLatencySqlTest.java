package io.scorehouse.recon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The day's latency quantiles in 04_daily.sql: {@code percentile}'s exact definition over the matched decisions'
 * latencies to the millisecond, read from counts per millisecond.
 */
class DailyLatencySqlTest {
    private static SparkSession spark;
    private static int next;

    @BeforeAll
    static void aDayOfMatches() {
        spark = TestLakehouse.spark();
        List<Row> matched = new ArrayList<>();
        Random random = new Random(20261204L);
        // churn: 1,000 matched latencies with ties and negatives, every quantile between two ranks, in eighths of
        // a second (whole milliseconds: percentile() over them is the oracle); its other decisions carry latencies
        // never counted
        for (int i = 0; i < 1_000; i++) {
            matched.add(decision("churn", "matched", (random.nextInt(2_400) - 120) / 8.0));
        }
        matched.add(decision("churn", "out_of_window", 9_999.0));
        matched.add(decision("churn", "no_score", null));
        // fraud: two latencies, every quantile between them
        matched.add(decision("fraud", "matched", 20.0));
        matched.add(decision("fraud", "matched", 10.0));
        // upsell: one matched decision; attrition: none
        matched.add(decision("upsell", "matched", 42.5));
        // limit: microseconds apart, rounded to the same millisecond or the next, and both signs
        matched.add(decision("limit", "matched", 1.0004));
        matched.add(decision("limit", "matched", 1.000499));
        matched.add(decision("limit", "matched", 1.0006));
        matched.add(decision("limit", "matched", -0.0016));
        matched.add(decision("limit", "matched", 2.0));
        // halves: 500.5 ms up to 501 ms (0.5005 * 1000 + 0.5 is just below 501 in doubles), -500.5 ms up to -500 ms
        matched.add(decision("half", "matched", 0.5005));
        matched.add(decision("negative-half", "matched", -0.5005));
        // two equal latencies: every quantile is that latency, not an interpolation that rounds off it
        matched.add(decision("tie", "matched", 0.295));
        matched.add(decision("tie", "matched", 0.295));
        matched.add(decision("attrition", "no_score", null));
        spark.createDataFrame(
                        matched,
                        new StructType()
                                .add("decision_id", DataTypes.StringType)
                                .add("tenant_id", DataTypes.StringType)
                                .add("model_name", DataTypes.StringType)
                                .add("model_version_used", DataTypes.IntegerType)
                                .add("decision", DataTypes.StringType)
                                .add("match_status", DataTypes.StringType)
                                .add("matched_by", DataTypes.StringType)
                                .add("surprise_version", DataTypes.BooleanType)
                                .add("latency_s", DataTypes.DoubleType)
                                .add("score_bin", DataTypes.IntegerType)
                                .add("score_band", DataTypes.StringType)
                                .add("reason_codes", DataTypes.createArrayType(DataTypes.StringType)))
                .createOrReplaceTempView("recon_matched");
        spark.sql("SELECT model_name, false AS beyond_watermark, true AS is_final, false AS late_in_watermark,"
                        + " decision_id, tenant_id, 1 AS finals FROM recon_matched")
                .createOrReplaceTempView("recon_decisions_of_day");
        spark.table("recon_decisions_of_day").createOrReplaceTempView("recon_ledger");
        new ReconSql(spark)
                .run(
                        List.of("04_daily.sql"),
                        Map.of("dt", "2026-12-03", "recon_run_id", "recon-test", "policy_digest", "p"));
    }

    @Test
    void theQuantilesArePercentileOfTheMatchedLatencies() {
        Row expected = spark.sql("SELECT percentile(latency_s, array(0.50D, 0.95D, 0.99D)) FROM recon_matched"
                        + " WHERE model_name = 'churn' AND match_status = 'matched'")
                .head();
        List<Double> quantiles = expected.getList(0);

        assertThat(quantiles("churn")).containsExactlyElementsOf(quantiles);
        assertThat(quantiles("churn").get(2)).isLessThan(9_999.0);
    }

    @Test
    void latenciesCountToTheNearestMillisecond() {
        // 1.0004 and 1.000499 are 1.000 s, 1.0006 is 1.001 s, -0.0016 is -0.002 s: ranks 0..4 are
        // -0.002, 1.000, 1.000, 1.001, 2.000
        List<Double> limit = quantiles("limit");

        assertThat(limit.get(0)).isEqualTo(1.0);
        assertThat(limit.get(1)).isCloseTo(1.001 + 0.8 * (2.0 - 1.001), within(1e-9));
        assertThat(limit.get(2)).isCloseTo(1.001 + 0.96 * (2.0 - 1.001), within(1e-9));
    }

    @Test
    void halfMillisecondsRoundUpAndEqualRanksAreNotInterpolated() {
        assertThat(quantiles("half")).containsExactly(0.501, 0.501, 0.501);
        assertThat(quantiles("negative-half")).containsExactly(-0.5, -0.5, -0.5);
        assertThat(quantiles("tie")).containsExactly(0.295, 0.295, 0.295);
    }

    @Test
    void aQuantileBetweenTwoLatenciesIsInterpolated() {
        List<Double> fraud = quantiles("fraud");

        assertThat(fraud.get(0)).isEqualTo(15.0);
        assertThat(fraud.get(1)).isCloseTo(19.5, within(1e-9));
        assertThat(fraud.get(2)).isCloseTo(19.9, within(1e-9));
    }

    @Test
    void oneMatchIsEveryQuantileAndNoMatchIsNone() {
        assertThat(quantiles("upsell")).containsExactly(42.5, 42.5, 42.5);
        Row attrition = spark.sql("SELECT decisions, latency_p50_s, latency_p95_s, latency_p99_s FROM recon_daily_out"
                        + " WHERE model_name = 'attrition'")
                .head();
        assertThat(attrition.getLong(0)).isEqualTo(1);
        assertThat(attrition.isNullAt(1) && attrition.isNullAt(2) && attrition.isNullAt(3))
                .isTrue();
    }

    private static List<Double> quantiles(String model) {
        Row row = spark.sql(
                        "SELECT latency_p50_s, latency_p95_s, latency_p99_s FROM recon_daily_out WHERE model_name = '"
                                + model + "'")
                .head();
        return List.of(row.getDouble(0), row.getDouble(1), row.getDouble(2));
    }

    private static Row decision(String model, String status, Double latency) {
        next++;
        boolean isMatched = status.equals("matched");
        return RowFactory.create(
                "d" + next,
                "t1",
                model,
                1,
                "approve",
                status,
                isMatched ? "time_window" : null,
                false,
                latency,
                isMatched ? next % 10 : null,
                isMatched ? "approve" : null,
                null);
    }
}

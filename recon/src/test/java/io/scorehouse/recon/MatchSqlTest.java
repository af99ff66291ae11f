package io.scorehouse.recon;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The decision ↔ score join of 03_match.sql, one decision per rule (Z7-2.7 §2.1, §4.2). */
class MatchSqlTest {
    private static final Instant SCORED = Instant.parse("2026-05-11T08:00:00Z");
    private static SparkSession spark;

    @BeforeAll
    static void ledgerAndScores() {
        spark = TestLakehouse.spark();
        spark.createDataFrame(
                        List.of(
                                score("req-a", "key-a", 1, SCORED),
                                score("req-a2", "key-a", 1, SCORED.plusSeconds(30)),
                                score("req-b", "key-b", 1, SCORED),
                                score("req-c", "key-c", 1, SCORED),
                                // two scores of one version a minute either side of a decision (in this order, Spark
                                // picks the later without a tie-break)
                                score("req-d-before", "key-d", 1, SCORED),
                                score("req-d-after", "key-d", 1, SCORED.plusSeconds(120))),
                        new StructType()
                                .add("request_id", DataTypes.StringType)
                                .add("tenant_id", DataTypes.StringType)
                                .add("entity_key", DataTypes.StringType)
                                .add("model_name", DataTypes.StringType)
                                .add("model_version", DataTypes.IntegerType)
                                .add("score", DataTypes.DoubleType)
                                .add("score_band", DataTypes.StringType)
                                .add("reason_codes", DataTypes.createArrayType(DataTypes.StringType))
                                .add("as_of_out", DataTypes.TimestampType))
                .createOrReplaceTempView("recon_scores");
        spark.createDataFrame(
                        List.of(
                                // cites the earlier of two scores two hours later: exactly that one, whatever the time
                                decision("cites-far", "key-a", "req-a", SCORED.plusSeconds(7_200)),
                                // cites nothing, 60 s after the scores: the nearest one by time
                                decision("near", "key-a", null, SCORED.plusSeconds(60)),
                                // cites nothing, an hour away
                                decision("far", "key-b", null, SCORED.plusSeconds(3_600)),
                                // cites an id that exists, but for another entity
                                decision("foreign-id", "key-b", "req-c", SCORED.plusSeconds(10)),
                                // cites an id no score has, while its entity has a score right there
                                decision("unknown-id", "key-c", "req-none", SCORED.plusSeconds(10)),
                                // cites nothing, its entity was never scored
                                decision("unscored", "key-z", null, SCORED.plusSeconds(10)),
                                // cites nothing, exactly between two scores
                                decision("between", "key-d", null, SCORED.plusSeconds(60))),
                        new StructType()
                                .add("decision_id", DataTypes.StringType)
                                .add("tenant_id", DataTypes.StringType)
                                .add("entity_key", DataTypes.StringType)
                                .add("model_name", DataTypes.StringType)
                                .add("model_version_used", DataTypes.IntegerType)
                                .add("request_id", DataTypes.StringType)
                                .add("decision", DataTypes.StringType)
                                .add("request_ts", DataTypes.TimestampType)
                                .add("ingested_at", DataTypes.TimestampType)
                                .add("segment", DataTypes.StringType)
                                .add("region", DataTypes.StringType)
                                .add("channel", DataTypes.StringType)
                                .add("late_in_watermark", DataTypes.BooleanType)
                                .add("arrival", DataTypes.IntegerType))
                .createOrReplaceTempView("recon_ledger");
        spark.createDataFrame(
                        List.of(RowFactory.create("churn", 1)),
                        new StructType()
                                .add("model_name", DataTypes.StringType)
                                .add("model_version", DataTypes.IntegerType))
                .createOrReplaceTempView("recon_expected_versions");
        new ReconSql(spark).run(ReconSql.MATCH, Map.of("window_seconds", "300", "score_bin", "0"));
    }

    @Test
    void aCitedRequestIdIsJoinedOnFirstAndTheTimeWindowIsTheFallback() {
        assertThat(outcome("cites-far")).isEqualTo("matched|request_id|7200.0");
        assertThat(outcome("near")).isEqualTo("matched|time_window|30.0");
        assertThat(outcome("far")).isEqualTo("out_of_window|null|3600.0");
        assertThat(outcome("unscored")).isEqualTo("no_score|null|null");
    }

    @Test
    void atTheSameDistanceTheScoreTheConsumerCouldHaveSeenWins() {
        // +60 s: the score a minute before the request, not the one a minute after it
        assertThat(outcome("between")).isEqualTo("matched|time_window|60.0");
    }

    @Test
    void aCitationOfNoScoreOfThatEntityIsFlaggedNeverRematchedByTime() {
        assertThat(outcome("foreign-id")).isEqualTo("unknown_request_id|null|null");
        assertThat(outcome("unknown-id")).isEqualTo("unknown_request_id|null|null");
    }

    private static String outcome(String decisionId) {
        Row row = spark.sql("SELECT match_status, matched_by, latency_s FROM recon_matched WHERE decision_id = '"
                        + decisionId + "'")
                .collectAsList()
                .get(0);
        return row.getString(0) + "|" + row.getString(1) + "|" + (row.isNullAt(2) ? "null" : row.getDouble(2));
    }

    private static Row score(String requestId, String key, int version, Instant asOfOut) {
        return RowFactory.create(
                requestId, "acme", key, "churn", version, 0.4, "approve", null, Timestamp.from(asOfOut));
    }

    private static Row decision(String id, String key, String requestId, Instant requestTs) {
        return RowFactory.create(
                id,
                "acme",
                key,
                "churn",
                1,
                requestId,
                "approve",
                Timestamp.from(requestTs),
                Timestamp.from(requestTs),
                "retail",
                "north",
                "app",
                false,
                1);
    }
}

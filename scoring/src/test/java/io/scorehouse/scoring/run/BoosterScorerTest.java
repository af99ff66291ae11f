package io.scorehouse.scoring.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinition.DecisionBand;
import io.scorehouse.lakehouse.config.PipelineDefinition.ExplainMethod;
import io.scorehouse.lakehouse.config.PipelineDefinition.ExplainMode;
import io.scorehouse.lakehouse.config.ReasonCodes;
import io.scorehouse.lakehouse.config.ReasonCodes.Direction;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BoosterScorerTest {
    private static final List<String> FEATURES = List.of("x", "y", "z");
    private static final List<DecisionBand> BANDS =
            List.of(new DecisionBand(0.5, "approve"), new DecisionBand(1.0, "deny"));
    private static final ReasonCodes REASONS = new ReasonCodes(
            "test_v1",
            "",
            List.of(
                    new ReasonCodes.Reason("x", Direction.UP, "RX_UP", "x raised it"),
                    new ReasonCodes.Reason("x", Direction.DOWN, "RX_DOWN", "x lowered it")));

    private static SparkSession spark;
    private static Dataset<Row> data;
    private static XGBoostClassificationModel model;

    @BeforeAll
    static void aModelOverThreeFeatures() {
        spark = TestLakehouse.spark();
        // an interaction (x XOR y): trees deeper than one split, where approximate and exact contributions differ
        data = spark.sql("SELECT id, CAST((rand(1) > 0.5) <> (rand(2) > 0.5) AS DOUBLE) AS label, rand(1) AS x, "
                        + "rand(2) AS y, CAST(id % 7 AS INT) AS z FROM range(3000)")
                .repartition(3);
        XGBoostClassifier classifier = new XGBoostClassifier();
        classifier.setFeaturesCol("features");
        classifier.setLabelCol("label");
        classifier.setObjective("binary:logistic");
        classifier.setNumRound(10);
        classifier.setNumWorkers(1);
        classifier.setVerbosity(0);
        model = classifier.fit(assembled(data));
    }

    @Test
    void nativeScoresEqualSparkTransformAndEveryRowCarriesItsTopContributions() throws Exception {
        List<Row> scored = score(policy(ExplainMode.ALL, 2, ExplainMethod.EXACT, List.of(), null));
        List<Row> reference = model.transform(assembled(data))
                .select("id", "probability")
                .orderBy("id")
                .collectAsList();

        assertThat(scored).hasSize(3000);
        for (int i = 0; i < scored.size(); i++) {
            Row row = scored.get(i);
            double expected = ((Vector) reference.get(i).get(1)).apply(1);
            assertThat(row.getDouble(row.fieldIndex("score"))).isCloseTo(expected, within(1e-6));
            List<Row> explanations = row.getList(row.fieldIndex("explanations"));
            assertThat(explanations).hasSize(2);
            assertThat(Math.abs(explanations.get(0).getDouble(1)))
                    .isGreaterThanOrEqualTo(Math.abs(explanations.get(1).getDouble(1)));
            assertThat(FEATURES).contains(explanations.get(0).getString(0));
            assertThat(row.isNullAt(row.fieldIndex("reason_codes")))
                    .as("no mapping, no codes")
                    .isTrue();
        }
    }

    @Test
    void modeNoneExplainsNothing() throws Exception {
        List<Row> scored = score(policy(ExplainMode.NONE, 3, ExplainMethod.EXACT, List.of(), null));
        assertThat(scored).hasSize(3000).allSatisfy(row -> {
            assertThat(row.isNullAt(row.fieldIndex("explanations"))).isTrue();
            assertThat(row.isNullAt(row.fieldIndex("reason_codes"))).isTrue();
        });
    }

    @Test
    void modeAdverseExplainsExactlyTheAdverseRowsWithTheirReasonCodes() throws Exception {
        List<Row> scored = score(policy(ExplainMode.ADVERSE, 3, ExplainMethod.EXACT, List.of("deny"), REASONS));
        List<Row> denied = scored.stream()
                .filter(r -> r.getDouble(r.fieldIndex("score")) > 0.5)
                .toList();
        assertThat(denied).isNotEmpty().hasSizeLessThan(scored.size());
        for (Row row : scored) {
            boolean adverse = row.getDouble(row.fieldIndex("score")) > 0.5;
            assertThat(row.isNullAt(row.fieldIndex("explanations"))).isEqualTo(!adverse);
            assertThat(row.isNullAt(row.fieldIndex("reason_codes"))).isEqualTo(!adverse);
            if (adverse) {
                List<Row> explanations = row.getList(row.fieldIndex("explanations"));
                assertThat(explanations).hasSize(3);
                Row x = explanations.stream()
                        .filter(e -> e.getString(0).equals("x"))
                        .findFirst()
                        .orElseThrow();
                // x is the one mapped feature: its code follows the sign of its contribution
                assertThat(row.<String>getList(row.fieldIndex("reason_codes")))
                        .containsExactly(x.getDouble(1) >= 0 ? "RX_UP" : "RX_DOWN");
            }
        }
    }

    @Test
    void approximateContributionsComeFromXGBoostsOwnSaabasMethod() throws Exception {
        List<Row> exact = score(policy(ExplainMode.ALL, 3, ExplainMethod.EXACT, List.of(), null));
        List<Row> approximate = score(policy(ExplainMode.ALL, 3, ExplainMethod.APPROXIMATE, List.of(), null));
        int differing = 0;
        for (int i = 0; i < exact.size(); i++) {
            // both split the same margin over the features (the bias is the same expectation): equal sums
            assertThat(sum(approximate.get(i))).isCloseTo(sum(exact.get(i)), within(1e-4));
            if (!contributions(approximate.get(i)).equals(contributions(exact.get(i)))) {
                differing++;
            }
        }
        assertThat(differing)
                .as("approximate is another method, not TreeSHAP again")
                .isPositive();
    }

    @Test
    void nullFeaturesAreScoredAsMissing() throws Exception {
        Dataset<Row> single =
                spark.sql("SELECT CAST(id % 2 AS DOUBLE) AS label, CAST(id % 2 AS DOUBLE) AS x FROM range(200)");
        XGBoostClassifier classifier = new XGBoostClassifier();
        classifier.setFeaturesCol("features");
        classifier.setLabelCol("label");
        classifier.setNumRound(3);
        classifier.setNumWorkers(1);
        classifier.setVerbosity(0);
        XGBoostClassificationModel one = classifier.fit(new VectorAssembler()
                .setInputCols(new String[] {"x"})
                .setOutputCol("features")
                .transform(single));
        Row row = new BoosterScorer(
                        spark,
                        one.nativeBooster().toByteArray("ubj"),
                        List.of("x"),
                        policy(ExplainMode.ALL, 1, ExplainMethod.EXACT, List.of(), null))
                .score(spark.sql("SELECT CAST(NULL AS DOUBLE) AS x"))
                .head();
        assertThat(row.getDouble(1)).isBetween(0.0, 1.0);
    }

    private static ExplainPolicy policy(
            ExplainMode mode, int topK, ExplainMethod method, List<String> adverse, ReasonCodes reasons) {
        return new ExplainPolicy(
                new PipelineDefinition.Explanations(mode, topK, method, adverse, reasons == null ? null : "test_v1"),
                BANDS,
                reasons);
    }

    private static List<Row> score(ExplainPolicy policy) throws Exception {
        return new BoosterScorer(spark, model.nativeBooster().toByteArray("ubj"), FEATURES, policy)
                .score(data.select("id", "x", "y", "z"))
                .orderBy("id")
                .collectAsList();
    }

    private static Dataset<Row> assembled(Dataset<Row> rows) {
        return new VectorAssembler()
                .setInputCols(FEATURES.toArray(String[]::new))
                .setOutputCol("features")
                .transform(rows);
    }

    private static List<String> contributions(Row row) {
        return row.<Row>getList(row.fieldIndex("explanations")).stream()
                .map(e -> e.getString(0) + "=" + e.getDouble(1))
                .sorted()
                .toList();
    }

    private static double sum(Row row) {
        return row.<Row>getList(row.fieldIndex("explanations")).stream()
                .mapToDouble(e -> e.getDouble(1))
                .sum();
    }
}

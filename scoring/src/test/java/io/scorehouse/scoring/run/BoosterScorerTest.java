package io.scorehouse.scoring.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.List;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassificationModel;
import ml.dmlc.xgboost4j.scala.spark.XGBoostClassifier;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class BoosterScorerTest {
    @Test
    void nativeScoresEqualSparkTransformAndCarryTopContributions() throws Exception {
        SparkSession spark = TestLakehouse.spark();
        Dataset<Row> data = spark.sql(
                        "SELECT id, CAST(id % 2 AS DOUBLE) AS label, CAST(id % 2 AS DOUBLE) + rand(1) AS x, "
                                + "rand(2) AS y, CAST(id % 7 AS INT) AS z FROM range(3000)")
                .repartition(3);
        Dataset<Row> assembled = new VectorAssembler()
                .setInputCols(new String[] {"x", "y", "z"})
                .setOutputCol("features")
                .transform(data);
        XGBoostClassifier classifier = new XGBoostClassifier();
        classifier.setFeaturesCol("features");
        classifier.setLabelCol("label");
        classifier.setObjective("binary:logistic");
        classifier.setNumRound(10);
        classifier.setNumWorkers(1);
        classifier.setVerbosity(0);
        XGBoostClassificationModel model = classifier.fit(assembled);

        BoosterScorer scorer =
                new BoosterScorer(spark, model.nativeBooster().toByteArray("ubj"), List.of("x", "y", "z"), 2);
        List<Row> scored =
                scorer.score(data.select("id", "x", "y", "z")).orderBy("id").collectAsList();
        List<Row> reference = model.transform(assembled)
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
            assertThat(List.of("x", "y", "z")).contains(explanations.get(0).getString(0));
        }
    }

    @Test
    void nullFeaturesAreScoredAsMissing() throws Exception {
        SparkSession spark = TestLakehouse.spark();
        Dataset<Row> data =
                spark.sql("SELECT CAST(id % 2 AS DOUBLE) AS label, CAST(id % 2 AS DOUBLE) AS x FROM range(200)");
        XGBoostClassifier classifier = new XGBoostClassifier();
        classifier.setFeaturesCol("features");
        classifier.setLabelCol("label");
        classifier.setNumRound(3);
        classifier.setNumWorkers(1);
        classifier.setVerbosity(0);
        XGBoostClassificationModel model = classifier.fit(new VectorAssembler()
                .setInputCols(new String[] {"x"})
                .setOutputCol("features")
                .transform(data));
        Row row = new BoosterScorer(spark, model.nativeBooster().toByteArray("ubj"), List.of("x"), 1)
                .score(spark.sql("SELECT CAST(NULL AS DOUBLE) AS x"))
                .head();
        assertThat(row.getDouble(1)).isBetween(0.0, 1.0);
    }
}

package io.scorehouse.scoring.train;

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

/**
 * Pins what scorehouse relies on from XGBoost4J-Spark 3.2: with one assembled vector column,
 * {@code probability} is [1-p, p] with p = sigmoid(margin). (With several raw feature columns,
 * 3.2 writes its outputs into shifted columns — which is why training assembles a vector.)
 */
class XgboostOutputContractTest {
    @Test
    void assembledFeaturesGiveRealProbabilities() {
        SparkSession spark = TestLakehouse.spark();
        Dataset<Row> data = spark.sql(
                "SELECT CAST(id % 2 AS DOUBLE) AS label, CAST(id % 2 AS DOUBLE) + rand(1) AS x, rand(2) AS y FROM range(400)");
        data = new VectorAssembler()
                .setInputCols(new String[] {"x", "y"})
                .setOutputCol("features")
                .transform(data);
        XGBoostClassifier classifier = new XGBoostClassifier();
        classifier.setFeaturesCol("features");
        classifier.setLabelCol("label");
        classifier.setObjective("binary:logistic");
        classifier.setNumRound(5);
        classifier.setNumWorkers(1);
        classifier.setVerbosity(0);
        XGBoostClassificationModel model = classifier.fit(data);

        List<Row> rows =
                model.transform(data).select("rawPrediction", "probability").collectAsList();
        assertThat(rows).hasSize(400);
        for (Row row : rows) {
            Vector raw = row.getAs(0);
            Vector probability = row.getAs(1);
            double p = probability.apply(1);
            assertThat(p).isBetween(0.0, 1.0);
            assertThat(probability.apply(0) + p).isCloseTo(1.0, within(1e-6));
            assertThat(p).isCloseTo(1 / (1 + Math.exp(-raw.apply(1))), within(1e-5));
        }
    }
}

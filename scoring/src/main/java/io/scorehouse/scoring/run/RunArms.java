package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.not;

import io.scorehouse.gates.registry.VerifiedModel;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A run's input scored in its arms, in the governed shape: every entity by the champion, or — with
 * a canary — the entities {@link CanaryRouting} sends to the challenger by it and the rest by the
 * champion. The one place a run and its replay score rows.
 */
final class RunArms {
    private RunArms() {}

    /** A challenger arm: its model, its rows' pins and the share of entities it scores. */
    record Arm(VerifiedModel model, GovernedRows.Pins pins, int percent) {}

    static Dataset<Row> score(
            SparkSession spark,
            Dataset<Row> input,
            VerifiedModel champion,
            GovernedRows.Pins championPins,
            Optional<Arm> challenger) {
        return challenger
                .map(c -> {
                    Column toChallenger = CanaryRouting.toChallenger(c.percent());
                    return arm(spark, input.where(not(toChallenger)), champion, championPins)
                            .unionAll(arm(spark, input.where(toChallenger), c.model(), c.pins()));
                })
                .orElseGet(() -> arm(spark, input, champion, championPins));
    }

    private static Dataset<Row> arm(
            SparkSession spark, Dataset<Row> rows, VerifiedModel model, GovernedRows.Pins pins) {
        return GovernedRows.from(
                new BoosterScorer(spark, model.modelBytes(), model.version().features(), pins.explaining()).score(rows),
                pins);
    }
}

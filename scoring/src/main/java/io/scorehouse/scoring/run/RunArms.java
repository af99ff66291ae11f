package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.not;

import io.scorehouse.gates.registry.VerifiedModel;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
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

    /**
     * The governed rows of {@code input}; {@code kept} is given the rows as computed, before the values every row of
     * an arm shares are added (a run caches them there: the cache then holds none of those values).
     */
    static Dataset<Row> score(
            SparkSession spark,
            Dataset<Row> input,
            VerifiedModel champion,
            GovernedRows.Pins championPins,
            Optional<Arm> challenger,
            UnaryOperator<Dataset<Row>> kept) {
        Dataset<Row> computed = challenger
                .map(c -> {
                    Column toChallenger = CanaryRouting.toChallenger(c.percent());
                    return arm(spark, input.where(not(toChallenger)), champion, championPins, 0)
                            .unionAll(arm(spark, input.where(toChallenger), c.model(), c.pins(), 1));
                })
                .orElseGet(() -> arm(spark, input, champion, championPins, 0));
        List<GovernedRows.Pins> arms =
                challenger.map(c -> List.of(championPins, c.pins())).orElseGet(() -> List.of(championPins));
        return GovernedRows.stamped(kept.apply(computed), arms);
    }

    private static Dataset<Row> arm(
            SparkSession spark, Dataset<Row> rows, VerifiedModel model, GovernedRows.Pins pins, int arm) {
        return GovernedRows.computed(
                new BoosterScorer(spark, model.modelBytes(), model.version().features(), pins.explaining()).score(rows),
                pins,
                arm);
    }
}

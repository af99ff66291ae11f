package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.when;

import io.scorehouse.lakehouse.config.PipelineDefinition;
import java.util.List;
import org.apache.spark.sql.Column;

/** A pipeline's decision for the {@code score} column: the first band whose max-score the score does not exceed. */
public final class DecisionBands {
    private DecisionBands() {}

    public static Column of(List<PipelineDefinition.DecisionBand> bands) {
        Column decision = null;
        for (PipelineDefinition.DecisionBand band : bands) {
            decision = decision == null
                    ? when(col(BoosterScorer.SCORE).leq(band.maxScore()), band.decision())
                    : decision.when(col(BoosterScorer.SCORE).leq(band.maxScore()), band.decision());
        }
        return decision;
    }

    /** The same rule in Java, for a row already in hand (the scorer decides which rows to explain by it). */
    public static String decide(List<PipelineDefinition.DecisionBand> bands, double score) {
        for (PipelineDefinition.DecisionBand band : bands) {
            if (score <= band.maxScore()) {
                return band.decision();
            }
        }
        return null;
    }
}

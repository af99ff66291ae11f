package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinition.ExplainMethod;
import io.scorehouse.lakehouse.config.PipelineDefinition.ExplainMode;
import io.scorehouse.lakehouse.config.ReasonCodes;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What {@link BoosterScorer} explains, from a pipeline's {@code explanations}: which rows (by their decision band),
 * how many contributions, by which method, and the reason codes an explained row carries. Serializable: it travels
 * to the executors with the scorer.
 */
public final class ExplainPolicy implements Serializable {
    private static final long serialVersionUID = 1L;

    private final ExplainMode mode;
    private final int topK;
    private final ExplainMethod method;
    private final HashSet<String> adverse;
    private final ArrayList<PipelineDefinition.DecisionBand> bands;
    private final HashMap<String, String> codes;

    ExplainPolicy(
            PipelineDefinition.Explanations explanations,
            List<PipelineDefinition.DecisionBand> bands,
            ReasonCodes reasons) {
        Contributions.requireReachable(explanations.method());
        this.mode = explanations.mode();
        this.topK = explanations.topK();
        this.method = explanations.method();
        this.adverse = new HashSet<>(explanations.adverseDecisions());
        this.bands = new ArrayList<>(bands);
        this.codes = new HashMap<>();
        if (reasons != null) {
            for (ReasonCodes.Reason reason : reasons.reasons()) {
                codes.put(key(reason.feature(), reason.direction()), reason.code());
            }
        }
    }

    /**
     * The policy of {@code pipeline} with its reason codes from {@code reasons} (null when the pipeline names none;
     * its features are columns the pipeline reads, checked with the pipeline). A model that does not use a mapped
     * feature simply never gives that code (a challenger may use fewer features).
     */
    public static ExplainPolicy of(PipelineDefinition pipeline, ReasonCodes reasons) {
        return new ExplainPolicy(pipeline.explanations(), pipeline.decisionBands(), reasons);
    }

    /** Whether any row is explained at all (mode none: the scorer never computes a contribution). */
    boolean explainsAny() {
        return mode != ExplainMode.NONE;
    }

    /** Whether a row scored {@code score} is explained. */
    boolean explains(double score) {
        return switch (mode) {
            case NONE -> false;
            case ALL -> true;
            case ADVERSE -> adverse.contains(DecisionBands.decide(bands, score));
        };
    }

    int topK() {
        return topK;
    }

    ExplainMethod method() {
        return method;
    }

    /**
     * The reason codes of the features in {@code explanation} (top first) that have one, each once; null without a
     * mapping (as on rows published before reason codes existed, so a replay compares them equal). A feature that did
     * not move the score gives no reason.
     */
    List<String> reasonCodes(List<String> features, List<Double> contributions) {
        if (codes.isEmpty()) {
            return null;
        }
        Set<String> given = new LinkedHashSet<>();
        for (int i = 0; i < features.size(); i++) {
            if (contributions.get(i) == 0) {
                continue;
            }
            String code = codes.get(key(features.get(i), ReasonCodes.Direction.of(contributions.get(i))));
            if (code != null) {
                given.add(code);
            }
        }
        return List.copyOf(given);
    }

    private static String key(String feature, ReasonCodes.Direction direction) {
        return feature + "/" + direction;
    }
}

package io.scorehouse.lakehouse.config;

import java.util.List;
import java.util.Map;

/**
 * One trainable model, {@code conf/models/<name>.yaml}: where its features and labels live, which
 * columns join them point-in-time, the features in booster order and the training parameters.
 * Validated by {@link ModelDefinitions}.
 */
public record ModelDefinition(
        String name,
        String description,
        String featuresTable,
        String labelsTable,
        Columns columns,
        List<String> features,
        Training training,
        Variant degraded,
        Card card,
        Map<String, String> tags)
        implements DefinitionDirectory.Named {

    public ModelDefinition {
        features = features == null ? List.of() : List.copyOf(features);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    /**
     * @param entityId  joins labels to features (never stored; the holdout is drawn by its hash)
     * @param eventTime a feature snapshot counts only if taken strictly before the label date
     * @param label     the 0/1 outcome column of the labels table
     * @param labelDate the date the label was observed
     */
    public record Columns(String entityId, String tenant, String eventTime, String label, String labelDate) {}

    /**
     * What the model card states beyond the training facts (spec Z4-2.10 §2).
     *
     * @param intendedUse what decisions the score may inform
     * @param outOfScope  what it must not be used for
     * @param limitations known weaknesses of the data or the model
     * @param owner       who answers for the model
     */
    public record Card(String intendedUse, String outOfScope, String limitations, String owner) {}

    public record Training(Integer numRound, Integer maxDepth, Double eta, Double subsample, Long seed) {}

    /** A deliberately worse variant, for canary drills: its own features and training parameters. */
    public record Variant(List<String> features, Training training) {
        public Variant {
            features = features == null ? List.of() : List.copyOf(features);
        }
    }
}

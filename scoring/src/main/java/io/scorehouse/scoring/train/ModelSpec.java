package io.scorehouse.scoring.train;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.ModelDefinition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one training run learns: the model definition from {@code conf/models/}, the features (in
 * booster column order) and XGBoost parameters it uses — the definition's own, or its deliberately
 * degraded variant (weak features, few shallow trees) for proving that a canary rolls back.
 */
public record ModelSpec(
        ModelDefinition definition, List<String> features, ModelDefinition.Training training, boolean degraded) {
    public ModelSpec {
        requireNonNull(definition, "definition is null");
        features = List.copyOf(features);
        requireNonNull(training, "training is null");
    }

    public static ModelSpec of(ModelDefinition definition) {
        return new ModelSpec(definition, definition.features(), definition.training(), false);
    }

    /** The definition's degraded variant; a usage error when it has none. */
    public ModelSpec degradedVariant() {
        ModelDefinition.Variant variant = definition.degraded();
        if (variant == null) {
            throw new ScorehouseException(ExitCode.USAGE, "train", "model " + name() + " defines no degraded variant");
        }
        return new ModelSpec(definition, variant.features(), variant.training(), true);
    }

    /** The same spec with another random seed: a different but equally good model. */
    public ModelSpec withSeed(long seed) {
        ModelDefinition.Training t = training;
        return new ModelSpec(
                definition,
                features,
                new ModelDefinition.Training(t.numRound(), t.maxDepth(), t.eta(), t.subsample(), seed),
                degraded);
    }

    public String name() {
        return definition.name();
    }

    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("num_round", training.numRound());
        params.put("max_depth", training.maxDepth());
        params.put("eta", training.eta());
        params.put("subsample", training.subsample());
        params.put("seed", training.seed());
        params.put("degraded", degraded);
        return params;
    }
}

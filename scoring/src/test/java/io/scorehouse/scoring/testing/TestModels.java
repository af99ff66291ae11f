package io.scorehouse.scoring.testing;

import io.scorehouse.lakehouse.config.ModelDefinition;
import io.scorehouse.lakehouse.config.ModelDefinitions;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import io.scorehouse.scoring.train.ModelSpec;

/** Model specs from the repository's {@code conf/models}, for tests that train. */
public final class TestModels {
    private TestModels() {}

    /** The churn model as conf/models/churn.yaml defines it, or its degraded variant. */
    public static ModelSpec churn(boolean degraded) {
        ModelSpec churn = ModelSpec.of(new ModelDefinitions(TestLakehouse.confDir()).load("churn"));
        return degraded ? churn.degradedVariant() : churn;
    }

    /** The churn model (or its degraded variant) registered under another name, with another seed. */
    public static ModelSpec churnAs(String name, boolean degraded, long seed) {
        ModelSpec churn = churn(degraded);
        ModelDefinition d = churn.definition();
        ModelDefinition renamed = new ModelDefinition(
                name,
                d.description(),
                d.featuresTable(),
                d.labelsTable(),
                d.columns(),
                d.features(),
                d.training(),
                d.degraded(),
                d.card(),
                d.tags());
        return new ModelSpec(renamed, churn.features(), churn.training(), degraded).withSeed(seed);
    }
}

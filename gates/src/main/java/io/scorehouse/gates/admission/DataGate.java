package io.scorehouse.gates.admission;

import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a model may read from a pipeline's dataset: the key, tenant and event-time columns plus
 * the model's features, only if {@code batch.data} allows them (allow-list, dataset). Whether the
 * pinned input actually has them is the scoring run's contract check.
 */
public final class DataGate {
    private DataGate() {}

    /** The columns the run requests, once {@code batch.data} allowed them (exit 3 otherwise). */
    public static List<String> admit(PolicyBundle policies, PipelineDefinition pipeline, List<String> features) {
        List<String> requested = new ArrayList<>(List.of(
                pipeline.columns().entityId(),
                pipeline.columns().tenant(),
                pipeline.columns().eventTime()));
        requested.addAll(features);
        policies.decide(
                        DecisionPoint.BATCH_DATA,
                        Map.of(
                                "dataset",
                                pipeline.dataset(),
                                "columns",
                                requested,
                                "allowed_columns",
                                pipeline.columns().allowed()))
                .requireAllowed("pipeline " + pipeline.name());
        return requested;
    }
}

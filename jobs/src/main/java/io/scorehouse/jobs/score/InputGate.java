package io.scorehouse.jobs.score;

import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputChecks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a model may read from a pipeline's dataset: the key, tenant and event-time columns plus
 * the model's features, only if {@code batch.data} allows them (allow-list, dataset), and only
 * if the pinned input version actually has them (Deequ-free schema contract, exit 4).
 */
public final class InputGate {
    private InputGate() {
    }

    /** The columns the run requests, once {@code batch.data} allowed them (exit 3 otherwise). */
    public static List<String> admit(PolicyBundle policies, PipelineDefinition pipeline, List<String> features) {
        List<String> requested = new ArrayList<>(List.of(pipeline.columns().entityId(), pipeline.columns().tenant(),
                pipeline.columns().eventTime()));
        requested.addAll(features);
        policies.decide("batch.data", Map.of("dataset", pipeline.dataset(), "columns", requested,
                "allowed_columns", pipeline.columns().allowed())).requireAllowed("pipeline " + pipeline.name());
        return requested;
    }

    /** The schema contract of the input version against {@code requested} (exit 4 when it does not hold). */
    public static CheckReport requireContract(PointInTimeRead reader, PipelineDefinition pipeline, long inputVersion, List<String> requested) {
        CheckReport contract = InputChecks.contract(reader.columnsAt(pipeline.dataset(), inputVersion), requested);
        if (!contract.passed()) {
            throw new ScorehouseException(ExitCode.DATA_QUALITY, "input " + pipeline.dataset(), "out of contract — " + contract.failureSummary());
        }
        return contract;
    }
}

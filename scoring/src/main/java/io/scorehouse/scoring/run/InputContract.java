package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputChecks;
import java.util.List;

/**
 * The input's schema contract: the pinned input version must have every column the run requested
 * (after {@link io.scorehouse.gates.admission.DataGate} allowed them), else exit 4.
 */
public final class InputContract {
    private InputContract() {}

    /** The schema contract of the input version against {@code requested} (exit 4 when it does not hold). */
    public static CheckReport require(
            PointInTimeRead reader, PipelineDefinition pipeline, long inputVersion, List<String> requested) {
        CheckReport contract = InputChecks.contract(reader.columnsAt(pipeline.dataset(), inputVersion), requested);
        if (!contract.passed()) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "input " + pipeline.dataset(),
                    "out of contract — " + contract.failureSummary());
        }
        return contract;
    }
}

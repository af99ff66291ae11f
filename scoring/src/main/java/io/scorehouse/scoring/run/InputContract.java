package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputChecks;
import java.time.LocalDate;

/**
 * Before anything is read: the pinned input version holds the run's day (the freshness sensor) and
 * matches its dataset contract exactly — no extra, missing or re-typed column. Either failing is
 * exit 4, so a stale or re-shaped dataset is never scored.
 */
final class InputContract {
    private InputContract() {}

    /** The input for the run's date is there: at least the pipeline's minimum of rows of that day (exit 4 otherwise). */
    static void requireFresh(PointInTimeRead reader, PipelineDefinition pipeline, long inputVersion, LocalDate date) {
        long rows = reader.rowsOfDay(pipeline.dataset(), inputVersion, pipeline.freshnessDay(), date);
        if (rows < pipeline.freshnessMinRows()) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "input " + pipeline.dataset(),
                    "input for " + date + " not available — " + rows + " rows of that day in version "
                            + inputVersion + " (" + pipeline.freshnessDay() + "), at least "
                            + pipeline.freshnessMinRows() + " required; stale snapshots are never scored");
        }
    }

    /** The schema of the input version against its dataset contract (exit 4 when it does not hold). */
    static CheckReport require(
            PointInTimeRead reader, String dataset, long inputVersion, RunConfiguration configuration) {
        CheckReport contract =
                InputChecks.contract(reader.schemaAt(dataset, inputVersion), configuration.contractSchema());
        if (!contract.passed()) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "input " + dataset,
                    "out of contract (" + configuration.contract().name() + " v"
                            + configuration.contract().version() + ") — " + contract.failureSummary());
        }
        return contract;
    }
}

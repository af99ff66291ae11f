package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.scoring.run.ScoreOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * A scoring run whose Prometheus metrics are published however it ends — the {@code score} command
 * and the demo both run it so. Metrics are grouped under the command {@code score} and the pipeline.
 */
final class MeteredScoring {
    static final String COMMAND = "score";

    private MeteredScoring() {}

    /** @param caller the command asking (names the Spark application) */
    static ScoreOutcome run(
            ScorehouseCommand top,
            String caller,
            Duration lease,
            PipelineDefinition pipeline,
            LocalDate date,
            String jobId) {
        RunKey key = RunKey.of(pipeline.name(), date, jobId);
        JobMetricsPublisher metrics = new JobMetricsPublisher(top.config().metrics());
        Path runDir = ArtifactStore.of(top.config()).run(key.jobId());
        ScoreOutcome outcome;
        try {
            outcome = top.jobs(caller).scoringRun(lease).run(pipeline, date, jobId);
        } catch (RuntimeException e) {
            metrics.publishFailed(
                    Failures.exitCodeOf(e).code(),
                    key.inputPartition(),
                    top.clock().instant(),
                    runDir,
                    COMMAND,
                    pipeline.name());
            throw e;
        }
        // a run key found committed again keeps the metrics file its publishing run wrote
        metrics.publishFinished(
                outcome.manifest(),
                top.clock().instant(),
                outcome.alreadyCommitted() ? Optional.empty() : Optional.of(runDir),
                COMMAND,
                pipeline.name());
        return outcome;
    }
}

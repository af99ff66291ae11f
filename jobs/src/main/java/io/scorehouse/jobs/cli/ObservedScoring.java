package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.scoring.run.RunManifest;
import io.scorehouse.scoring.run.ScoreOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A scoring run observed however it ends — its Prometheus metrics published and its OpenLineage
 * events written ({@link RunLineage}); the {@code score} command and the demo both run it so.
 * Metrics are grouped under the command {@code score} and the pipeline.
 */
final class ObservedScoring {
    static final String COMMAND = "score";
    private static final Logger LOG = LogManager.getLogger(ObservedScoring.class);

    private ObservedScoring() {}

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
        ArtifactStore store = ArtifactStore.of(top.config());
        Path runDir = store.run(key.jobId());
        RunLineage lineage = new RunLineage(store.lineageEvents(), top.clock());
        UUID lineageRun = lineage.start(pipeline.name());
        ScoreOutcome outcome;
        try {
            outcome = top.jobs(caller).scoringRun(lease).run(pipeline, date, jobId);
        } catch (RuntimeException e) {
            lineage.fail(lineageRun, pipeline.name(), Failures.exitCodeOf(e).code());
            metrics.publishFailed(
                    Failures.exitCodeOf(e).code(),
                    key.inputPartition(),
                    top.clock().instant(),
                    runDir,
                    COMMAND,
                    pipeline.name());
            throw e;
        }
        Optional<RunManifest> manifest = readManifest(outcome.manifest());
        manifest.ifPresent(published -> lineage.complete(lineageRun, pipeline.name(), published));
        // a run key found committed again keeps the metrics file its publishing run wrote
        manifest.ifPresent(published -> metrics.publishFinished(
                published,
                top.clock().instant(),
                outcome.alreadyCommitted() ? Optional.empty() : Optional.of(runDir),
                COMMAND,
                pipeline.name()));
        return outcome;
    }

    /** The run's signed manifest, or empty (and a warning) when it cannot be read back. */
    private static Optional<RunManifest> readManifest(Path manifest) {
        try {
            return Optional.of(EvidenceJson.read(manifest, RunManifest.class));
        } catch (RuntimeException e) {
            LOG.warn("cannot read the run's manifest for its metrics and lineage: {}", e.toString());
            return Optional.empty();
        }
    }
}

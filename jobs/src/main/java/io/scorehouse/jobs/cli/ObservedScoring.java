package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.scoring.run.RunInProgressException;
import io.scorehouse.scoring.run.RunManifest;
import io.scorehouse.scoring.run.ScoreOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
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
        Map<String, String> group = group(pipeline);
        RunLineage lineage = RunLineage.of(top);
        String job = RunLineage.scoreJob(pipeline.name());
        UUID lineageRun = lineage.start(job);
        ScoreOutcome outcome;
        try {
            outcome = top.jobs(caller).scoringRun(lease).run(pipeline, date, jobId);
        } catch (RunInProgressException e) {
            // another attempt holds the key and is fine: its metrics stay its own
            RunLineage.observe(() -> lineage.fail(lineageRun, job, e.exitCode().code()));
            throw e;
        } catch (Exception e) { // Spark's checked exceptions too (thrown from Scala undeclared)
            int exitCode = Failures.exitCodeOf(e).code();
            RunLineage.observe(() -> lineage.fail(lineageRun, job, exitCode));
            metrics.merge(
                    () -> JobMetrics.failed(
                            exitCode, key.inputPartition(), top.clock().instant()),
                    runDir,
                    group);
            throw e;
        }
        if (outcome.alreadyCommitted()) {
            // nothing was written: the publishing run's metrics stay, and lineage says no new output
            RunLineage.observe(() -> lineage.completeWithoutOutput(lineageRun, pipeline.name(), key.toString()));
            return outcome;
        }
        Optional<RunManifest> manifest = readManifest(outcome.manifest());
        RunLineage.observe(() -> lineage.completeScore(lineageRun, pipeline.name(), manifest));
        if (manifest.isPresent()) {
            metrics.replace(
                    () -> JobMetrics.finished(manifest.get(), top.clock().instant()), runDir, group);
        } else {
            metrics.merge(() -> JobMetrics.exited(0, top.clock().instant()), runDir, group);
        }
        return outcome;
    }

    private static Map<String, String> group(PipelineDefinition pipeline) {
        Map<String, String> group = new LinkedHashMap<>();
        group.put("command", COMMAND);
        group.put("pipeline", pipeline.name());
        return group;
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

package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.AtomicFiles;
import io.scorehouse.lakehouse.config.MetricsSettings;
import io.scorehouse.scoring.run.RunManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where a job's metrics go: {@code runs/<job_id>/metrics.prom} (replaced atomically, so a reader
 * never sees half a file) and the Pushgateway when one is configured. Metrics are operations data,
 * not evidence: a file or a push that fails is a warning and never changes the job's exit code.
 */
final class JobMetricsPublisher {
    static final String FILE = "metrics.prom";
    private static final Logger LOG = LogManager.getLogger(JobMetricsPublisher.class);

    private final Optional<Pushgateway> gateway;

    JobMetricsPublisher(MetricsSettings settings) {
        this.gateway = Optional.ofNullable(settings.pushgatewayUrl()).map(Pushgateway::new);
    }

    /** A run that ended with exit code 0: its figures, from its signed manifest, replace its group's. */
    void publishFinished(
            RunManifest manifest, Instant finishedAt, Optional<Path> runDir, String command, String pipeline) {
        publish(JobMetrics.finished(manifest, finishedAt), runDir, command, pipeline, true);
    }

    /** A run that failed: its exit code and partition, next to what its group already holds. */
    void publishFailed(
            int exitCode, String partition, Instant finishedAt, Path runDir, String command, String pipeline) {
        publish(JobMetrics.failed(exitCode, partition, finishedAt), Optional.of(runDir), command, pipeline, false);
    }

    /**
     * @param runDir       the run's directory, or empty when the file is not to be written
     * @param replaceGroup a run that published replaces its Pushgateway group; a failure only its own metrics
     */
    private void publish(
            JobMetrics metrics, Optional<Path> runDir, String command, String pipeline, boolean replaceGroup) {
        byte[] text = metrics.text();
        runDir.ifPresent(dir -> {
            try {
                Files.createDirectories(dir);
                AtomicFiles.replace(dir.resolve(FILE), new String(text, StandardCharsets.UTF_8));
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot write the run's metrics to {}: {}", dir.resolve(FILE), e.toString());
            }
        });
        gateway.ifPresent(pushgateway -> {
            try {
                pushgateway.push(pushgateway.group(command, pipeline), text, replaceGroup);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot push the run's metrics to the Pushgateway: {}", e.toString());
            }
        });
    }
}

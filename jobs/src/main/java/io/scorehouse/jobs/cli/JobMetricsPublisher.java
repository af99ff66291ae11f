package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.AtomicFiles;
import io.scorehouse.lakehouse.config.MetricsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where a job's metrics go: {@code runs/<job_id>/metrics.prom} (replaced atomically, so a reader
 * never sees half a file) and the Pushgateway when one is configured. Metrics are operations data,
 * not evidence (never replicated): metrics that cannot be rendered, written or pushed are a warning
 * and never change the job's exit code.
 */
final class JobMetricsPublisher {
    static final String FILE = "metrics.prom";
    private static final Logger LOG = LogManager.getLogger(JobMetricsPublisher.class);

    private final Optional<Pushgateway> gateway;

    JobMetricsPublisher(MetricsSettings settings) {
        this.gateway = Optional.ofNullable(settings.pushgatewayUrl()).map(Pushgateway::new);
    }

    /** Metrics of a run that published: they replace everything its Pushgateway group held (PUT). */
    void replace(Supplier<JobMetrics> metrics, Path runDir, Map<String, String> group) {
        publish(metrics, runDir, group, true);
    }

    /**
     * Metrics of a run that failed (exit code, partition), or ended without figures: they replace only
     * the same-named metrics of its group (POST), which keeps the last success's rows and timings.
     */
    void merge(Supplier<JobMetrics> metrics, Path runDir, Map<String, String> group) {
        publish(metrics, runDir, group, false);
    }

    /**
     * @param runDir       the run's directory ({@code metrics.prom} is written there)
     * @param group        the Pushgateway grouping labels after {@code job="scorehouse"} (command, pipeline)
     * @param replaceGroup a run that published replaces its Pushgateway group; a failure only its own metrics
     */
    private void publish(Supplier<JobMetrics> metrics, Path runDir, Map<String, String> group, boolean replaceGroup) {
        byte[] text;
        try {
            text = metrics.get().text();
        } catch (RuntimeException e) {
            LOG.warn("cannot render the run's metrics: {}", e.toString());
            return;
        }
        try {
            Files.createDirectories(runDir);
            AtomicFiles.replace(runDir.resolve(FILE), new String(text, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot write the run's metrics to {}: {}", runDir.resolve(FILE), e.toString());
        }
        gateway.ifPresent(pushgateway -> {
            try {
                pushgateway.push(pushgateway.group(group), text, replaceGroup);
            } catch (IOException | RuntimeException e) {
                LOG.warn("cannot push the run's metrics to the Pushgateway: {}", e.toString());
            }
        });
    }
}

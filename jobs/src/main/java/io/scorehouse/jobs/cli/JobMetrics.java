package io.scorehouse.jobs.cli;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.scorehouse.gates.incident.Incident;
import io.scorehouse.recon.ReconIncidents;
import io.scorehouse.recon.ReconOutcome;
import io.scorehouse.recon.ReconReport;
import io.scorehouse.scoring.run.RunManifest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One batch job's Prometheus metrics in the text exposition format. A finished run's figures come
 * from its signed manifest (the one record of what it did); a failed run has only its exit code,
 * its partition and when it ended. Labels name pipelines, partitions, phases and checks — never an
 * entity, a key or a score.
 */
final class JobMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();

    private JobMetrics() {}

    /** A run that published (or found its run key already published: exit code 0 as well). */
    static JobMetrics finished(RunManifest manifest, Instant finishedAt) {
        JobMetrics metrics = new JobMetrics();
        metrics.ended(0, finishedAt);
        metrics.gauge("scorehouse_job_last_success_timestamp_seconds", "When the job last ended with exit code 0")
                .set(seconds(finishedAt));
        metrics.gauge(
                        "scorehouse_job_run_info",
                        "The last run: job id, input partition, model and published snapshot",
                        "job_id",
                        "partition",
                        "model",
                        "model_version",
                        "snapshot_id")
                .labelValues(
                        manifest.jobId(),
                        manifest.inputs().partition(),
                        manifest.model().name(),
                        Integer.toString(manifest.model().version()),
                        Long.toString(manifest.output().snapshotId()))
                .set(1);
        metrics.gauge("scorehouse_job_rows_in", "Eligible input rows of the last run")
                .set(manifest.rowsIn());
        metrics.gauge("scorehouse_job_rows_out", "Rows the last run published").set(manifest.rowsOut());
        metrics.gauge("scorehouse_job_rows_per_second", "Rows out per second of the last run")
                .set(manifest.metrics().throughputRps());
        metrics.gauge("scorehouse_job_duration_seconds", "Wall-clock seconds of the last run")
                .set(manifest.metrics().latencySecTotal());
        Gauge phases = metrics.gauge("scorehouse_job_phase_seconds", "Wall-clock seconds per phase", "phase");
        // the manifest's keys carry their unit ("publish_s"); here the metric's name does
        manifest.metrics().timings().forEach((phase, seconds) -> {
            String name = phase.endsWith("_s") ? phase.substring(0, phase.length() - 2) : phase;
            if (!name.equals("total")) {
                phases.labelValues(name).set(seconds);
            }
        });
        metrics.gauge("scorehouse_job_publish_attempt", "Which attempt of the run key published")
                .set(manifest.attempt());
        metrics.gauge("scorehouse_job_suppressed_entities", "Entities skipped because an erasure suppressed them")
                .set(manifest.inputs().suppressedEntities());
        metrics.gauge(
                        "scorehouse_job_quality_degraded",
                        "1 when the run published with a degraded quality verdict (an anomaly flag)")
                .set("degraded".equals(manifest.quality()) ? 1 : 0);
        Gauge checks = metrics.gauge(
                "scorehouse_job_check_passed", "1 when the check passed, 0 when not", "family", "check", "subject");
        Gauge failed = metrics.gauge(
                "scorehouse_job_failed_checks", "Checks that did not pass, per input partition", "partition");
        long failures = 0;
        for (Map.Entry<String, List<RunManifest.Check>> family :
                manifest.checks().entrySet()) {
            for (RunManifest.Check check : family.getValue()) {
                checks.labelValues(family.getKey(), check.check(), check.subject())
                        .set(check.passed() ? 1 : 0);
                failures += check.passed() ? 0 : 1;
            }
        }
        failed.labelValues(manifest.inputs().partition()).set(failures);
        return metrics;
    }

    /**
     * A reconciliation that ended with exit code 0 (or 6: a guardrail fired and --exit-on-guardrail),
     * one or more days: per day and model, the decisions, coverage, each anomaly count, the latency
     * p95/p99 and the worst PSI; per day, the guardrails fired and whether the day is provisional.
     */
    static JobMetrics reconciled(List<ReconOutcome> days, List<Incident> incidents, int exitCode, Instant finishedAt) {
        JobMetrics metrics = new JobMetrics();
        metrics.ended(exitCode, finishedAt);
        metrics.gauge("scorehouse_job_last_success_timestamp_seconds", "When the job last ended with exit code 0")
                .set(seconds(finishedAt));
        Gauge decisions = metrics.gauge("scorehouse_recon_decisions", "Decisions of the day", "day", "model");
        Gauge coverage = metrics.gauge(
                "scorehouse_recon_coverage_ratio", "Decisions matched to a served score / decisions", "day", "model");
        Gauge anomalies =
                metrics.gauge("scorehouse_recon_anomalies", "Decisions per anomaly kind", "day", "model", "kind");
        // two gauges, not a quantile label: promtool keeps that label for summaries
        Gauge latencyP95 = metrics.gauge(
                "scorehouse_recon_decision_latency_p95_seconds",
                "95th percentile of the seconds from a score to its decision",
                "day",
                "model");
        Gauge latencyP99 = metrics.gauge(
                "scorehouse_recon_decision_latency_p99_seconds",
                "99th percentile of the seconds from a score to its decision",
                "day",
                "model");
        Gauge psi = metrics.gauge(
                "scorehouse_recon_worst_psi",
                "The highest PSI of the day's segments with enough sample",
                "day",
                "model");
        Gauge guardrails = metrics.gauge(
                "scorehouse_recon_guardrails_fired", "Segments whose PSI put the model in conservative mode", "day");
        Gauge provisional = metrics.gauge(
                "scorehouse_recon_provisional", "1 while the day's late-event watermark has not passed", "day");
        Gauge querySeconds = metrics.gauge(
                "scorehouse_recon_query_seconds",
                "Seconds of the day's reconciliation SQL and the writing of its tables",
                "day");
        // a series per missed rule only: the alerts follow the policy's own decision, not a copy of its threshold
        Gauge missed = metrics.gauge(
                "scorehouse_recon_target_missed", "1: the day missed this recon.targets rule", "day", "model", "rule");
        for (Incident incident : incidents) {
            ReconIncidents.missedRule(incident)
                    .ifPresent(rule -> missed.labelValues(incident.day().toString(), incident.model(), rule)
                            .set(1));
        }
        for (ReconOutcome day : days) {
            String dt = day.day().toString();
            guardrails.labelValues(dt).set(day.conservativeSegments().size());
            provisional.labelValues(dt).set(day.provisional() ? 1 : 0);
            querySeconds.labelValues(dt).set(day.queryTime().toNanos() / 1e9);
            for (ReconReport.ModelSummary model : day.models()) {
                String name = model.modelName();
                decisions.labelValues(dt, name).set(model.decisions());
                if (model.coverage() != null) {
                    coverage.labelValues(dt, name).set(model.coverage());
                }
                Map<String, Long> kinds = new java.util.LinkedHashMap<>();
                kinds.put("no_score", model.noScore());
                kinds.put("out_of_window", model.outOfWindow());
                kinds.put("unknown_request_id", model.unknownRequestIds());
                kinds.put("surprise_version", model.surpriseVersions());
                kinds.put("duplicate_final", model.duplicateFinals());
                kinds.put("late_beyond_watermark", model.lateBeyondWatermark());
                kinds.put("off_band", model.decisionsOffBand());
                kinds.forEach(
                        (kind, count) -> anomalies.labelValues(dt, name, kind).set(count));
                if (model.latencyP95() != null) {
                    latencyP95.labelValues(dt, name).set(model.latencyP95());
                }
                if (model.latencyP99() != null) {
                    latencyP99.labelValues(dt, name).set(model.latencyP99());
                }
                if (model.worstPsi() != null) {
                    psi.labelValues(dt, name).set(model.worstPsi());
                }
            }
        }
        return metrics;
    }

    /**
     * A canary step decided: the challenger's share after it, and whether it was rolled back (the alert's
     * series; the next decision of the same model replaces it).
     */
    static JobMetrics canaryDecided(String model, int version, boolean rolledBack, int sharePercent, Instant at) {
        JobMetrics metrics = new JobMetrics();
        // no scorehouse_job_exit_code: a rollback is the canary working, alerted on by its own rule
        metrics.gauge("scorehouse_canary_last_decision_timestamp_seconds", "When the last canary decision was taken")
                .set(seconds(at));
        metrics.gauge(
                        "scorehouse_canary_rolled_back",
                        "1 when the last canary decision rolled the challenger back",
                        "version")
                .labelValues(String.valueOf(version))
                .set(rolledBack ? 1 : 0);
        metrics.gauge(
                        "scorehouse_canary_challenger_share_percent",
                        "The challenger's share after the last decision",
                        "version")
                .labelValues(String.valueOf(version))
                .set(sharePercent);
        return metrics;
    }

    /** A run that ended with a non-zero exit code, or ended without publishing. */
    static JobMetrics failed(int exitCode, String partition, Instant finishedAt) {
        JobMetrics metrics = new JobMetrics();
        metrics.ended(exitCode, finishedAt);
        metrics.gauge("scorehouse_job_failed_partition", "The input partition of the last failed run", "partition")
                .labelValues(partition)
                .set(1);
        return metrics;
    }

    /** A run that ended with {@code exitCode} and nothing more to say (its manifest could not be read back). */
    static JobMetrics exited(int exitCode, Instant finishedAt) {
        JobMetrics metrics = new JobMetrics();
        metrics.ended(exitCode, finishedAt);
        return metrics;
    }

    private void ended(int exitCode, Instant finishedAt) {
        gauge("scorehouse_job_exit_code", "Exit code of the last run (DESIGN §9)")
                .set(exitCode);
        gauge("scorehouse_job_last_run_timestamp_seconds", "When the last run ended")
                .set(seconds(finishedAt));
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    private static double seconds(Instant instant) {
        return instant.toEpochMilli() / 1000.0;
    }

    byte[] text() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}

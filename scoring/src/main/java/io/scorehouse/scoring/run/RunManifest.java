package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.col;

import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.PublishProtocol;
import io.scorehouse.quality.CheckReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The content of a run's {@code manifest.json}: what was scored, from what, under which pins, with which checks. */
final class RunManifest {
    private RunManifest() {}

    static Map<String, Object> of(
            PinnedRun run,
            InputVerdict verdict,
            GovernedRows.OutputStats output,
            long snapshot,
            String table,
            Path artifactDir,
            Map<String, Double> timings) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("job_id", run.key().jobId());
        manifest.put("run_key", run.key().toString());
        manifest.put("pipeline", run.pipeline().name());
        manifest.put(
                "model",
                Map.of("name", run.model().name(), "version", run.model().version(), "digest", run.modelDigest()));
        manifest.put(
                "inputs",
                Map.of(
                        "dataset",
                        run.pipeline().dataset(),
                        "partition",
                        run.key().inputPartition(),
                        "delta_version",
                        run.inputVersion()));
        manifest.put("policy_digest", run.policyDigest());
        manifest.put("rows_in", verdict.rowsIn());
        manifest.put("rows_out", output.rows());
        manifest.put("quality", verdict.quality());
        double nullRate = verdict.all().stream()
                .filter(r -> r.family().equals("sanity"))
                .flatMap(r -> r.results().stream())
                .filter(r -> r.check().equals("null_rate"))
                .mapToDouble(r -> r.observed())
                .max()
                .orElse(0);
        manifest.put(
                "sanity_checks",
                Map.of("null_rate", nullRate, "score_range", List.of(output.minScore(), output.maxScore())));
        Map<String, Object> checks = new LinkedHashMap<>();
        for (CheckReport report : verdict.all()) {
            checks.put(
                    report.family(),
                    report.results().stream()
                            .map(r -> Map.of(
                                    "check",
                                    r.check(),
                                    "subject",
                                    r.subject(),
                                    "passed",
                                    r.passed(),
                                    "observed",
                                    Double.isFinite(r.observed()) ? r.observed() : String.valueOf(r.observed()),
                                    "expected",
                                    r.expectation()))
                            .toList());
        }
        manifest.put("checks", checks);
        Map<String, Object> metrics = new LinkedHashMap<>();
        double total = timings.get(Timings.TOTAL);
        metrics.put("latency_sec_total", total);
        metrics.put("throughput_rps", total > 0 ? output.rows() / total : 0);
        metrics.put("timings", timings);
        manifest.put("metrics", metrics);
        manifest.put("as_of", run.asOf().toString());
        manifest.put("as_of_out", run.asOfOut().toString());
        manifest.put("attempt", run.attempt());
        manifest.put(
                "output", Map.of("table", table, "snapshot_id", snapshot, "run_key_property", PublishProtocol.RUN_KEY));
        manifest.put("artifact_store", artifactDir.toString());
        return manifest;
    }

    /** The manifest's {@code canary} section: both arms and how many of the {@code rowsOut} governed rows each scored. */
    static Map<String, Object> canary(PinnedRun run, RunRecord.CanaryPin pin, long rowsOut, Dataset<Row> governed) {
        long challengerRows = governed.where(col("model_version").equalTo(pin.challengerVersion()))
                .count();
        Map<String, Object> canary = new LinkedHashMap<>();
        canary.put(
                "challenger",
                Map.of(
                        "name",
                        run.model().name(),
                        "version",
                        pin.challengerVersion(),
                        "digest",
                        pin.challengerDigest()));
        canary.put("percent", pin.percent());
        canary.put("routing", "pmod(hash(entity_key), 100) < percent");
        canary.put("rows", Map.of("champion", rowsOut - challengerRows, "challenger", challengerRows));
        return canary;
    }
}

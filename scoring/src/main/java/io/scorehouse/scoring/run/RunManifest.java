package io.scorehouse.scoring.run;

import static org.apache.spark.sql.functions.col;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.PublishProtocol;
import io.scorehouse.quality.CheckReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A run's {@code manifest.json} (written by {@link RunFinalizer}, signed, read back by {@code verify}):
 * what was scored, from what, under which pins, with which checks. Serialized through
 * {@code EvidenceJson}: snake_case keys in this declaration order.
 *
 * @param configuration what the run was configured with (see {@link RunConfiguration})
 * @param checks  every check report by family (contract, sanity, drift, history)
 * @param canary  both arms of a canary run; absent on a run without one
 */
public record RunManifest(
        String jobId,
        String runKey,
        String pipeline,
        Model model,
        Inputs inputs,
        PolicyDigest policyDigest,
        Configuration configuration,
        long rowsIn,
        long rowsOut,
        String quality,
        SanityChecks sanityChecks,
        Map<String, List<Check>> checks,
        Metrics metrics,
        Instant asOf,
        Instant asOfOut,
        int attempt,
        Output output,
        String artifactStore,
        @JsonInclude(JsonInclude.Include.NON_NULL) Canary canary,
        @JsonInclude(JsonInclude.Include.NON_NULL) Explanations explanations) {

    public static final String FILE = "manifest.json";

    public RunManifest {
        checks = Map.copyOf(checks);
    }

    public record Model(String name, int version, ModelDigest digest) {}

    /** @param partition the input partition ({@code dt=D}); {@code deltaVersion} the pinned input version */
    /** @param suppressedEntities entities skipped because an erasure suppressed their key */
    public record Inputs(String dataset, String partition, long deltaVersion, long suppressedEntities) {}

    /**
     * @param digest          the config hash: over the pipeline, contract, model definition and effective digests
     * @param entityKeyId     the HMAC key's identity (never the key)
     * @param modelDefinition {@code none} when the model has no definition in conf/models
     * @param effective       the effective settings, secrets and host-specific values left out
     * @param host            host-specific values, recorded and never compared
     */
    public record Configuration(
            String digest,
            String entityKeyId,
            String pipeline,
            Contract contract,
            String modelDefinition,
            String effective,
            Map<String, String> host) {}

    public record Contract(String name, int version, String digest) {}

    /** @param scoreRange the lowest and highest published score */
    public record SanityChecks(double nullRate, List<Double> scoreRange) {}

    /** One check's outcome; {@code observed} is NaN where nothing could be measured (written as "NaN"). */
    public record Check(String check, String subject, boolean passed, double observed, String expected) {}

    /**
     * @param timings   wall-clock seconds per phase, by phase name
     * @param executors the executors that ran the run's tasks (absent in manifests written before they were recorded)
     */
    public record Metrics(
            double latencySecTotal,
            double throughputRps,
            Map<String, Double> timings,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<Executor> executors) {}

    /** @param id Spark's executor id ({@code driver} in local mode) */
    public record Executor(String id, String host, long tasks) {}

    /** @param runKeyProperty the snapshot summary property that names the run key */
    public record Output(String table, long snapshotId, String runKeyProperty) {}

    /** @param routing how entities were split between the arms */
    public record Canary(Model challenger, int percent, String routing, Rows rows) {}

    public record Rows(long champion, long challenger) {}

    /**
     * How the run explained its scores (absent in manifests written before the policy existed: every row, exact).
     *
     * @param mode          none, adverse or all
     * @param method        exact (TreeSHAP) or approximate
     * @param reasons       the reason-code mapping's name, null without one; {@code reasonsDigest} its file's digest
     * @param rowsExplained published rows that carry explanations
     */
    public record Explanations(
            String mode,
            String method,
            int topK,
            List<String> adverseDecisions,
            String reasons,
            String reasonsDigest,
            long rowsExplained) {}

    static RunManifest of(
            PinnedRun run,
            InputVerdict verdict,
            GovernedRows.OutputStats output,
            long snapshot,
            String table,
            Path artifactDir,
            Map<String, Double> timings,
            List<Executor> executors,
            Canary canary) {
        double nullRate = verdict.all().stream()
                .filter(r -> r.family().equals("sanity"))
                .flatMap(r -> r.results().stream())
                .filter(r -> r.check().equals("null_rate"))
                .mapToDouble(r -> r.observed())
                .max()
                .orElse(0);
        Map<String, List<Check>> checks = new LinkedHashMap<>();
        for (CheckReport report : verdict.all()) {
            checks.put(
                    report.family(),
                    report.results().stream()
                            .map(r -> new Check(r.check(), r.subject(), r.passed(), r.observed(), r.expectation()))
                            .toList());
        }
        double total = timings.get(Timings.TOTAL);
        return new RunManifest(
                run.key().jobId(),
                run.key().toString(),
                run.pipeline().name(),
                new Model(run.model().name(), run.model().version(), run.modelDigest()),
                new Inputs(
                        run.pipeline().dataset(),
                        run.key().inputPartition(),
                        run.inputVersion(),
                        verdict.suppressedEntities()),
                run.policyDigest(),
                configuration(run.configuration()),
                verdict.rowsIn(),
                output.rows(),
                verdict.quality(),
                new SanityChecks(nullRate, List.of(output.minScore(), output.maxScore())),
                checks,
                new Metrics(total, total > 0 ? output.rows() / total : 0, timings, executors),
                run.asOf(),
                run.asOfOut(),
                run.attempt(),
                new Output(table, snapshot, PublishProtocol.RUN_KEY),
                artifactDir.toString(),
                canary,
                explanations(run, output.explained()));
    }

    private static Explanations explanations(PinnedRun run, long rowsExplained) {
        PipelineDefinition.Explanations policy = run.pipeline().explanations();
        return new Explanations(
                policy.mode().name().toLowerCase(java.util.Locale.ROOT),
                policy.method().name().toLowerCase(java.util.Locale.ROOT),
                policy.topK(),
                policy.adverseDecisions(),
                policy.reasons(),
                run.configuration().reasonsDigest(),
                rowsExplained);
    }

    private static Configuration configuration(RunConfiguration c) {
        String hash = Digests.of((c.pipelineDigest() + "\n" + c.contractDigest() + "\n" + c.modelDefinitionDigest()
                        + "\n" + c.effectiveDigest())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new Configuration(
                hash,
                c.entityKeyId(),
                c.pipelineDigest(),
                new Contract(c.contract().name(), c.contract().version(), c.contractDigest()),
                c.modelDefinitionDigest(),
                c.effectiveDigest(),
                c.host());
    }

    /** The canary section: both arms and how many of the {@code rowsOut} governed rows each scored. */
    static Canary canary(PinnedRun run, RunRecord.CanaryPin pin, long rowsOut, Dataset<Row> governed) {
        long challengerRows = governed.where(col("model_version").equalTo(pin.challengerVersion()))
                .count();
        return new Canary(
                new Model(run.model().name(), pin.challengerVersion(), new ModelDigest(pin.challengerDigest())),
                pin.percent(),
                "pmod(hash(entity_key), 100) < percent",
                new Rows(rowsOut - challengerRows, challengerRows));
    }
}

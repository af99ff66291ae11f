package io.scorehouse.scoring.run;

import static io.scorehouse.lakehouse.SqlFiles.literal;
import static io.scorehouse.lakehouse.spark.OpsRecords.timestamp;
import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunLease;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Step 8 of a run (DESIGN §4), idempotent so a re-run after a crash simply completes it:
 * {@code runs/<job_id>/manifest.json} (written atomically) and its DSSE signature, {@code _SUCCESS},
 * the {@code ops.run_manifests} row, the availability (degraded, anomaly) events and the audit row —
 * each MERGEd on a key derived from the run key, so repeating a step adds nothing.
 */
final class RunFinalizer {
    static final String MANIFEST = RunManifest.FILE;
    static final String MANIFEST_SIGNATURE = "manifest.dsse.json";
    static final String SUCCESS = "_SUCCESS";
    static final String MANIFEST_PREDICATE = "https://scorehouse.io/run-manifest/v1";

    private final ScoredStore store;
    private final OpsRecords ops;
    private final ArtifactStore artifacts;
    private final Signer signer;

    RunFinalizer(SparkSession spark, ScoredStore store, ArtifactStore artifacts, Signer signer) {
        this.store = requireNonNull(store, "store is null");
        this.ops = new OpsRecords(spark, store);
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.signer = requireNonNull(signer, "signer is null");
    }

    /**
     * Step 8, in order: manifest (+ signature, {@code _SUCCESS}), ops rows, hot store, ledger —
     * each idempotent, so a re-run after a crash completes what is missing. Returns the manifest path.
     */
    Path complete(
            PinnedRun run,
            RunLease lease,
            InputVerdict verdict,
            Dataset<Row> governed,
            GovernedRows.OutputStats output,
            long snapshot,
            Map<String, Double> timings,
            List<RunManifest.Executor> executors,
            LastScores hotStore,
            String actor,
            Instant now) {
        RunManifest manifest = RunManifest.of(
                run,
                verdict,
                output,
                snapshot,
                store.predictionsTable(),
                artifacts.run(run.key().jobId()),
                timings,
                executors,
                run.canary()
                        .map(pin -> RunManifest.canary(run, pin, output.rows(), governed))
                        .orElse(null));
        Path manifestPath = writeManifest(manifest);
        CrashPoints.reached("finalizing");
        recordOps(ManifestFacts.of(run, verdict, snapshot, output.rows()), actor, now);
        CrashPoints.reached("finalized-ops");
        long started = System.nanoTime();
        long hot = hotStore.upsert(
                GovernedRows.lastScores(governed),
                RatePacer.system(run.pipeline().maxRowsPerSecond()));
        Progress.step("score: hot store upserted {} last scores in {} s", hot, Math.round(Timings.since(started)));
        lease.finalized();
        return manifestPath;
    }

    /** Writes and signs the manifest, then {@code _SUCCESS}; returns the manifest path. */
    Path writeManifest(RunManifest manifest) {
        String jobId = manifest.jobId();
        Path dir = artifacts.run(jobId);
        try {
            Files.createDirectories(dir);
            EvidenceJson.write(dir.resolve(MANIFEST), manifest);
            SignedFiles.sign(
                    signer,
                    dir,
                    List.of(MANIFEST),
                    MANIFEST_SIGNATURE,
                    MANIFEST_PREDICATE,
                    Map.of("job_id", jobId, "run_key", manifest.runKey()));
            Files.write(dir.resolve(SUCCESS), new byte[0]);
            return dir.resolve(MANIFEST);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the manifest of " + jobId, e);
        }
    }

    /** The ops rows of a published run: manifest row, events, audit. Each is inserted once. */
    void recordOps(ManifestFacts facts, String actor, Instant now) {
        Path manifest = artifacts.run(facts.jobId()).resolve(MANIFEST);
        ops.mergeOnce(
                ScoredStore.RUN_MANIFESTS,
                "job_id",
                Map.ofEntries(
                        Map.entry("job_id", literal(facts.jobId())),
                        Map.entry("run_key", literal(facts.runKey())),
                        Map.entry("pipeline", literal(facts.pipeline())),
                        Map.entry("input_partition", literal("dt=" + facts.date())),
                        Map.entry("model_name", literal(facts.modelName())),
                        Map.entry("model_version", Integer.toString(facts.modelVersion())),
                        Map.entry("model_digest", literal(facts.modelDigest())),
                        Map.entry("policy_digest", literal(facts.policyDigest())),
                        Map.entry("snapshot_id", facts.snapshotId() + "L"),
                        Map.entry("rows_in", facts.rowsIn() + "L"),
                        Map.entry("rows_out", facts.rowsOut() + "L"),
                        Map.entry("quality", literal(facts.quality())),
                        Map.entry("manifest_path", literal(manifest.toString())),
                        Map.entry("manifest_sha256", literal(Digests.of(manifest))),
                        Map.entry("finalized_at", timestamp(now))),
                List.of(
                        "job_id",
                        "run_key",
                        "pipeline",
                        "input_partition",
                        "model_name",
                        "model_version",
                        "model_digest",
                        "policy_digest",
                        "snapshot_id",
                        "rows_in",
                        "rows_out",
                        "quality",
                        "manifest_path",
                        "manifest_sha256",
                        "finalized_at"));
        event(
                facts,
                "AVAILABLE",
                now,
                Map.of("rows", Long.toString(facts.rowsOut()), "snapshot_id", Long.toString(facts.snapshotId())));
        if ("degraded".equals(facts.quality())) {
            event(facts, "DEGRADED", now, Map.of("reason", facts.degradedReason()));
        }
        if (!facts.anomalies().isEmpty()) {
            event(facts, "ANOMALY", now, Map.of("flagged", facts.anomalies()));
        }
        ops.audit(
                facts.runKey() + "|score.published",
                now,
                actor,
                "score.published",
                facts.runKey(),
                Map.of(
                        "run_key",
                        facts.runKey(),
                        "model_digest",
                        facts.modelDigest(),
                        "policy_digest",
                        facts.policyDigest(),
                        "snapshot_id",
                        Long.toString(facts.snapshotId()),
                        "rows",
                        Long.toString(facts.rowsOut())));
    }

    private void event(ManifestFacts facts, String type, Instant now, Map<String, String> details) {
        ops.event(facts.runKey(), type, now, facts.jobId(), facts.modelName(), facts.date(), details);
    }

    /** The facts of a published run that its ops rows record. */
    record ManifestFacts(
            String jobId,
            String runKey,
            String pipeline,
            LocalDate date,
            String modelName,
            int modelVersion,
            String modelDigest,
            String policyDigest,
            long snapshotId,
            long rowsIn,
            long rowsOut,
            String quality,
            String degradedReason,
            String anomalies) {

        static ManifestFacts of(PinnedRun run, InputVerdict verdict, long snapshot, long rowsOut) {
            return new ManifestFacts(
                    run.key().jobId(),
                    run.key().toString(),
                    run.pipeline().name(),
                    run.key().date(),
                    run.model().name(),
                    run.model().version(),
                    run.modelDigest().value(),
                    run.policyDigest().value(),
                    snapshot,
                    verdict.rowsIn(),
                    rowsOut,
                    verdict.quality(),
                    verdict.degradedReason(),
                    verdict.anomalies());
        }
    }
}

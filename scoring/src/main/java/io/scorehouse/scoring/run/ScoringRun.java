package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import com.amazon.deequ.repository.MetricsRepository;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.SqlFiles;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunLease;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunPins;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputChecks;
import io.scorehouse.quality.InputReports;
import io.scorehouse.quality.RunHistory;
import io.scorehouse.quality.SanitySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One batch scoring run = pipeline + input partition (DESIGN §4): resolve and claim the run key,
 * gate (model, data, run), read point-in-time with tokenized keys, check, score, publish exactly
 * once, finalize. A failure before publication leaves nothing visible; a re-run finishes what is
 * missing; a finalized run key exits 0 "already committed" without writing anything.
 */
public final class ScoringRun {
    private static final int TOP_CONTRIBUTIONS = 3;

    private final SparkSession spark;
    private final Collaborators with;

    public ScoringRun(SparkSession spark, Collaborators collaborators) {
        this.spark = requireNonNull(spark, "spark is null");
        this.with = requireNonNull(collaborators, "collaborators is null");
    }

    /** Everything a run talks to, passed in (no statics). */
    public record Collaborators(
            String warehouse,
            String catalog,
            ModelRegistry registry,
            PolicyBundle policies,
            RunLedger ledger,
            EntityTokenizer tokenizer,
            Signer signer,
            ArtifactStore artifacts,
            MetricsRepository metrics,
            LastScores hotStore,
            CanaryRollouts rollouts,
            Clock clock,
            String actor,
            String owner) {}

    public ScoreOutcome run(PipelineDefinition pipeline, LocalDate date, String jobId) {
        RunKey key = RunKey.of(pipeline.name(), date, jobId);
        ThreadContext.put("run_key", key.toString());
        ThreadContext.put("job_id", key.jobId());
        try {
            return execute(pipeline, key);
        } finally {
            ThreadContext.remove("run_key");
            ThreadContext.remove("job_id");
        }
    }

    private ScoreOutcome execute(PipelineDefinition pipeline, RunKey key) {
        Timings timings = new Timings();
        ScoredStore store = new ScoredStore(spark, with.catalog());
        store.ensure();
        RunLedger.Claim claim = resolve(pipeline, key); // 1. Resolve
        if (claim.outcome() == RunLedger.ClaimOutcome.ALREADY_FINALIZED) {
            return alreadyCommitted(claim.record());
        }
        RunLease lease = claim.lease();
        try {
            RunAdmission admitted = timings.time(
                    "gates_s",
                    () -> RunAdmission.gate(
                            pipeline,
                            claim.record(),
                            with.registry(), // 2. Gate
                            with.policies(),
                            with.rollouts(),
                            with.clock()));
            PinnedRun run = pin(lease, pipeline, claim.record(), admitted);
            Input input = read(run, admitted); // 3. Read
            InputVerdict verdict = timings.time("read_and_checks_s", () -> check(run, input, admitted)); // 4. Check
            lease.renew();
            Scored scored =
                    timings.time("score_s", () -> score(run, input.rows(), admitted, verdict.quality())); // 5. Score
            lease.renew();
            long snapshot = timings.time(
                    "publish_s", () -> stageAuditPublish(run, lease, store, scored)); // 6–7. Stage, audit, publish
            ScoreOutcome outcome = finalizeRun(run, lease, store, verdict, scored, snapshot, timings); // 8. Finalize
            input.rows().unpersist();
            return outcome;
        } catch (RuntimeException e) {
            lease.failed(e.getClass().getSimpleName() + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw e;
        }
    }

    /** 1. Claims the run key: a finalized key is "already committed"; one held by a live attempt is refused (exit 3). */
    private RunLedger.Claim resolve(PipelineDefinition pipeline, RunKey key) {
        RunLedger.Claim claim = with.ledger().claim(key, pipeline.name(), with.owner());
        switch (claim.outcome()) {
            case ALREADY_FINALIZED ->
                Progress.step(
                        "score: {} already committed (snapshot {}); nothing to do",
                        key,
                        claim.record().snapshotId());
            case IN_PROGRESS ->
                throw new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "run " + key,
                        "run in progress: attempt " + claim.record().attempt() + " holds the lease until "
                                + claim.record().leaseExpiresAt());
            default ->
                Progress.step(
                        "score: {} attempt {} ({})",
                        key,
                        claim.record().attempt(),
                        claim.outcome().name().toLowerCase());
        }
        return claim;
    }

    private ScoreOutcome alreadyCommitted(RunRecord record) {
        return new ScoreOutcome(
                record.key(),
                true,
                record.snapshotId(),
                0,
                record.rowsOut(),
                0,
                "n/a",
                with.artifacts().run(record.key().jobId()).resolve(RunFinalizer.MANIFEST),
                Instant.parse(record.asOfOut()));
    }

    /**
     * Pins what this run works on (kept from the first attempt on retries), the canary allocation
     * included; a retry that would score with another digest or allocation is an integrity failure.
     */
    private PinnedRun pin(RunLease lease, PipelineDefinition pipeline, RunRecord record, RunAdmission admitted) {
        ModelRef ref = admitted.champion();
        String digest = admitted.model().version().modelDigest();
        RunRecord.CanaryPin canary = admitted.canaryPin();
        Instant asOfOut = record.asOfOut() != null
                ? Instant.parse(record.asOfOut())
                : Instant.now(with.clock()).truncatedTo(ChronoUnit.MICROS);
        RunRecord pinned = lease.pin(new RunPins(
                asOfOut,
                ref.name(),
                ref.version(),
                digest,
                new PointInTimeRead(spark, with.warehouse()).currentVersion(pipeline.dataset()),
                with.policies().digest(),
                canary));
        if (!pinned.modelDigest().equals(digest)) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY, "model " + ref, "digest differs from the one pinned for this run");
        }
        if (!Objects.equals(pinned.canary(), canary)) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY,
                    "run " + lease.key(),
                    "canary allocation differs from the one pinned for this run");
        }
        admitted.challenger()
                .ifPresent(c -> Progress.step(
                        "score: canary — {} % of entities to challenger {}, the rest to champion {}",
                        c.pin().percent(), c.ref(), ref));
        return PinnedRun.of(pipeline, pinned);
    }

    /** The pinned input that passed its schema contract: point-in-time rows, cached for checks and scoring. */
    private record Input(CheckReport contract, Dataset<Row> rows) {}

    /** 3. Reads the pinned input point-in-time, tokenized, allow-listed columns only — once its schema contract holds (exit 4). */
    private Input read(PinnedRun run, RunAdmission admitted) {
        PointInTimeRead reader = new PointInTimeRead(spark, with.warehouse());
        CheckReport contract = InputContract.require(reader, run.pipeline(), run.inputVersion(), admitted.requested());
        return new Input(
                contract,
                reader.read(run.pipeline(), run.inputVersion(), run.asOf(), admitted.features(), with.tokenizer())
                        .persist(StorageLevel.MEMORY_AND_DISK()));
    }

    /** 4. Sanity and drift (Deequ, one pass) and run-history anomalies, before anything is scored. */
    private InputVerdict check(PinnedRun run, Input input, RunAdmission admitted) {
        PipelineDefinition pipeline = run.pipeline();
        RunHistory history = new RunHistory(
                with.metrics(),
                pipeline.name(),
                run.key().date(),
                pipeline.history().minRuns(),
                pipeline.history().maxDeviations());
        InputReports reports = new InputChecks(history)
                .sanityAndDrift(
                        input.rows(),
                        sanitySpec(pipeline),
                        baselineOf(admitted.model()),
                        pipeline.drift().maxMeanShift());
        return InputVerdict.judge(pipeline, input.contract(), reports);
    }

    /** The governed rows of a run, cached for the publication and the hot store, and their one-pass statistics. */
    private record Scored(Dataset<Row> governed, GovernedRows.OutputStats stats) {}

    /** 5. Scores each arm with its model, then validates the output in one pass (exit 4 on a score that is not a probability). */
    private Scored score(PinnedRun run, Dataset<Row> input, RunAdmission admitted, String quality) {
        GovernedRows.Pins championPins =
                run.championRows(admitted.model().version().features(), quality);
        Dataset<Row> arms = admitted.challenger()
                .map(c -> {
                    Column toChallenger = CanaryRouting.toChallenger(c.pin().percent());
                    return scoreArm(input.where(not(toChallenger)), admitted.model(), championPins)
                            .unionAll(scoreArm(
                                    input.where(toChallenger),
                                    c.model(),
                                    run.challengerRows(c.model().version().features(), quality)));
                })
                .orElseGet(() -> scoreArm(input, admitted.model(), championPins));
        Dataset<Row> governed = arms.persist(StorageLevel.MEMORY_AND_DISK());
        GovernedRows.OutputStats stats = GovernedRows.validate(governed);
        if (stats.invalidScores() > 0) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "output",
                    stats.invalidScores() + " scores are NaN, infinite or outside [0, 1]");
        }
        return new Scored(governed, stats);
    }

    /** 6–7. Stages on a branch, audits it and publishes with one atomic fast-forward; returns the published snapshot. */
    private long stageAuditPublish(PinnedRun run, RunLease lease, ScoredStore store, Scored scored) {
        CrashPoints.reached("before-staging");
        long rows = scored.stats().rows();
        long snapshot = store.publication()
                .publish(
                        scored.governed(),
                        run.key().toString(),
                        Map.of(
                                "scorehouse.job-id", run.key().jobId(),
                                "scorehouse.model-digest", run.modelDigest(),
                                "scorehouse.policy-digest", run.policyDigest(),
                                "scorehouse.pipeline", run.pipeline().name()),
                        branch -> audit(branch, run.key(), rows));
        CrashPoints.reached("published");
        lease.published(snapshot, rows);
        return snapshot;
    }

    /** 8. Finalizes (idempotent): signed manifest and _SUCCESS, ops rows (manifest row, events, audit), hot store, ledger. */
    private ScoreOutcome finalizeRun(
            PinnedRun run,
            RunLease lease,
            ScoredStore store,
            InputVerdict verdict,
            Scored scored,
            long snapshot,
            Timings timings) {
        double total = timings.total();
        long rowsOut = scored.stats().rows();
        RunFinalizer finalizer = new RunFinalizer(spark, store, with.artifacts(), with.signer());
        Map<String, Object> manifest = RunManifest.of(
                run,
                verdict,
                scored.stats(),
                snapshot,
                store.predictionsTable(),
                with.artifacts().run(run.key().jobId()),
                timings.asMap());
        run.canary()
                .ifPresent(pin -> manifest.put(
                        "canary",
                        RunManifest.canary(
                                new ModelRef(run.model().name(), pin.challengerVersion()),
                                pin,
                                rowsOut,
                                scored.governed()
                                        .where(col("model_version").equalTo(pin.challengerVersion()))
                                        .count())));
        java.nio.file.Path manifestPath = finalizer.writeManifest(run.key().jobId(), manifest);
        CrashPoints.reached("finalizing");
        finalizer.recordOps(
                new RunFinalizer.ManifestFacts(
                        run.key().jobId(),
                        run.key().toString(),
                        run.pipeline().name(),
                        run.key().date(),
                        run.model().name(),
                        run.model().version(),
                        run.modelDigest(),
                        run.policyDigest(),
                        snapshot,
                        verdict.rowsIn(),
                        rowsOut,
                        verdict.quality(),
                        verdict.degradedReason(),
                        verdict.anomalies()),
                with.actor(),
                Instant.now(with.clock()));
        CrashPoints.reached("finalized-ops");
        long phase = System.nanoTime();
        long hot = with.hotStore()
                .upsert(
                        GovernedRows.lastScores(scored.governed()),
                        RatePacer.system(run.pipeline().maxRowsPerSecond()));
        Progress.step("score: hot store upserted {} last scores in {} s", hot, Math.round(Timings.since(phase)));
        lease.finalized();
        scored.governed().unpersist();
        double rate = total > 0 ? rowsOut / total : 0;
        Progress.step(
                "score: published {} rows for {} (snapshot {}, {} rows/s)",
                rowsOut,
                run.key(),
                snapshot,
                Math.round(rate));
        return new ScoreOutcome(
                run.key(),
                false,
                snapshot,
                verdict.rowsIn(),
                rowsOut,
                rate,
                verdict.quality(),
                manifestPath,
                run.asOfOut());
    }

    /** One arm of the run: its rows scored by its model, in the governed shape. */
    private Dataset<Row> scoreArm(Dataset<Row> rows, VerifiedModel armModel, GovernedRows.Pins pins) {
        return GovernedRows.from(
                new BoosterScorer(
                                spark, armModel.modelBytes(), armModel.version().features(), TOP_CONTRIBUTIONS)
                        .score(rows),
                pins);
    }

    /** The staged branch must hold exactly this run's rows, each with a key and a probability. */
    private void audit(String branch, RunKey key, long expectedRows) {
        Row audit = spark.sql(
                        "SELECT count(*) AS total, count_if(score IS NULL OR isnan(score) OR score < 0 OR score > 1) AS bad_scores, "
                                + "count_if(entity_key IS NULL OR idempo_key IS NULL) AS missing_keys, count(DISTINCT idempo_key) AS distinct_keys FROM "
                                + branch + " WHERE job_id = " + SqlFiles.literal(key.jobId()) + " AND dt = DATE'"
                                + key.date() + "'")
                .head();
        long total = audit.getAs("total");
        long badScores = audit.getAs("bad_scores");
        long missingKeys = audit.getAs("missing_keys");
        long distinctKeys = audit.getAs("distinct_keys");
        if (total != expectedRows || badScores != 0 || missingKeys != 0 || distinctKeys != expectedRows) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY,
                    "publish " + key,
                    "audit of the staged branch failed: " + total
                            + " rows (expected " + expectedRows + "), " + badScores + " bad scores, " + missingKeys
                            + " missing keys, " + distinctKeys + " distinct idempotency keys");
        }
    }

    private static SanitySpec sanitySpec(PipelineDefinition pipeline) {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        pipeline.checks()
                .ranges()
                .forEach((column, range) -> ranges.put(column, new double[] {
                    range.min() == null ? Double.NEGATIVE_INFINITY : range.min(),
                    range.max() == null ? Double.POSITIVE_INFINITY : range.max()
                }));
        return new SanitySpec(
                List.of(PointInTimeRead.TENANT, PointInTimeRead.ENTITY_KEY),
                pipeline.checks().criticalColumns(),
                pipeline.checks().maxNullRate(),
                ranges,
                pipeline.checks().minRows(),
                PointInTimeRead.TENANT,
                pipeline.checks().maxTenants());
    }

    private static Map<String, double[]> baselineOf(VerifiedModel model) {
        ModelBaseline baseline = ModelBaseline.read(model.baselineFile());
        Map<String, double[]> stats = new LinkedHashMap<>();
        baseline.features().forEach((feature, s) -> stats.put(feature, new double[] {s.mean(), s.std()}));
        return stats;
    }

    /** Identity of this attempt as a lease owner: host, pid and a random suffix. */
    public static String attemptOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":"
                + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}

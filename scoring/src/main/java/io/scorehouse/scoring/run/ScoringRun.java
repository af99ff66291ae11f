package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.expr;

import com.amazon.deequ.repository.MetricsRepository;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunLease;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunPins;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.lakehouse.spark.CatalogLabels;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.quality.CheckReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One batch scoring run = pipeline + input partition (docs/ARCHITECTURE.md §2): resolve and claim the run key,
 * gate (model, data, run), read point-in-time with tokenized keys, check, score, publish exactly
 * once, finalize. A failure before publication leaves nothing visible; a re-run finishes what is
 * missing; a finalized run key exits 0 "already committed" without writing anything.
 */
public final class ScoringRun {
    private final SparkSession spark;
    private final Collaborators with;

    public ScoringRun(SparkSession spark, Collaborators collaborators) {
        this.spark = requireNonNull(spark, "spark is null");
        this.with = requireNonNull(collaborators, "collaborators is null");
    }

    /** Everything a run talks to, passed in (no statics). */
    public record Collaborators(
            ScorehouseConfig config,
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
            String owner,
            java.util.function.Supplier<java.util.Set<String>> suppressedKeys,
            CatalogLabels labels) {}

    /** The log context a run sets on its thread (every log line of the run carries what is known so far). */
    private static final List<String> LOG_CONTEXT =
            List.of("run_key", "job_id", "writer", "model", "model_digest", "snapshot_id");

    public ScoreOutcome run(PipelineDefinition pipeline, LocalDate date, String jobId) {
        RunKey key = RunKey.of(pipeline.name(), date, jobId);
        ThreadContext.put("run_key", key.toString());
        ThreadContext.put("job_id", key.jobId());
        try {
            return execute(pipeline, key);
        } finally {
            ThreadContext.removeAll(LOG_CONTEXT);
        }
    }

    private ScoreOutcome execute(PipelineDefinition pipeline, RunKey key) {
        Timings timings = new Timings();
        ScoredStore store = new ScoredStore(spark, with.config().catalog().name());
        store.ensure();
        with.labels().apply();
        // 1. Resolve: claim the run key; a finalized one is "already committed".
        RunLedger.Claim claim = resolve(pipeline, key);
        if (claim.outcome() == RunLedger.ClaimOutcome.ALREADY_FINALIZED) {
            return ScoreOutcome.alreadyCommitted(
                    claim.record(), with.artifacts().run(key.jobId()).resolve(RunFinalizer.MANIFEST));
        }
        RunLease lease = claim.lease();
        // the input and the governed rows are read more than once; released when the run ends, failed or not
        try (ExecutorTasks tasks = ExecutorTasks.listen(spark);
                CachedFrames cached = new CachedFrames()) {
            // 2. Gate, then pin what every retry must reuse — the configuration and the store's key included.
            RunConfiguration configuration = RunConfiguration.of(with.config(), pipeline, with.tokenizer());
            RunAdmission admitted = timings.time("gates_s", () -> gate(pipeline, claim.record()));
            ThreadContext.put("writer", writer(pipeline));
            ThreadContext.put("model", admitted.champion().toString());
            ThreadContext.put("model_digest", admitted.model().version().modelDigest());
            store.requireEntityKeyId(configuration.entityKeyId());
            PinnedRun run = pin(lease, pipeline, claim.record(), admitted, configuration);
            // 3. Read: the input holds the day and its contract, then point-in-time.
            Input input = timings.time("input_contract_s", () -> read(run, admitted, configuration, cached));
            // 4. Check.
            InputVerdict verdict = timings.time(
                    "read_and_checks_s",
                    () -> InputVerdict.check(
                                    run,
                                    input.contract(),
                                    input.rows(),
                                    admitted.model(),
                                    configuration.nonNullColumns(),
                                    with.metrics())
                            .suppressing(input.suppressed()));
            lease.renew();
            // 5. Score, then hold the scores against the training scores.
            Scored scored =
                    timings.time("score_s", () -> score(run, input.rows(), admitted, verdict.quality(), cached));
            Checked checked = timings.time("output_checks_s", () -> checkOutput(run, admitted, verdict, scored));
            lease.renew();
            // 6–7. Stage, audit, publish.
            long snapshot = timings.time(
                    "publish_s",
                    () -> RunPublication.publish(
                            spark,
                            store,
                            run,
                            lease,
                            checked.scored().governed(),
                            checked.scored().stats().rows()));
            ThreadContext.put("snapshot_id", Long.toString(snapshot));
            // 8. Finalize.
            return finalizeRun(run, lease, store, checked.verdict(), checked.scored(), snapshot, timings, tasks.seen());
        } catch (Exception e) { // Spark's checked exceptions too (thrown from Scala undeclared)
            lease.failed(e.getClass().getSimpleName() + ": " + firstLine(e));
            throw e;
        }
    }

    private static String firstLine(Exception e) {
        return String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    }

    /** 2. The gates: model, data, run, writer — the pipeline's service account, else the configured one (see {@link RunAdmission}). */
    private RunAdmission gate(PipelineDefinition pipeline, RunRecord record) {
        return RunAdmission.gate(
                pipeline, record, writer(pipeline), with.registry(), with.policies(), with.rollouts(), with.clock());
    }

    private String writer(PipelineDefinition pipeline) {
        return pipeline.serviceAccount() != null
                ? pipeline.serviceAccount()
                : with.config().identity().serviceAccount();
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
                throw new RunInProgressException(
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

    /**
     * Pins what this run works on (kept from the first attempt on retries), the canary allocation
     * included; a retry that would score with another digest or allocation is an integrity failure.
     */
    private PinnedRun pin(
            RunLease lease,
            PipelineDefinition pipeline,
            RunRecord record,
            RunAdmission admitted,
            RunConfiguration configuration) {
        ModelRef ref = admitted.champion();
        ModelDigest digest = new ModelDigest(admitted.model().version().modelDigest());
        RunRecord.CanaryPin canary = admitted.canaryPin();
        Instant asOfOut = record.asOfOut() != null
                ? Instant.parse(record.asOfOut())
                : Instant.now(with.clock()).truncatedTo(ChronoUnit.MICROS);
        RunRecord pinned = lease.pin(new RunPins(
                asOfOut,
                ref.name(),
                ref.version(),
                digest,
                new PointInTimeRead(spark, with.config().warehouse()).currentVersion(pipeline.dataset()),
                new PolicyDigest(with.policies().digest()),
                canary,
                configuration.pin()));
        if (!pinned.modelDigest().equals(digest.value())) {
            throw new ScorehouseException(
                    ExitCode.INTEGRITY, "model " + ref, "digest differs from the one pinned for this run");
        }
        configuration.requireSameAs(
                pinned,
                "run " + lease.key(),
                "since the first attempt; a run is one configuration (score under a new --job-id)");
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
        return PinnedRun.of(pipeline, pinned, configuration);
    }

    /** The pinned input that passed its schema contract: point-in-time rows, cached for checks and scoring. */
    private record Input(CheckReport contract, Dataset<Row> rows, long suppressed) {}

    /**
     * 3. Reads the pinned input point-in-time, tokenized, allow-listed columns only — once it holds
     * the run's day and matches its dataset contract (exit 4 otherwise).
     */
    private Input read(PinnedRun run, RunAdmission admitted, RunConfiguration configuration, CachedFrames cached) {
        PointInTimeRead reader = new PointInTimeRead(spark, with.config().warehouse());
        InputContract.requireFresh(
                reader, run.pipeline(), run.inputVersion(), run.key().date());
        CheckReport contract =
                InputContract.require(reader, run.pipeline().dataset(), run.inputVersion(), configuration);
        Suppression.Filtered read = Suppression.apply(
                reader.read(run.pipeline(), run.inputVersion(), run.asOf(), admitted.features(), with.tokenizer()),
                with.suppressedKeys().get());
        if (read.skipped() > 0) {
            Progress.step("score: skipped {} erased entities (suppression list)", read.skipped());
        }
        return new Input(contract, cached.cache(read.rows()), read.skipped());
    }

    /** The governed rows of a run (read from the cache, for the publication and the hot store) and their one-pass statistics. */
    private record Scored(Dataset<Row> governed, GovernedRows.OutputStats stats) {}

    /** 5. Scores each arm with its model, then validates the output in one pass (exit 4 on a score that is not a probability). */
    private Scored score(
            PinnedRun run, Dataset<Row> input, RunAdmission admitted, String quality, CachedFrames cached) {
        CrashPoints.reached("scoring");
        GovernedRows.Pins championPins =
                run.championRows(admitted.model().version().features(), quality);
        Dataset<Row> governed = RunArms.score(
                spark,
                input,
                admitted.model(),
                championPins,
                admitted.challenger()
                        .map(c -> new RunArms.Arm(
                                c.model(),
                                run.challengerRows(c.model().version().features(), quality),
                                c.pin().percent())),
                cached::cache);
        GovernedRows.OutputStats stats = GovernedRows.validate(governed);
        if (stats.invalidScores() > 0) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "output",
                    stats.invalidScores() + " scores are NaN, infinite or outside [0, 1]");
        }
        return new Scored(governed, stats);
    }

    private record Checked(InputVerdict verdict, Scored scored) {}

    /**
     * 5b. The champion's score distribution against its training scores ({@link OutputDrift}):
     * exit 4 under a fail policy; under degrade, every row is re-flagged {@code degraded}.
     */
    private Checked checkOutput(PinnedRun run, RunAdmission admitted, InputVerdict verdict, Scored scored) {
        InputVerdict checked = verdict.withOutput(
                run.pipeline(),
                OutputDrift.check(
                        scored.governed(),
                        run.model().version(),
                        ModelBaseline.read(admitted.model().baselineFile()),
                        run.pipeline().outputDrift()));
        if (checked.quality().equals(verdict.quality())) {
            return new Checked(checked, scored);
        }
        // not cached: a projection over the governed rows, which stay cached until the run ends (a cache of its own
        // would be planned from the input again once the governed rows were released: every row scored twice)
        Dataset<Row> flagged = scored.governed()
                .withColumn(
                        "runtime_meta",
                        expr("transform_values(runtime_meta, (k, v) -> CASE WHEN k = 'quality' THEN '"
                                + checked.quality() + "' ELSE v END)"));
        return new Checked(checked, new Scored(flagged, scored.stats()));
    }

    /** 8. Finalizes (idempotent, see {@link RunFinalizer#complete}) and reports what was published. */
    private ScoreOutcome finalizeRun(
            PinnedRun run,
            RunLease lease,
            ScoredStore store,
            InputVerdict verdict,
            Scored scored,
            long snapshot,
            Timings timings,
            List<RunManifest.Executor> executors) {
        double total = timings.total();
        long rowsOut = scored.stats().rows();
        Path manifest = new RunFinalizer(spark, store, with.artifacts(), with.signer())
                .complete(
                        run,
                        lease,
                        verdict,
                        scored.governed(),
                        scored.stats(),
                        snapshot,
                        timings.asMap(),
                        executors,
                        with.hotStore(),
                        with.actor(),
                        Instant.now(with.clock()));
        // A version revoked while this run was in flight must not stay in the hot store.
        new RevocationSync(store, with.registry(), with.hotStore(), with.actor()).run();
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
                manifest,
                run.asOfOut());
    }
}

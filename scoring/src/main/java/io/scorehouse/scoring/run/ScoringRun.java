package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.admission.ModelGate;
import io.scorehouse.gates.admission.DataGate;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.RatePacer;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.lakehouse.spark.PublishProtocol;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputChecks;
import io.scorehouse.quality.RunHistory;
import io.scorehouse.quality.SanitySpec;
import com.amazon.deequ.repository.MetricsRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.LinkedHashSet;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.canary.Rollout;
import org.apache.spark.sql.Column;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;
import org.apache.logging.log4j.ThreadContext;
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
    public record Collaborators(String warehouse, String catalog, ModelRegistry registry, PolicyBundle policies, RunLedger ledger,
                                EntityTokenizer tokenizer, Signer signer, ArtifactStore artifacts, MetricsRepository metrics,
                                LastScores hotStore, CanaryRollouts rollouts, Clock clock, String actor, String owner) {
    }

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
        long started = System.nanoTime();
        Map<String, Double> timings = new LinkedHashMap<>();

        // 1. Resolve and claim the run key.
        ScoredStore store = new ScoredStore(spark, with.catalog());
        store.ensure();
        RunLedger.Claim claim = with.ledger().claim(key, pipeline.name(), with.owner());
        switch (claim.outcome()) {
            case ALREADY_FINALIZED -> {
                Progress.step("score: {} already committed (snapshot {}); nothing to do", key, claim.record().snapshotId());
                return new ScoreOutcome(key, true, claim.record().snapshotId(), 0, claim.record().rowsOut(), 0, "n/a",
                        with.artifacts().run(key.jobId()).resolve(RunFinalizer.MANIFEST), Instant.parse(claim.record().asOfOut()));
            }
            case IN_PROGRESS -> throw new ScorehouseException(ExitCode.POLICY_REFUSED, "run " + key,
                    "run in progress: attempt " + claim.record().attempt() + " holds the lease until " + claim.record().leaseExpiresAt());
            default -> Progress.step("score: {} attempt {} ({})", key, claim.record().attempt(), claim.outcome().name().toLowerCase());
        }
        try {
            return work(pipeline, key, claim.record(), store, started, timings);
        } catch (RuntimeException e) {
            with.ledger().failed(key, with.owner(), e.getClass().getSimpleName() + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            throw e;
        }
    }

    private ScoreOutcome work(PipelineDefinition pipeline, RunKey key, RunRecord record, ScoredStore store, long started,
                              Map<String, Double> timings) {
        // 2. Gates: model (verified + batch.model) for the champion and a canary's challenger, data (batch.data), run (batch.run).
        long phase = System.nanoTime();
        ModelGate modelGate = new ModelGate(with.registry(), with.policies());
        ModelRef ref = modelGate.resolve(pipeline, record);
        VerifiedModel model = modelGate.admit(ref, record.modelDigest(), key.date(), 0);
        Optional<Challenger> challenger = challenger(record, ref, modelGate, key.date());
        Set<String> allFeatures = new LinkedHashSet<>(model.version().features());
        challenger.ifPresent(c -> allFeatures.addAll(c.model().version().features()));
        List<String> features = List.copyOf(allFeatures);
        List<String> requested = DataGate.admit(with.policies(), pipeline, features);
        with.policies().decide("batch.run", Map.of("already_committed", false,
                "window", Map.of("start_hour", pipeline.runWindow().startHour(), "end_hour", pipeline.runWindow().endHour()),
                "hour_utc", Instant.now(with.clock()).atZone(ZoneOffset.UTC).getHour())).requireAllowed("run " + key);

        // Pin what this run works on (kept from the first attempt on retries), the canary allocation included.
        PointInTimeRead reader = new PointInTimeRead(spark, with.warehouse());
        RunRecord pinned = with.ledger().pin(key, with.owner(),
                record.asOfOut() != null ? record.asOfOut() : Instant.now(with.clock()).truncatedTo(ChronoUnit.MICROS).toString(),
                ref.name(), ref.version(), model.version().modelDigest(), reader.currentVersion(pipeline.dataset()),
                with.policies().digest(), challenger.map(Challenger::pin).orElse(null));
        if (!pinned.modelDigest().equals(model.version().modelDigest())) {
            throw new ScorehouseException(ExitCode.INTEGRITY, "model " + ref, "digest differs from the one pinned for this run");
        }
        if (!Objects.equals(pinned.canary(), challenger.map(Challenger::pin).orElse(null))) {
            throw new ScorehouseException(ExitCode.INTEGRITY, "run " + key, "canary allocation differs from the one pinned for this run");
        }
        challenger.ifPresent(c -> Progress.step("score: canary — {} % of entities to challenger {}, the rest to champion {}",
                c.pin().percent(), c.ref(), ref));
        timings.put("gates_s", seconds(phase));

        // 3. Read point-in-time, tokenized, allow-listed columns only.
        phase = System.nanoTime();
        CheckReport contract = InputContract.require(reader, pipeline, pinned.inputVersion(), requested);
        Instant asOf = endOf(key.date());
        Dataset<Row> input = reader.read(pipeline, pinned.inputVersion(), asOf, features, with.tokenizer()).persist(StorageLevel.MEMORY_AND_DISK());

        // 4. Check before scoring.
        RunHistory history = new RunHistory(with.metrics(), pipeline.name(), key.date(), pipeline.history().minRuns(),
                pipeline.history().maxDeviations());
        List<CheckReport> reports = new InputChecks(history).sanityAndDrift(input, sanitySpec(pipeline), baselineOf(model),
                pipeline.drift().maxMeanShift());
        CheckReport sanity = reports.get(0);
        CheckReport drift = reports.get(1);
        CheckReport anomalies = reports.get(2);
        if (!anomalies.passed()) {
            Progress.step("score: unlike earlier runs (flagged, not blocking): {}", anomalies.failureSummary());
        }
        long rowsIn = (long) sanity.results().get(0).observed();
        if (!sanity.passed()) {
            throw new ScorehouseException(ExitCode.DATA_QUALITY, "input " + pipeline.dataset(), "sanity checks failed — " + sanity.failureSummary());
        }
        String quality = "ok";
        if (!drift.passed()) {
            if (pipeline.drift().policy() == PipelineDefinition.DriftAction.FAIL) {
                throw new ScorehouseException(ExitCode.DATA_QUALITY, "input " + pipeline.dataset(), "drift beyond the model baseline — "
                        + drift.failureSummary());
            }
            quality = "degraded";
            Progress.step("score: input drifted ({}); publishing flagged as degraded per pipeline policy", drift.failureSummary());
        }
        timings.put("read_and_checks_s", seconds(phase));
        with.ledger().renew(key, with.owner());

        // 5. Score (each arm with its model) and validate the output.
        phase = System.nanoTime();
        Instant asOfOut = Instant.parse(pinned.asOfOut());
        GovernedRows.Pins pins = new GovernedRows.Pins(key.toString(), key.jobId(), pipeline.name(), ref.name(), ref.version(),
                pinned.modelDigest(), pinned.policyDigest(), asOfOut, key.date(),
                featuresetId(pipeline, model.version().features(), pinned.inputVersion()), pinned.inputVersion(), quality,
                pipeline.decisionBands());
        Dataset<Row> arms;
        if (challenger.isEmpty()) {
            arms = scoreArm(input, model, pins);
        } else {
            Challenger c = challenger.get();
            GovernedRows.Pins challengerPins = new GovernedRows.Pins(pins.runKey(), pins.jobId(), pins.pipeline(), ref.name(),
                    c.ref().version(), c.pin().challengerDigest(), pins.policyDigest(), asOfOut, key.date(),
                    featuresetId(pipeline, c.model().version().features(), pinned.inputVersion()), pinned.inputVersion(), quality,
                    pipeline.decisionBands());
            Column toChallenger = CanaryRouting.toChallenger(c.pin().percent());
            arms = scoreArm(input.where(not(toChallenger)), model, pins)
                    .unionAll(scoreArm(input.where(toChallenger), c.model(), challengerPins));
        }
        Dataset<Row> governed = arms.persist(StorageLevel.MEMORY_AND_DISK());
        // One pass: scores everything (and caches it for the MERGE), counts, validates, ranges.
        Row output = GovernedRows.validate(governed);
        long rowsOut = output.getLong(0);
        if (output.getLong(1) > 0) {
            throw new ScorehouseException(ExitCode.DATA_QUALITY, "output", output.getLong(1) + " scores are NaN, infinite or outside [0, 1]");
        }
        Row range = output;
        timings.put("score_s", seconds(phase));

        // 6–7. Stage on a branch, audit, publish atomically.
        with.ledger().renew(key, with.owner());
        CrashPoints.reached("before-staging");
        phase = System.nanoTime();
        PublishProtocol protocol = new PublishProtocol(spark, with.catalog(), ScoredStore.PREDICTIONS);
        long snapshot = protocol.publish(governed, key.toString(), Map.of(
                "scorehouse.job-id", key.jobId(),
                "scorehouse.model-digest", pinned.modelDigest(),
                "scorehouse.policy-digest", pinned.policyDigest(),
                "scorehouse.pipeline", pipeline.name()), branch -> audit(branch, key, rowsOut));
        CrashPoints.reached("published");
        with.ledger().published(key, with.owner(), snapshot, rowsOut);
        timings.put("publish_s", seconds(phase));

        // 8. Finalize.
        double total = seconds(started);
        timings.put("total_s", total);
        RunFinalizer finalizer = new RunFinalizer(spark, store, with.artifacts(), with.signer());
        Map<String, Object> manifest = manifest(pipeline, key, pinned, ref, rowsIn, rowsOut, quality, List.of(contract, sanity, drift,
                anomalies), range, snapshot, timings);
        challenger.ifPresent(c -> manifest.put("canary", canarySection(c, governed, rowsOut)));
        java.nio.file.Path manifestPath = finalizer.writeManifest(key.jobId(), manifest);
        CrashPoints.reached("finalizing");
        finalizer.recordOps(new RunFinalizer.ManifestFacts(key.jobId(), key.toString(), pipeline.name(), key.date(), ref.name(),
                ref.version(), pinned.modelDigest(), pinned.policyDigest(), snapshot, rowsIn, rowsOut, quality,
                drift.passed() ? "" : drift.failureSummary(), anomalies.passed() ? "" : anomalies.failureSummary()), with.actor(),
                Instant.now(with.clock()));
        CrashPoints.reached("finalized-ops");
        phase = System.nanoTime();
        long hot = with.hotStore().upsert(GovernedRows.lastScores(governed), RatePacer.system(pipeline.maxRowsPerSecond()));
        Progress.step("score: hot store upserted {} last scores in {} s", hot, Math.round(seconds(phase)));
        with.ledger().finalized(key, with.owner());
        input.unpersist();
        governed.unpersist();
        double rate = total > 0 ? rowsOut / total : 0;
        Progress.step("score: published {} rows for {} (snapshot {}, {} rows/s)", rowsOut, key, snapshot, Math.round(rate));
        return new ScoreOutcome(key, false, snapshot, rowsIn, rowsOut, rate, quality, manifestPath, asOfOut);
    }

    /** One arm of the run: its rows scored by its model, in the governed shape. */
    private Dataset<Row> scoreArm(Dataset<Row> rows, VerifiedModel armModel, GovernedRows.Pins pins) {
        return GovernedRows.from(new BoosterScorer(spark, readModel(armModel), armModel.version().features(), TOP_CONTRIBUTIONS).score(rows),
                pins);
    }

    /** A canary's challenger for this run: {@code model} admitted by batch.model with its share. */
    private record Challenger(ModelRef ref, VerifiedModel model, RunRecord.CanaryPin pin) {
    }

    /**
     * The challenger this run routes to: the allocation an earlier attempt pinned, else the active
     * rollout of the model whose champion is the version this run scores with; none once the run
     * was pinned without one. Admitted by batch.model like the champion (a revoked challenger
     * stops the run).
     */
    private Optional<Challenger> challenger(RunRecord record, ModelRef champion, ModelGate modelGate, LocalDate date) {
        RunRecord.CanaryPin pin = record.canary();
        if (pin == null) {
            if (record.modelDigest() != null) {
                return Optional.empty();
            }
            Optional<Rollout> rollout = with.rollouts().active(champion.name())
                    .filter(r -> r.challengerPercent() > 0 && r.champion().equals(Optional.of(champion.version()))
                            && r.challenger().version() != champion.version());
            if (rollout.isEmpty()) {
                return Optional.empty();
            }
            ModelRef ref = rollout.get().challenger();
            VerifiedModel model = modelGate.admit(ref, null, date, rollout.get().challengerPercent());
            return Optional.of(new Challenger(ref, model, new RunRecord.CanaryPin(ref.version(), model.version().modelDigest(),
                    rollout.get().challengerPercent())));
        }
        ModelRef ref = new ModelRef(champion.name(), pin.challengerVersion());
        return Optional.of(new Challenger(ref, modelGate.admit(ref, pin.challengerDigest(), date, pin.percent()), pin));
    }

    private static Map<String, Object> canarySection(Challenger c, Dataset<Row> governed, long rowsOut) {
        long challengerRows = governed.where(col("model_version").equalTo(c.ref().version())).count();
        Map<String, Object> canary = new LinkedHashMap<>();
        canary.put("challenger", Map.of("name", c.ref().name(), "version", c.ref().version(), "digest", c.pin().challengerDigest()));
        canary.put("percent", c.pin().percent());
        canary.put("routing", "pmod(hash(entity_key), 100) < percent");
        canary.put("rows", Map.of("champion", rowsOut - challengerRows, "challenger", challengerRows));
        return canary;
    }

    /** The staged branch must hold exactly this run's rows, each with a key and a probability. */
    private void audit(String branch, RunKey key, long expectedRows) {
        Row audit = spark.sql("SELECT count(*), count_if(score IS NULL OR isnan(score) OR score < 0 OR score > 1), "
                + "count_if(entity_key IS NULL OR idempo_key IS NULL), count(DISTINCT idempo_key) FROM " + branch
                + " WHERE job_id = '" + key.jobId().replace("'", "") + "' AND dt = DATE'" + key.date() + "'").head();
        if (audit.getLong(0) != expectedRows || audit.getLong(1) != 0 || audit.getLong(2) != 0 || audit.getLong(3) != expectedRows) {
            throw new ScorehouseException(ExitCode.INTEGRITY, "publish " + key, "audit of the staged branch failed: " + audit.getLong(0)
                    + " rows (expected " + expectedRows + "), " + audit.getLong(1) + " bad scores, " + audit.getLong(2)
                    + " missing keys, " + audit.getLong(3) + " distinct idempotency keys");
        }
    }

    private static SanitySpec sanitySpec(PipelineDefinition pipeline) {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        pipeline.checks().ranges().forEach((column, range) -> ranges.put(column, new double[] {
                range.min() == null ? Double.NEGATIVE_INFINITY : range.min(),
                range.max() == null ? Double.POSITIVE_INFINITY : range.max()}));
        return new SanitySpec(List.of(PointInTimeRead.TENANT, PointInTimeRead.ENTITY_KEY), pipeline.checks().criticalColumns(),
                pipeline.checks().maxNullRate(), ranges, pipeline.checks().minRows(), PointInTimeRead.TENANT, pipeline.checks().maxTenants());
    }

    private static Map<String, double[]> baselineOf(VerifiedModel model) {
        ModelBaseline baseline = ModelBaseline.read(model.baselineFile());
        Map<String, double[]> stats = new LinkedHashMap<>();
        baseline.features().forEach((feature, s) -> stats.put(feature, new double[] {s.mean(), s.std()}));
        return stats;
    }

    /** The point-in-time cut of a business date: its last microsecond. */
    static Instant endOf(LocalDate date) {
        return date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1000);
    }

    static byte[] readModel(VerifiedModel model) {
        try {
            byte[] bytes = Files.readAllBytes(model.modelFile());
            // Verified moments ago; checked again so the bytes scored are the bytes verified.
            if (!Digests.of(bytes).equals(model.version().modelDigest())) {
                throw new ScorehouseException(ExitCode.INTEGRITY, "model " + model.version().ref(), "model.ubj changed after verification");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model.modelFile(), e);
        }
    }

    static String featuresetId(PipelineDefinition pipeline, List<String> features, long inputVersion) {
        return "fs-" + Digests.sha256Hex(pipeline.dataset() + "@" + inputVersion + "|" + String.join(",", features)).substring(0, 16);
    }

    private Map<String, Object> manifest(PipelineDefinition pipeline, RunKey key, RunRecord pinned, ModelRef ref, long rowsIn, long rowsOut,
                                         String quality, List<CheckReport> checkReports, Row scoreRange, long snapshot,
                                         Map<String, Double> timings) {
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("job_id", key.jobId());
        manifest.put("run_key", key.toString());
        manifest.put("pipeline", pipeline.name());
        manifest.put("model", Map.of("name", ref.name(), "version", ref.version(), "digest", pinned.modelDigest()));
        manifest.put("inputs", Map.of("dataset", pipeline.dataset(), "partition", key.inputPartition(),
                "delta_version", pinned.inputVersion()));
        manifest.put("policy_digest", pinned.policyDigest());
        manifest.put("rows_in", rowsIn);
        manifest.put("rows_out", rowsOut);
        manifest.put("quality", quality);
        double nullRate = checkReports.stream().filter(r -> r.family().equals("sanity")).flatMap(r -> r.results().stream())
                .filter(r -> r.check().equals("null_rate")).mapToDouble(r -> r.observed()).max().orElse(0);
        manifest.put("sanity_checks", Map.of("null_rate", nullRate, "score_range", List.of(scoreRange.getDouble(2), scoreRange.getDouble(3))));
        Map<String, Object> checks = new LinkedHashMap<>();
        for (CheckReport report : checkReports) {
            checks.put(report.family(), report.results().stream().map(r -> Map.of("check", r.check(), "subject", r.subject(),
                    "passed", r.passed(), "observed", Double.isFinite(r.observed()) ? r.observed() : String.valueOf(r.observed()),
                    "expected", r.expectation())).toList());
        }
        manifest.put("checks", checks);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("latency_sec_total", timings.get("total_s"));
        metrics.put("throughput_rps", timings.get("total_s") > 0 ? rowsOut / timings.get("total_s") : 0);
        metrics.put("timings", timings);
        manifest.put("metrics", metrics);
        manifest.put("as_of", endOf(key.date()).toString());
        manifest.put("as_of_out", pinned.asOfOut());
        manifest.put("attempt", pinned.attempt());
        manifest.put("output", Map.of("table", with.catalog() + "." + ScoredStore.PREDICTIONS, "snapshot_id", snapshot,
                "run_key_property", PublishProtocol.RUN_KEY));
        manifest.put("artifact_store", with.artifacts().run(key.jobId()).toString());
        return manifest;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** Identity of this attempt as a lease owner: host, pid and a random suffix. */
    public static String attemptOwner() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid() + ":" + java.util.UUID.randomUUID().toString().substring(0, 8);
    }
}

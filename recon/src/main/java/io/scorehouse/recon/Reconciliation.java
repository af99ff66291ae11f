package io.scorehouse.recon;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.canary.ScorePsi;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.spark.CatalogLabels;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.math.BigDecimal;
import java.sql.Date;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructType;

/**
 * D+1 reconciliation of one day (DESIGN §6, spec Z7-2.7): decisions of D ↔ scores through the
 * governed view, coverage, versions, latency, histogram and bands, PSI per segment/region/channel
 * against the training baseline, ledger invariants and quarantine, the guardrail, and the signed
 * report. Each output table gets day D replaced in one commit; re-running D gives the same rows.
 *
 * <p>Over 300 lines: the day's SQL steps, their evidence and the guardrail share one pinned input.
 */
public final class Reconciliation {
    private static final Logger LOG = LogManager.getLogger(Reconciliation.class);
    /** The purpose recon.limits allows; the CLI's default for {@code --purpose}. */
    public static final String PURPOSE = "reconciliation";

    public static final String DEFAULT_DECISIONS = "curated.decisions";
    static final List<String> LEDGER_COLUMNS = List.of(
            "decision_id",
            "tenant_id",
            "entity_key",
            "model_name",
            "model_version_used",
            "decision",
            "request_ts",
            "ingested_at",
            "segment",
            "region",
            "channel",
            "is_final");
    /** Optional ledger column: the request_id of the score a decision used (Z7-2.7 §2.1). */
    static final String REQUEST_ID = "request_id";

    private static final List<String> TABLES =
            List.of("recon.daily", "recon.psi", "recon.quarantine", "recon.guardrails");

    private final SparkSession spark;
    private final Collaborators with;

    public Reconciliation(SparkSession spark, Collaborators collaborators) {
        this.spark = requireNonNull(spark, "spark is null");
        this.with = requireNonNull(collaborators, "collaborators is null");
    }

    /** Everything a reconciliation talks to. */
    public record Collaborators(
            String catalog,
            String warehouse,
            ModelRegistry registry,
            CanaryRollouts rollouts,
            PolicyBundle policies,
            Signer signer,
            ArtifactStore artifacts,
            Clock clock,
            String actor,
            ReconCaller caller,
            Set<String> piiColumns,
            CatalogLabels labels) {}

    /**
     * {@code recon.limits} (at most the policy's window, for an allowed purpose) and {@code
     * recon.access} (the caller's roles); refusals exit 3.
     */
    public void requireWithinLimits(LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new ScorehouseException(ExitCode.USAGE, "recon", "--to " + to + " is before --from " + from);
        }
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        with.policies()
                .decide(
                        DecisionPoint.RECON_LIMITS,
                        Map.of("window_days", days, "purpose", with.caller().purpose()))
                .requireAllowed("recon " + from + ".." + to);
        requireAccess(false);
    }

    /** {@code recon.access}: may this caller run and read reconciliation, and are the results free of PII? */
    private void requireAccess(boolean containsPii) {
        with.policies()
                .decide(
                        DecisionPoint.RECON_ACCESS,
                        Map.of(
                                "caller",
                                with.caller().caller(),
                                "roles",
                                with.caller().roles(),
                                "contains_pii",
                                containsPii))
                .requireAllowed("recon as " + with.caller().caller() + " "
                        + with.caller().roles());
    }

    /** Whether any column of the recon tables is classified pii in a dataset contract. */
    private boolean resultsContainPii() {
        for (String table : List.of("daily", "psi", "quarantine", "guardrails")) {
            for (String column : spark.table(with.catalog() + ".recon." + table).columns()) {
                if (with.piiColumns().contains(column)) {
                    return true;
                }
            }
        }
        return false;
    }

    public ReconOutcome run(LocalDate day, String decisionsTable) {
        requireWithinLimits(day, day);
        ReconWindow window = new ReconWindow(day);
        ScoredStore store = new ScoredStore(spark, with.catalog());
        store.ensure();
        ReconTables.ensure(spark, with.catalog());
        with.labels().apply();
        requireAccess(resultsContainPii());

        long decisionsVersion = requireLedger(decisionsTable);
        boolean citesRequests = List.of(spark.table(decisionsTable).columns()).contains(REQUEST_ID);
        long scoresSnapshot = currentScoresSnapshot();
        String policyDigest = with.policies().digest();
        String runId = "recon-"
                + Digests.sha256Hex(day + "|" + decisionsTable + "@" + decisionsVersion + "|" + scoresSnapshot + "|"
                                + policyDigest)
                        .substring(0, 16);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("catalog", with.catalog());
        params.put("decisions", decisionsTable);
        params.put("decisions_version", Long.toString(decisionsVersion));
        params.put(REQUEST_ID, citesRequests ? REQUEST_ID : "CAST(NULL AS STRING)");
        params.putAll(window.sqlParameters());
        params.put("recon_run_id", runId);
        params.put("policy_digest", policyDigest);
        params.putAll(sqlConstants());

        Progress.step(
                "recon: {} — decisions {}@{}, scores via {} (snapshot {}); join {}",
                day,
                decisionsTable,
                decisionsVersion,
                store.qualified(ScoredStore.V_RECON),
                scoresSnapshot,
                citesRequests
                        ? "on cited request_id, else ±5 min window"
                        : "±5 min window (the ledger cites no request_id)");
        // the query phase: the SQL and writing its results, not the registry's checks or the signed report
        ReconSql sql = new ReconSql(spark);
        Reconciled reconciled;
        List<ModelEvidence> models;
        Duration queryTime;
        try (CachedViews cache = new CachedViews(spark)) {
            long started = System.nanoTime();
            sql.run(ReconSql.DECISIONS, params);
            // the day's ledger rows, numbered once: the models, the match, the totals and the quarantine read them
            cache.cache("recon_decisions_of_day");
            sql.run(ReconSql.SCORES, params);
            // the first to read the cached ledger: its scan, numbering and caching happen here
            List<String> decidedModels = decidedModels();
            long queried = System.nanoTime() - started;
            expectedVersions(decidedModels);
            started = System.nanoTime();
            sql.run(ReconSql.MATCH, params);
            cache.cache("recon_matched");
            // the first to read the cached match: the join runs here
            List<ModelRef> scoredVersions = scoredVersions();
            queried += System.nanoTime() - started;
            models = modelEvidence(scoredVersions);
            started = System.nanoTime();
            reconciled = reconcile(sql, params, day, runId, policyDigest);
            queryTime = Duration.ofNanos(queried + System.nanoTime() - started);
        }
        List<Row> daily = reconciled.daily();
        List<PsiResult> psi = reconciled.psi();
        Map<String, Long> quarantine = reconciled.quarantine();
        LOG.info("recon query phase took {} ms", queryTime.toMillis());

        Instant now = Instant.now(with.clock());
        OpsRecords ops = new OpsRecords(spark, store);
        List<PsiResult> triggered =
                psi.stream().filter(PsiResult::conservativeMode).toList();
        for (PsiResult p : triggered) {
            ops.event(
                    "recon|" + day + "|" + p.modelName() + "|" + p.modelVersion() + "|" + p.dimension() + "|"
                            + p.segment() + "|" + runId,
                    "CONSERVATIVE_MODE",
                    now,
                    runId,
                    p.modelName(),
                    day,
                    Map.of(
                            "model_version",
                            Integer.toString(p.modelVersion()),
                            "dimension",
                            p.dimension(),
                            "segment",
                            p.segment(),
                            "psi",
                            Double.toString(p.psi()),
                            "sample_size",
                            Long.toString(p.sampleSize()),
                            "policy_digest",
                            policyDigest));
            Progress.step(
                    "recon: CONSERVATIVE_MODE for {} v{} {}={} (PSI {}, n={})",
                    p.modelName(),
                    p.modelVersion(),
                    p.dimension(),
                    p.segment(),
                    String.format("%.3f", p.psi()),
                    p.sampleSize());
        }

        ReconReport report = new ReconReport(
                window,
                runId,
                with.caller().purpose(),
                window.openAt(now),
                decisionsTable,
                decisionsVersion,
                store.qualified(ScoredStore.V_RECON),
                scoresSnapshot,
                policyDigest,
                with.policies().params(DecisionPoint.RECON_GUARDRAILS),
                models,
                sql.digests(),
                daily,
                psi,
                quarantine);
        ReportFiles files = new ReportFiles(with.artifacts().reconReport(day), with.signer());
        files.write(report, now);
        ops.audit(
                "recon|" + day + "|" + runId,
                now,
                with.actor(),
                "recon.completed",
                "recon/dt=" + day,
                Map.of(
                        "recon_run_id",
                        runId,
                        "policy_digest",
                        policyDigest,
                        "report_sha256",
                        Digests.of(files.json()),
                        "conservative_segments",
                        Integer.toString(triggered.size()),
                        "caller",
                        with.caller().caller(),
                        "purpose",
                        with.caller().purpose()));
        return new ReconOutcome(
                day, runId, files.directory(), report.summaries(), triggered, window.openAt(now), queryTime);
    }

    private record Reconciled(List<Row> daily, List<PsiResult> psi, Map<String, Long> quarantine) {}

    /** The day's totals, PSI and quarantine from the cached match, written to the recon tables (the day replaced). */
    private Reconciled reconcile(
            ReconSql sql, Map<String, String> params, LocalDate day, String runId, String policyDigest) {
        sql.run(ReconSql.OUTPUTS, params);
        // Every output below reads the match cached when the scored versions were read: the small ones are collected
        // and written from the driver, the quarantine (the large one) is written and then counted from what was
        // written.
        Dataset<Row> dailyOut = spark.table("recon_daily_out");
        // Ordered here, not by Spark: a global sort samples its input first, which runs the day's aggregates twice.
        List<Row> daily = new ArrayList<>(dailyOut.collectAsList());
        daily.sort(Comparator.comparing(r -> r.<String>getAs("model_name")));
        List<Row> psiRaw = new ArrayList<>(spark.table("recon_psi_raw").collectAsList());
        psiRaw.sort(Comparator.<Row, String>comparing(r -> r.getAs("model_name"))
                .thenComparingInt(r -> r.<Integer>getAs("model_version"))
                .thenComparing(r -> r.<String>getAs("dimension"))
                .thenComparing(r -> r.<String>getAs("segment")));
        List<PsiResult> psi = guardrails(psiRaw);

        replaceDay("recon.daily", sortedMaps(spark.createDataFrame(daily, dailyOut.schema())), day);
        replaceDay("recon.psi", psiRows(psi, day, runId), day);
        replaceDay("recon.quarantine", spark.table("recon_quarantine_out"), day);
        replaceDay("recon.guardrails", guardrailRows(psi, day, runId, policyDigest), day);
        Map<String, Long> quarantine = new LinkedHashMap<>();
        spark.table(with.catalog() + ".recon.quarantine")
                .where(col("dt")
                        .equalTo(lit(Date.valueOf(day)))
                        .and(col("recon_run_id").equalTo(lit(runId))))
                .groupBy("reason")
                .count()
                .orderBy("reason")
                .collectAsList()
                .forEach(r -> quarantine.put(r.getString(0), r.getLong(1)));
        return new Reconciled(daily, psi, quarantine);
    }

    /**
     * Collected maps come back as Scala maps, ordered by hash beyond four entries: each map column is sorted by key
     * again, as the SQL built it, before it is written.
     */
    private static Dataset<Row> sortedMaps(Dataset<Row> rows) {
        return rows.select(Arrays.stream(rows.schema().fields())
                .map(f -> f.dataType() instanceof MapType
                        ? expr("map_from_entries(array_sort(map_entries(" + f.name() + ")))")
                                .as(f.name())
                        : col(f.name()))
                .toArray(Column[]::new));
    }

    private long requireLedger(String table) {
        long version = new PointInTimeRead(spark, with.warehouse()).currentVersion(table);
        List<String> columns = List.of(spark.table(table).columns());
        List<String> missing =
                LEDGER_COLUMNS.stream().filter(c -> !columns.contains(c)).toList();
        if (!missing.isEmpty()) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY, "decisions ledger " + table, "out of contract — missing columns " + missing);
        }
        return version;
    }

    /** Evidence only (which snapshot the governed view read): Iceberg metadata, not scored rows. */
    private long currentScoresSnapshot() {
        return new ScoredStore(spark, with.catalog()).currentSnapshot();
    }

    /**
     * The model versions of the scores the day's decisions were reconciled against (matched or out of the window):
     * read from the cached match, not by scanning the scores again.
     */
    private List<ModelRef> scoredVersions() {
        return spark
                .sql("SELECT DISTINCT model_name, model_version FROM recon_matched WHERE as_of_out IS NOT NULL"
                        + " ORDER BY 1, 2")
                .collectAsList()
                .stream()
                .map(r -> new ModelRef(r.getString(0), r.getInt(1)))
                .toList();
    }

    /** The models the day's decisions name. */
    private List<String> decidedModels() {
        return spark.sql("SELECT DISTINCT model_name FROM recon_decisions_of_day").collectAsList().stream()
                .map(r -> r.getString(0))
                .toList();
    }

    /** The versions a decision may expect (Approved ones, canaries' challengers), as a temp view for the match. */
    private void expectedVersions(List<String> decidedModels) {
        List<Row> expected = new ArrayList<>();
        for (String name : decidedModels) {
            expectedVersions(with.registry(), with.rollouts(), name)
                    .forEach(version -> expected.add(RowFactory.create(name, version)));
        }
        spark.createDataFrame(
                        expected,
                        new StructType()
                                .add("model_name", DataTypes.StringType)
                                .add("model_version", DataTypes.IntegerType))
                .createOrReplaceTempView("recon_expected_versions");
    }

    /** The baseline bins of every model version whose scores take part (from its verified baseline.json), as a temp view. */
    private List<ModelEvidence> modelEvidence(List<ModelRef> scoredVersions) {
        List<ModelEvidence> evidence = new ArrayList<>();
        List<Row> bins = new ArrayList<>();
        for (ModelRef ref : scoredVersions) {
            if (with.registry().find(ref).isEmpty()) {
                evidence.add(new ModelEvidence(ref, null, null, null));
                continue;
            }
            VerifiedModel verified = with.registry().verify(ref);
            double[] shares = ModelBaseline.read(verified.baselineFile()).scoreBinShares();
            for (int bin = 0; bin < shares.length; bin++) {
                bins.add(RowFactory.create(ref.name(), ref.version(), bin, shares[bin]));
            }
            evidence.add(new ModelEvidence(
                    ref, verified.version().modelDigest(), verified.version().baselineDigest(), shares));
        }
        spark.createDataFrame(
                        bins,
                        new StructType()
                                .add("model_name", DataTypes.StringType)
                                .add("model_version", DataTypes.IntegerType)
                                .add("bin", DataTypes.IntegerType)
                                .add("share", DataTypes.DoubleType))
                .createOrReplaceTempView("recon_baseline_bins");
        return evidence;
    }

    /** The recon SQL's fixed parameters: the PSI's share floor and the score-bin expression of the baselines. */
    public static Map<String, String> sqlConstants() {
        return Map.of(
                "psi_epsilon",
                BigDecimal.valueOf(ScorePsi.EPSILON).toPlainString(),
                "score_bin",
                ModelBaseline.scoreBinSql("j.score"));
    }

    /**
     * The versions of {@code model} a decision may cite without being a surprise: the Approved ones, and every
     * canary's challenger — it scores its share of entities by design, whatever became of the canary since.
     */
    public static Set<Integer> expectedVersions(ModelRegistry registry, CanaryRollouts rollouts, String model) {
        Set<Integer> expected = new TreeSet<>();
        for (ModelVersion version : registry.list(model)) {
            if (version.stage() == Stage.APPROVED) {
                expected.add(version.ref().version());
            }
        }
        rollouts.list().stream()
                .filter(r -> r.challenger().name().equals(model) && r.champion().isPresent())
                .forEach(r -> expected.add(r.challenger().version()));
        return expected;
    }

    /** recon.guardrails on every segment: too small a sample is "insufficient", never a PSI that triggers. */
    private List<PsiResult> guardrails(List<Row> raw) {
        List<PsiResult> results = new ArrayList<>();
        for (Row r : raw) {
            String model = r.getAs("model_name");
            int version = r.<Integer>getAs("model_version");
            String dimension = r.getAs("dimension");
            String segment = r.getAs("segment");
            long sample = r.<Long>getAs("sample_size");
            List<Long> bins = r.getList(r.fieldIndex("actual_bins"));
            if (!r.<Boolean>getAs("has_baseline")) {
                results.add(new PsiResult(
                        model, version, dimension, segment, sample, Double.NaN, PsiResult.NO_BASELINE, false, bins));
                continue;
            }
            double psi = r.<Double>getAs("psi");
            Decision decision =
                    with.policies().decide(DecisionPoint.RECON_GUARDRAILS, Map.of("psi", psi, "sample_size", sample));
            boolean insufficient = Boolean.TRUE.equals(decision.outputs().get("insufficient_sample"));
            boolean conservative = Boolean.TRUE.equals(decision.outputs().get("conservative_mode"));
            results.add(new PsiResult(
                    model,
                    version,
                    dimension,
                    segment,
                    sample,
                    insufficient ? Double.NaN : psi,
                    insufficient ? PsiResult.INSUFFICIENT : conservative ? PsiResult.DRIFT : PsiResult.OK,
                    conservative,
                    bins));
        }
        return results;
    }

    private Dataset<Row> psiRows(List<PsiResult> psi, LocalDate day, String runId) {
        List<Row> rows = psi.stream()
                .map(p -> RowFactory.create(
                        Date.valueOf(day),
                        p.modelName(),
                        p.modelVersion(),
                        p.dimension(),
                        p.segment(),
                        p.sampleSize(),
                        Double.isNaN(p.psi()) ? null : p.psi(),
                        p.status(),
                        scala.collection.JavaConverters.asScalaBuffer(p.actualBins())
                                .toSeq(),
                        runId))
                .toList();
        return spark.createDataFrame(
                rows, spark.table(with.catalog() + ".recon.psi").schema());
    }

    private Dataset<Row> guardrailRows(List<PsiResult> psi, LocalDate day, String runId, String policyDigest) {
        List<Row> rows = psi.stream()
                .filter(p -> Set.of(PsiResult.OK, PsiResult.DRIFT).contains(p.status()))
                .map(p -> RowFactory.create(
                        Date.valueOf(day),
                        p.modelName(),
                        p.modelVersion(),
                        p.dimension(),
                        p.segment(),
                        p.sampleSize(),
                        p.psi(),
                        p.conservativeMode(),
                        policyDigest,
                        runId))
                .toList();
        return spark.createDataFrame(
                rows, spark.table(with.catalog() + ".recon.guardrails").schema());
    }

    /** Day D of a table replaced in one Iceberg commit (delete D + insert the new rows, even when there are none). */
    private void replaceDay(String table, Dataset<Row> rows, LocalDate day) {
        String qualified = with.catalog() + "." + table;
        Dataset<Row> aligned = rows.selectExpr(spark.table(qualified).columns());
        try {
            aligned.writeTo(qualified).overwrite(col("dt").equalTo(lit(Date.valueOf(day))));
        } catch (org.apache.spark.sql.catalyst.analysis.NoSuchTableException e) {
            throw new IllegalStateException(qualified + " disappeared during the run", e);
        }
    }

    /** The tables a run writes, unqualified (recon.daily, …). */
    public static List<String> tables() {
        return TABLES;
    }

    /** A model version whose scores took part, with the digests that prove which one and its baseline score-bin shares. */
    public record ModelEvidence(ModelRef ref, String modelDigest, String baselineDigest, double[] baselineShares) {}
}

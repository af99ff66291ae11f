package io.scorehouse.scoring.validate;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.canary.ScorePsi;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.release.EvidenceReport;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.scoring.run.CandidateScoring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code shadow}: scores day D with a candidate into {@code scored.shadow_predictions} (replacing
 * that candidate's day there; no consumer view reads the table) and compares it with the
 * champion's published scores of D, entity by entity: |score delta| distribution, decision
 * divergence overall and per champion band, PSI candidate vs champion, latency →
 * {@code shadow.evaluate} → {@code shadow_eval.json}.
 */
public final class ShadowEvaluation {

    private final SparkSession spark;
    private final String catalog;
    private final CandidateScoring scoring;
    private final ModelRegistry registry;
    private final PolicyBundle policies;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public ShadowEvaluation(
            SparkSession spark,
            String catalog,
            CandidateScoring scoring,
            ModelRegistry registry,
            PolicyBundle policies,
            ArtifactStore artifacts,
            Clock clock) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.scoring = requireNonNull(scoring, "scoring is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public GateReport run(ModelRef ref, PipelineDefinition pipeline, LocalDate date) {
        Optional<ModelRef> champion =
                registry.currentApproved(ref.name()).map(ModelVersion::ref).filter(c -> !c.equals(ref));
        new ScoredStore(spark, catalog).ensure();
        Progress.step("shadow: scoring {} with {} into {}", date, ref, new ScoredStore(spark, catalog).shadowTable());
        try (CachedFrames cached = new CachedFrames()) {
            CandidateScoring.Scored candidate = scoring.score(ref, pipeline, date, "shadow", cached);
            replaceShadowDay(candidate.governed(), ref, date);
            double latencyP95 = candidate.latency().p95Ms();
            ShadowReportFile.Comparison comparison = null;
            // Without a champion only latency is judged: the comparison inputs take values that pass.
            ShadowReportFile.PolicyInputs inputs =
                    new ShadowReportFile.PolicyInputs(false, 0.0, 0.0, 0.0, 0.0, 0.0, latencyP95);
            List<String> notes = new ArrayList<>();
            if (champion.isPresent()) {
                Compared compared = compare(ref, champion.get(), date, latencyP95);
                comparison = compared.comparison();
                inputs = compared.inputs();
            } else {
                notes.add("first release of " + ref.name()
                        + ": no Approved champion to compare with; only latency is judged");
            }
            Decision decision = policies.decide(DecisionPoint.SHADOW_EVALUATE, inputs.asPolicyInput());

            ShadowReportFile report = new ShadowReportFile(
                    GateVerdict.of(ref, "shadow", date, decision, Instant.now(clock)),
                    champion.map(ModelRef::toString).orElse(null),
                    notes,
                    new GateInput(pipeline.name(), pipeline.dataset(), candidate.inputVersion(), candidate.rows()),
                    new ScoredStore(spark, catalog).shadowTable(),
                    comparison,
                    candidate.latency().toEvidence(),
                    inputs);
            Path written = EvidenceJson.write(
                    artifacts.release(ref.name(), ref.version()).resolve(EvidenceReport.SHADOW), report);
            String summary = champion.isEmpty()
                    ? "no champion (first release); latency " + candidate.latency()
                    : "vs %s: coverage %.3f, PSI %.4f, decisions diverge %.2f pp (worst band %.2f pp), p95 |delta| %.4f, latency %s"
                            .formatted(
                                    champion.get(),
                                    inputs.coverage(),
                                    inputs.psi(),
                                    inputs.decisionDivergencePp(),
                                    inputs.maxBandDivergencePp(),
                                    inputs.absDeltaP95(),
                                    candidate.latency());
            return new GateReport(ref, decision.allowed(), decision.reasons(), written, summary);
        }
    }

    /** A comparison as reported (rounded) and the unrounded policy inputs it yields. */
    private record Compared(ShadowReportFile.Comparison comparison, ShadowReportFile.PolicyInputs inputs) {}

    /**
     * The entity-by-entity comparison of the candidate's shadow rows of D with the champion's
     * published scores. An empty side yields the worst inputs (no coverage, PSI 99, every decision
     * diverging, |delta| 1), which never pass.
     */
    private Compared compare(ModelRef ref, ModelRef champion, LocalDate date, double latencyP95) {
        // The champion's last published score per entity of D (a re-run under another job id may have published twice).
        ScoredStore store = new ScoredStore(spark, catalog);
        store.publishedByModel(date, champion.name(), champion.version())
                .createOrReplaceTempView("shadow_champion_rows");
        spark.sql(
                        "SELECT tenant_id, entity_key, max_by(score, as_of_out) AS score, max_by(decision, as_of_out) AS decision "
                                + "FROM shadow_champion_rows GROUP BY 1, 2")
                .createOrReplaceTempView("shadow_champion");
        store.shadowOf(date, ref.name(), ref.version())
                .select("tenant_id", "entity_key", "score", "decision")
                .createOrReplaceTempView("shadow_candidate");
        Row totals = spark.sql(
                        "SELECT (SELECT count(*) FROM shadow_champion) AS champion_entities, count(*) AS matched, "
                                + "count_if(c.decision <> s.decision) AS diverging, "
                                + "percentile_approx(abs(s.score - c.score), array(0.5D, 0.95D, 0.99D), 10000) AS abs_delta, "
                                + "avg(s.score - c.score) AS mean_delta, max(abs(s.score - c.score)) AS max_delta "
                                + "FROM shadow_champion c JOIN shadow_candidate s USING (tenant_id, entity_key)")
                .head();
        long championRows = totals.getAs("champion_entities");
        long matched = totals.getAs("matched");
        long diverging = totals.getAs("diverging");
        List<Double> absDelta = totals.isNullAt(totals.fieldIndex("abs_delta"))
                ? List.of(Double.NaN, Double.NaN, Double.NaN)
                : totals.getList(totals.fieldIndex("abs_delta"));
        double divergence = matched == 0 ? 100.0 : 100.0 * diverging / matched;

        List<ShadowReportFile.BandDivergence> bands = new ArrayList<>();
        double worstBand = 0;
        for (Row band : spark.sql("SELECT c.decision AS decision, count(*) AS entities, "
                        + "count_if(c.decision <> s.decision) AS diverging FROM shadow_champion c "
                        + "JOIN shadow_candidate s USING (tenant_id, entity_key) GROUP BY 1 ORDER BY 1")
                .collectAsList()) {
            long entities = band.getAs("entities");
            long bandDiverging = band.getAs("diverging");
            double pp = 100.0 * bandDiverging / entities;
            worstBand = Math.max(worstBand, pp);
            bands.add(new ShadowReportFile.BandDivergence(
                    band.getAs("decision"), entities, bandDiverging, Fairness.round(pp)));
        }
        long[] championBins = bins("shadow_champion");
        long[] candidateBins = bins("shadow_candidate");
        double psi = ScorePsi.of(championBins, candidateBins);
        Double meanDelta = totals.getAs("mean_delta");
        Double maxDelta = totals.getAs("max_delta");
        ShadowReportFile.PolicyInputs inputs = new ShadowReportFile.PolicyInputs(
                true,
                championRows == 0 ? 0.0 : (double) matched / championRows,
                Double.isNaN(psi) ? 99.0 : psi,
                divergence,
                matched == 0 ? 100.0 : worstBand,
                Double.isNaN(absDelta.get(1)) ? 1.0 : absDelta.get(1),
                latencyP95);
        return new Compared(
                new ShadowReportFile.Comparison(
                        championRows,
                        matched,
                        new ShadowReportFile.ScoreDelta(
                                meanDelta == null ? null : Fairness.round(meanDelta),
                                Fairness.round(absDelta.get(0)),
                                Fairness.round(absDelta.get(1)),
                                Fairness.round(absDelta.get(2)),
                                maxDelta == null ? null : Fairness.round(maxDelta)),
                        Fairness.round(divergence),
                        bands,
                        Double.isNaN(psi) ? Double.NaN : Fairness.round(psi),
                        java.util.Arrays.stream(championBins).boxed().toList(),
                        java.util.Arrays.stream(candidateBins).boxed().toList()),
                inputs);
    }

    /** One Iceberg commit: this candidate's earlier rows of D out, the new ones in. */
    private void replaceShadowDay(Dataset<Row> governed, ModelRef ref, LocalDate date) {
        ScoredStore store = new ScoredStore(spark, catalog);
        store.requireEntityKeyId(scoring.entityKeyId());
        store.replaceShadowDay(governed, date, ref.name(), ref.version());
    }

    private long[] bins(String view) {
        long[] counts = new long[ScorePsi.BINS];
        for (Row r : spark.sql("SELECT " + ModelBaseline.scoreBinSql("score") + " AS bin, count(*) FROM " + view
                        + " GROUP BY 1")
                .collectAsList()) {
            counts[Math.max(0, r.getInt(0))] = r.getLong(1);
        }
        return counts;
    }
}

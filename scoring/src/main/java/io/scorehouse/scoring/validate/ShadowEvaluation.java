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
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.scoring.run.CandidateScoring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        CandidateScoring.Scored candidate = scoring.score(ref, pipeline, date, "shadow");
        try {
            replaceShadowDay(candidate.governed(), ref, date);
            Map<String, Object> comparison = new LinkedHashMap<>();
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("champion_present", champion.isPresent());
            inputs.put("coverage", 0.0);
            inputs.put("psi", 0.0);
            inputs.put("decision_divergence_pp", 0.0);
            inputs.put("max_band_divergence_pp", 0.0);
            inputs.put("abs_delta_p95", 0.0);
            inputs.put("latency_p95_ms", candidate.latency().p95Ms());
            List<String> notes = new ArrayList<>();
            if (champion.isPresent()) {
                comparison = compare(ref, champion.get(), date, inputs);
            } else {
                notes.add("first release of " + ref.name()
                        + ": no Approved champion to compare with; only latency is judged");
            }
            Decision decision = policies.decide(DecisionPoint.SHADOW_EVALUATE, inputs);

            Map<String, Object> report = GateReport.header(ref, "shadow", date, decision, policies, clock);
            report.put("champion", champion.map(ModelRef::toString).orElse(null));
            report.put("notes", notes);
            report.put(
                    "input",
                    Map.of(
                            "pipeline",
                            pipeline.name(),
                            "dataset",
                            pipeline.dataset(),
                            "delta_version",
                            candidate.inputVersion(),
                            "rows",
                            candidate.rows()));
            report.put("shadow_table", new ScoredStore(spark, catalog).shadowTable());
            report.put("comparison", comparison);
            report.put("latency", candidate.latency().toMap());
            report.put("policy_inputs", inputs);
            Path written =
                    EvidenceReport.write(artifacts.release(ref.name(), ref.version()), EvidenceReport.SHADOW, report);
            String summary = champion.isEmpty()
                    ? "no champion (first release); latency " + candidate.latency()
                    : "vs %s: coverage %.3f, PSI %.4f, decisions diverge %.2f pp (worst band %.2f pp), p95 |delta| %.4f, latency %s"
                            .formatted(
                                    champion.get(),
                                    inputs.get("coverage"),
                                    inputs.get("psi"),
                                    inputs.get("decision_divergence_pp"),
                                    inputs.get("max_band_divergence_pp"),
                                    inputs.get("abs_delta_p95"),
                                    candidate.latency());
            return new GateReport(ref, decision.allowed(), decision.reasons(), written, summary);
        } finally {
            candidate.release();
        }
    }

    /** Fills the policy inputs from an entity-by-entity comparison with the champion's published scores; returns the details. */
    private Map<String, Object> compare(ModelRef ref, ModelRef champion, LocalDate date, Map<String, Object> inputs) {
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
        Row totals = spark.sql("SELECT (SELECT count(*) FROM shadow_champion), count(*), "
                        + "count_if(c.decision <> s.decision), percentile_approx(abs(s.score - c.score), array(0.5D, 0.95D, 0.99D), 10000), "
                        + "avg(s.score - c.score), max(abs(s.score - c.score)) "
                        + "FROM shadow_champion c JOIN shadow_candidate s USING (tenant_id, entity_key)")
                .head();
        long championRows = totals.getLong(0);
        long matched = totals.getLong(1);
        List<Double> absDelta = totals.isNullAt(3) ? List.of(Double.NaN, Double.NaN, Double.NaN) : totals.getList(3);
        double divergence = matched == 0 ? 100.0 : 100.0 * totals.getLong(2) / matched;

        List<Map<String, Object>> bands = new ArrayList<>();
        double worstBand = 0;
        for (Row band : spark.sql(
                        "SELECT c.decision, count(*), count_if(c.decision <> s.decision) FROM shadow_champion c "
                                + "JOIN shadow_candidate s USING (tenant_id, entity_key) GROUP BY 1 ORDER BY 1")
                .collectAsList()) {
            double pp = 100.0 * band.getLong(2) / band.getLong(1);
            worstBand = Math.max(worstBand, pp);
            bands.add(Map.of(
                    "champion_decision",
                    band.getString(0),
                    "entities",
                    band.getLong(1),
                    "diverging",
                    band.getLong(2),
                    "divergence_pp",
                    Fairness.round(pp)));
        }
        long[] championBins = bins("shadow_champion");
        long[] candidateBins = bins("shadow_candidate");
        double psi = ScorePsi.of(championBins, candidateBins);

        inputs.put("coverage", championRows == 0 ? 0.0 : (double) matched / championRows);
        inputs.put("psi", Double.isNaN(psi) ? 99.0 : psi);
        inputs.put("decision_divergence_pp", divergence);
        inputs.put("max_band_divergence_pp", matched == 0 ? 100.0 : worstBand);
        inputs.put("abs_delta_p95", Double.isNaN(absDelta.get(1)) ? 1.0 : absDelta.get(1));

        Map<String, Object> comparison = new LinkedHashMap<>();
        comparison.put("champion_entities", championRows);
        comparison.put("matched_entities", matched);
        Map<String, Object> delta = new LinkedHashMap<>();
        delta.put("mean", totals.isNullAt(4) ? null : Fairness.round(totals.getDouble(4)));
        delta.put("abs_p50", Fairness.round(absDelta.get(0)));
        delta.put("abs_p95", Fairness.round(absDelta.get(1)));
        delta.put("abs_p99", Fairness.round(absDelta.get(2)));
        delta.put("abs_max", totals.isNullAt(5) ? null : Fairness.round(totals.getDouble(5)));
        comparison.put("score_delta", delta);
        comparison.put("decision_divergence_pp", Fairness.round(divergence));
        comparison.put("divergence_by_band", bands);
        comparison.put("psi", Double.isNaN(psi) ? "NaN" : Fairness.round(psi));
        comparison.put("champion_bins", championBins);
        comparison.put("candidate_bins", candidateBins);
        return comparison;
    }

    /** One Iceberg commit: this candidate's earlier rows of D out, the new ones in. */
    private void replaceShadowDay(Dataset<Row> governed, ModelRef ref, LocalDate date) {
        new ScoredStore(spark, catalog).replaceShadowDay(governed, date, ref.name(), ref.version());
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

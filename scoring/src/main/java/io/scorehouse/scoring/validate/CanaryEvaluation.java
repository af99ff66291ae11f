package io.scorehouse.scoring.validate;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryGate;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.canary.ScorePsi;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.run.RunState;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.scoring.run.CanaryRouting;
import io.scorehouse.scoring.run.CandidateScoring;
import io.scorehouse.scoring.run.DecisionBands;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code canary evaluate}: the metrics of one canary step, from the scoring run of day D that
 * routed at the step's share. The challenger's published rows are compared with what the
 * champion would have scored for the same entities (re-scored from the run's pinned input, so
 * both samples are the same population): error rate (arm entities without a valid challenger
 * score, plus rows on the wrong arm), p95 latency per 1,000 rows (the challenger re-timed on its
 * arm), output PSI, decision delta (largest change of a decision's share, pp), policy violations
 * (decision outside its score band, or a policy digest other than the run's) and both score
 * samples for the Mann-Whitney judge. {@link Canary#evaluate} then decides and advances the step.
 */
public final class CanaryEvaluation {
    private final SparkSession spark;
    private final String catalog;
    private final CandidateScoring scoring;
    private final RunLedger ledger;
    private final Canary canary;

    public CanaryEvaluation(
            SparkSession spark, String catalog, CandidateScoring scoring, RunLedger ledger, Canary canary) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.scoring = requireNonNull(scoring, "scoring is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.canary = requireNonNull(canary, "canary is null");
    }

    public CanaryGate.Evaluation run(
            ModelRef challenger, PipelineDefinition pipeline, LocalDate date, String jobId, String actor) {
        Rollout rollout = canary.status(challenger)
                .filter(r -> r.status() == Rollout.Status.ACTIVE)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED, "canary " + challenger, "no active canary to evaluate"));
        ModelRef champion = new ModelRef(challenger.name(), rollout.champion().orElseThrow());
        RunKey key = RunKey.of(pipeline.name(), date, jobId);
        RunRecord run = ledger.find(key)
                .filter(r -> r.state() == RunState.FINALIZED)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "canary " + challenger,
                        "no finalized scoring run " + key + " to observe: score " + date + " first"));
        RunRecord.CanaryPin pin = run.canary();
        if (pin == null
                || pin.challengerVersion() != challenger.version()
                || pin.percent() != rollout.challengerPercent()) {
            throw new ScorehouseException(
                    ExitCode.POLICY_REFUSED,
                    "canary " + challenger,
                    "run " + key + " routed "
                            + (pin == null
                                    ? "no challenger"
                                    : pin.percent() + " % to version " + pin.challengerVersion())
                            + ", not the current step (" + rollout.challengerPercent()
                            + " %): score a new run at this step first");
        }
        canary.requireUnobserved(challenger, key.toString());

        Progress.step("canary: observing {} at {} % in run {}", challenger, pin.percent(), key);
        var arm = CanaryRouting.toChallenger(pin.percent());
        try (CachedFrames cached = new CachedFrames()) {
            CandidateScoring.Scored retimed =
                    scoring.score(challenger, pipeline, date, run.inputVersion(), arm, "canary", cached);
            CandidateScoring.Scored counterfactual =
                    scoring.score(champion, pipeline, date, run.inputVersion(), arm, "canary-champion", cached);
            counterfactual
                    .scored()
                    .select("tenant_id", "entity_key", "score", "decision")
                    .createOrReplaceTempView("canary_champion");
            new ScoredStore(spark, catalog)
                    .publishedByJob(date, key.jobId())
                    .where(col("model_name").equalTo(challenger.name()))
                    .select("tenant_id", "entity_key", "model_version", "score", "decision", "policy_digest")
                    .createOrReplaceTempView("canary_published");
            Row errors = spark.sql("SELECT count(*) AS arm, count_if(p.model_version IS NULL OR p.model_version <> "
                            + challenger.version()
                            + " OR p.score IS NULL OR isnan(p.score) OR p.score < 0 OR p.score > 1) AS failed, "
                            + "(SELECT count(*) FROM canary_published WHERE model_version = " + challenger.version()
                            + ") AS published "
                            + "FROM canary_champion c LEFT JOIN canary_published p USING (tenant_id, entity_key)")
                    .head();
            long armSize = errors.getLong(0);
            long published = errors.getLong(2);
            long misrouted = Math.max(0, published - (armSize - errors.getLong(1)));
            double errorRate = armSize == 0 ? 1.0 : (double) (errors.getLong(1) + misrouted) / armSize;

            long violations = spark.table("canary_published")
                    .where(col("model_version")
                            .equalTo(challenger.version())
                            .and(col("policy_digest")
                                    .notEqual(lit(run.policyDigest()))
                                    .or(col("decision").isNull())
                                    .or(col("decision").notEqual(DecisionBands.of(pipeline.decisionBands())))))
                    .count();
            double[] challengerScores =
                    scores("SELECT score FROM canary_published WHERE model_version = " + challenger.version());
            double[] championScores = scores("SELECT score FROM canary_champion");
            double psi = ScorePsi.of(ScorePsi.histogram(championScores), ScorePsi.histogram(challengerScores));
            double deltaPp = spark.sql("SELECT coalesce(max(abs(coalesce(p.n, 0) / " + Math.max(1, published)
                            + " - coalesce(c.n, 0) / "
                            + Math.max(1, armSize)
                            + ")) * 100, 100.0D) FROM (SELECT decision, count(*) AS n FROM canary_champion GROUP BY 1) c "
                            + "FULL OUTER JOIN (SELECT decision, count(*) AS n FROM canary_published WHERE model_version = "
                            + challenger.version()
                            + " GROUP BY 1) p USING (decision)")
                    .head()
                    .getDouble(0);

            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("error_rate", errorRate);
            metrics.put("latency_p95_ms", retimed.latency().p95Ms());
            metrics.put("psi", Double.isNaN(psi) ? 99.0 : psi);
            metrics.put("delta_decision_pp", deltaPp);
            metrics.put("sample_size", (double) challengerScores.length);
            return canary.evaluate(
                    challenger,
                    new CanaryGate.Observation(
                            metrics, (int) violations, championScores, challengerScores, Optional.of(key.toString())),
                    actor);
        }
    }

    private double[] scores(String sql) {
        List<Row> rows = spark.sql(sql).collectAsList();
        return rows.stream().mapToDouble(r -> r.getDouble(0)).toArray();
    }
}

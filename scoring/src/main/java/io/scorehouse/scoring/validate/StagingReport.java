package io.scorehouse.scoring.validate;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.EvidenceReport;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.quality.OutputContract;
import io.scorehouse.scoring.run.CandidateScoring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * {@code staging-report}: scores a date's partition with a candidate (nothing published), checks
 * every output row against the JSON Schema output contract, NaN/infinite/range, latency per
 * batch, throughput, peak heap and a fairness spot-check, then lets {@code staging.report} decide
 * PASS/FAIL → {@code staging_report.json} in the version's release directory.
 */
public final class StagingReport {

    private final CandidateScoring scoring;
    private final PolicyBundle policies;
    private final OutputContract contract;
    private final ArtifactStore artifacts;
    private final Clock clock;

    public StagingReport(
            CandidateScoring scoring,
            PolicyBundle policies,
            OutputContract contract,
            ArtifactStore artifacts,
            Clock clock) {
        this.scoring = requireNonNull(scoring, "scoring is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.contract = requireNonNull(contract, "contract is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public GateReport run(ModelRef ref, PipelineDefinition pipeline, LocalDate date) {
        PeakHeap.start();
        Progress.step("staging-report: scoring {} with {} (nothing is published)", date, ref);
        CandidateScoring.Scored candidate = scoring.score(ref, pipeline, date, "staging");
        try {
            OutputContract.Result conforms = contract.validate(candidate.governed());
            Row scores = candidate
                    .scored()
                    .selectExpr(
                            "count_if(isnan(score))",
                            "count_if(score IN (double('inf'), double('-inf')))",
                            "count_if(NOT isnan(score) AND (score < 0 OR score > 1))",
                            "min(score)",
                            "max(score)",
                            "avg(score)")
                    .head();
            long invalidScores = scores.getLong(0) + scores.getLong(1) + scores.getLong(2);
            Map<String, Object> params = policies.params(DecisionPoint.STAGING_REPORT);
            Fairness fairness = Fairness.of(
                    candidate.scored(),
                    String.valueOf(params.get("approve_decision")),
                    ((Number) params.get("fairness_min_segment_rows")).longValue(),
                    ((Number) params.get("fairness_watch_gap_pp")).doubleValue());
            long peakHeap = PeakHeap.megabytes();

            Decision decision = policies.decide(
                    DecisionPoint.STAGING_REPORT,
                    Map.of(
                            "rows", candidate.rows(),
                            "contract_invalid", conforms.invalid(),
                            "invalid_scores", invalidScores,
                            "latency_p95_ms", candidate.latency().p95Ms(),
                            "fairness_max_gap_pp", fairness.maxGapPp()));

            Map<String, Object> report = GateReport.header(ref, "staging", date, decision, policies, clock);
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
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("schema", "conf/" + OutputContract.DIRECTORY + "/" + contract.name() + ".schema.json");
            output.put("checked", conforms.checked());
            output.put("invalid", conforms.invalid());
            output.put("violations", conforms.violations());
            report.put("output_contract", output);
            Map<String, Object> scoreChecks = new LinkedHashMap<>();
            scoreChecks.put("nan", scores.getLong(0));
            scoreChecks.put("infinite", scores.getLong(1));
            scoreChecks.put("out_of_range", scores.getLong(2));
            scoreChecks.put("min", scores.isNullAt(3) ? null : scores.getDouble(3));
            scoreChecks.put("max", scores.isNullAt(4) ? null : scores.getDouble(4));
            scoreChecks.put("mean", scores.isNullAt(5) ? null : scores.getDouble(5));
            report.put("scores", scoreChecks);
            Map<String, Object> performance = new LinkedHashMap<>();
            performance.put("latency", candidate.latency().toMap());
            performance.put("throughput_rps", Math.round(candidate.rowsPerSecond()));
            performance.put("scoring_seconds", Fairness.round(candidate.seconds()));
            performance.put("peak_heap_mb", peakHeap);
            report.put("performance", performance);
            report.put("fairness", fairness.toMap());
            Path written =
                    EvidenceReport.write(artifacts.release(ref.name(), ref.version()), EvidenceReport.STAGING, report);
            return new GateReport(
                    ref,
                    decision.allowed(),
                    decision.reasons(),
                    written,
                    "%d rows, %d break the contract, %d invalid scores, latency %s, %d rows/s, peak heap %d MB, fairness max gap %.1f pp"
                            .formatted(
                                    candidate.rows(),
                                    conforms.invalid(),
                                    invalidScores,
                                    candidate.latency(),
                                    Math.round(candidate.rowsPerSecond()),
                                    peakHeap,
                                    fairness.maxGapPp()));
        } finally {
            candidate.release();
        }
    }
}

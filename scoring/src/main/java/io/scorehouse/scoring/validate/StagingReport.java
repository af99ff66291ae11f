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
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.quality.OutputContract;
import io.scorehouse.scoring.run.CandidateScoring;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
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
        try (CachedFrames cached = new CachedFrames()) {
            CandidateScoring.Scored candidate = scoring.score(ref, pipeline, date, "staging", cached);
            OutputContract.Result conforms = contract.validate(candidate.governed());
            Row scores = candidate
                    .scored()
                    .selectExpr(
                            "count_if(isnan(score)) AS nan",
                            "count_if(score IN (double('inf'), double('-inf'))) AS infinite",
                            "count_if(NOT isnan(score) AND (score < 0 OR score > 1)) AS out_of_range",
                            "min(score) AS min",
                            "max(score) AS max",
                            "avg(score) AS mean")
                    .head();
            long invalidScores =
                    scores.<Long>getAs("nan") + scores.<Long>getAs("infinite") + scores.<Long>getAs("out_of_range");
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

            StagingReportFile report = new StagingReportFile(
                    GateVerdict.of(ref, "staging", date, decision, Instant.now(clock)),
                    new GateInput(pipeline.name(), pipeline.dataset(), candidate.inputVersion(), candidate.rows()),
                    new StagingReportFile.OutputContractCheck(
                            "conf/" + OutputContract.DIRECTORY + "/" + contract.name() + ".schema.json",
                            conforms.checked(),
                            conforms.invalid(),
                            conforms.violations()),
                    new StagingReportFile.Scores(
                            scores.<Long>getAs("nan"),
                            scores.<Long>getAs("infinite"),
                            scores.<Long>getAs("out_of_range"),
                            scores.<Double>getAs("min"),
                            scores.<Double>getAs("max"),
                            scores.<Double>getAs("mean")),
                    new StagingReportFile.Performance(
                            candidate.latency().toEvidence(),
                            Math.round(candidate.rowsPerSecond()),
                            Fairness.round(candidate.seconds()),
                            peakHeap),
                    fairness.toEvidence());
            Path written = EvidenceJson.write(
                    artifacts.release(ref.name(), ref.version()).resolve(EvidenceReport.STAGING), report);
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
        }
    }
}

package io.scorehouse.scoring.validate;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.scorehouse.lakehouse.evidence.UnwrappedRecords;
import io.scorehouse.scoring.run.ScoreLatency;
import java.util.List;
import java.util.Map;

/**
 * {@code staging_report.json}: the verdict, then what {@code staging.report} judged — the input,
 * every scored row against the output contract, score validity, latency and throughput, peak heap,
 * and the fairness spot-check. Written through {@code EvidenceJson} (snake_case, this order).
 */
@JsonDeserialize(using = UnwrappedRecords.class)
public record StagingReportFile(
        @JsonUnwrapped GateVerdict verdict,
        GateInput input,
        OutputContractCheck outputContract,
        Scores scores,
        Performance performance,
        FairnessCheck fairness) {

    /** @param violations how many rows broke each rule (message: JSON path + keyword, never a value) */
    public record OutputContractCheck(String schema, long checked, long invalid, Map<String, Long> violations) {}

    /** @param min null when no row was scored (likewise max, mean) */
    public record Scores(long nan, long infinite, long outOfRange, Double min, Double max, Double mean) {}

    public record Performance(
            ScoreLatency.Evidence latency, long throughputRps, double scoringSeconds, long peakHeapMb) {}

    /** @param watchlist segments beyond the watch gap, carried into the release manifest */
    public record FairnessCheck(
            double overallApprovalRate, double maxGapPp, List<Segment> segments, List<String> watchlist) {}

    /** @param judged whether the segment was large enough to be judged */
    public record Segment(String segment, long rows, double approvalRate, double gapPp, boolean judged) {}
}

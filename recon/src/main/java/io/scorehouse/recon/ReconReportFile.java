package io.scorehouse.recon;

import io.scorehouse.lakehouse.PolicyDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * {@code report.json} of a reconciled day (spec Z7-2.7 §2.6), signed with the CSV and HTML:
 * totals per model, PSI per segment, guardrails, quarantine, pending items and the evidence the
 * numbers came from. Aggregates only — never a row, a key or an id. Written through
 * {@code EvidenceJson} (snake_case, this order); {@code generatedAt} is the one field a re-run changes.
 */
public record ReconReportFile(
        String report,
        LocalDate dt,
        String reconRunId,
        String purpose,
        boolean provisional,
        Window window,
        List<ModelDay> models,
        List<Psi> psi,
        String psiNote,
        Guardrails guardrails,
        Quarantine quarantine,
        List<String> pendingItems,
        Evidence evidence,
        Instant generatedAt) {

    public static final String TITLE = "scorehouse D+1 reconciliation";

    public record Window(Instant dayStart, Instant dayEnd, Instant watermark, long joinWindowSeconds) {}

    /**
     * One model's day; {@code coverage} and the latencies are null without matched decisions.
     *
     * @param unknownRequestIds decisions citing a request_id that is no score of their entity and model
     * @param reasonCodes       how many matched scores carried each reason code (explained scores only)
     */
    public record ModelDay(
            String modelName,
            long decisions,
            long matched,
            MatchedBy matchedBy,
            Double coverage,
            long missingScores,
            long outOfWindow,
            long unknownRequestIds,
            long surpriseVersions,
            long duplicateFinalDecisions,
            long lateInWatermark,
            long lateBeyondWatermark,
            Latency latencySeconds,
            Map<String, Long> versionMix,
            Histogram scoreHistogram,
            Map<String, Long> scoreBands,
            Map<String, Long> decisionMix,
            Map<String, Long> reasonCodes,
            long decisionsOffBand,
            WorstPsi worstPsi) {}

    /** How matches were made: the decision cited its score's request_id, or the time window found it. */
    public record MatchedBy(long requestId, long timeWindow) {}

    public record Latency(Double p50, Double p95, Double p99) {}

    public record Histogram(List<Double> binEdges, List<Long> counts) {}

    /** @param psi null when it could not be computed (an empty side) */
    public record WorstPsi(Double psi, String segment) {}

    /** @param psi null when it could not be computed; {@code status} says why (e.g. insufficient sample) */
    public record Psi(String model, String dimension, String segment, long sampleSize, Double psi, String status) {}

    /** @param params the {@code recon.guardrails} thresholds in force */
    public record Guardrails(String policy, Map<String, Object> params, List<Psi> conservativeMode) {}

    public record Quarantine(long total, Map<String, Long> byReason) {}

    /** @param sqlSha256 the digest of each rendered SQL file that ran, by file name */
    public record Evidence(
            PolicyDigest policyDigest,
            Decisions decisions,
            Scores scores,
            List<ModelVersion> modelVersions,
            Map<String, String> sqlSha256) {}

    public record Decisions(String table, long deltaVersion) {}

    /** @param tableSnapshotId the scored table's snapshot the view read */
    public record Scores(String view, long tableSnapshotId) {}

    public record ModelVersion(String model, String modelDigest, String baselineDigest) {}
}

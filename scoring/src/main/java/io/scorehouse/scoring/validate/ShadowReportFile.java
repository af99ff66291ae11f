package io.scorehouse.scoring.validate;

import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.scoring.run.ScoreLatency;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * {@code shadow_eval.json}: the verdict, then the entity-by-entity comparison with the champion's
 * published scores that {@code shadow.evaluate} judged ({@code champion} and {@code comparison}
 * null on a first release, which has no champion), the candidate's latency and the exact policy
 * inputs. Written through {@code EvidenceJson} (snake_case, this order).
 */
public record ShadowReportFile(
        String model,
        String kind,
        LocalDate date,
        String result,
        List<String> reasons,
        String policy,
        PolicyDigest policyDigest,
        Instant generatedAt,
        String champion,
        List<String> notes,
        GateInput input,
        String shadowTable,
        Comparison comparison,
        ScoreLatency.Evidence latency,
        PolicyInputs policyInputs) {

    static ShadowReportFile of(
            GateVerdict v,
            String champion,
            List<String> notes,
            GateInput input,
            String shadowTable,
            Comparison comparison,
            ScoreLatency.Evidence latency,
            PolicyInputs policyInputs) {
        return new ShadowReportFile(
                v.model(),
                v.kind(),
                v.date(),
                v.result(),
                v.reasons(),
                v.policy(),
                v.policyDigest(),
                v.generatedAt(),
                champion,
                notes,
                input,
                shadowTable,
                comparison,
                latency,
                policyInputs);
    }

    /** @param psi NaN when either side is empty (written as "NaN") */
    public record Comparison(
            long championEntities,
            long matchedEntities,
            ScoreDelta scoreDelta,
            double decisionDivergencePp,
            List<BandDivergence> divergenceByBand,
            double psi,
            List<Long> championBins,
            List<Long> candidateBins) {}

    /** |candidate − champion| score quantiles; {@code mean} and {@code absMax} null without matched entities. */
    public record ScoreDelta(Double mean, double absP50, double absP95, double absP99, Double absMax) {}

    public record BandDivergence(String championDecision, long entities, long diverging, double divergencePp) {}

    /** Exactly what {@code shadow.evaluate} was asked (defaults that pass when there is no champion). */
    public record PolicyInputs(
            boolean championPresent,
            double coverage,
            double psi,
            double decisionDivergencePp,
            double maxBandDivergencePp,
            double absDeltaP95,
            double latencyP95Ms) {

        java.util.Map<String, Object> asPolicyInput() {
            return java.util.Map.of(
                    "champion_present", championPresent,
                    "coverage", coverage,
                    "psi", psi,
                    "decision_divergence_pp", decisionDivergencePp,
                    "max_band_divergence_pp", maxBandDivergencePp,
                    "abs_delta_p95", absDeltaP95,
                    "latency_p95_ms", latencyP95Ms);
        }
    }
}

package io.scorehouse.scoring.validate;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.scorehouse.lakehouse.evidence.UnwrappedRecords;
import io.scorehouse.scoring.run.ScoreLatency;
import java.util.List;

/**
 * {@code shadow_eval.json}: the verdict, then the entity-by-entity comparison with the champion's
 * published scores that {@code shadow.evaluate} judged ({@code champion} and {@code comparison}
 * null on a first release, which has no champion), the candidate's latency and the exact policy
 * inputs. Written through {@code EvidenceJson} (snake_case, this order).
 */
@JsonDeserialize(using = UnwrappedRecords.class)
public record ShadowReportFile(
        @JsonUnwrapped GateVerdict verdict,
        String champion,
        List<String> notes,
        GateInput input,
        String shadowTable,
        Comparison comparison,
        ScoreLatency.Evidence latency,
        PolicyInputs policyInputs) {

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

package io.scorehouse.scoring.validate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.EvidenceReport;
import io.scorehouse.lakehouse.PolicyDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What every gate report states first (written flat at the top of the file) (and {@link EvidenceReport} reads back): which version, what
 * kind of gate, on which day's data, PASS/FAIL and why, under which policy bundle, when.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GateVerdict(
        String model,
        String kind,
        LocalDate date,
        String result,
        List<String> reasons,
        String policy,
        PolicyDigest policyDigest,
        Instant generatedAt) {

    static GateVerdict of(ModelRef ref, String kind, LocalDate date, Decision decision, Instant now) {
        return new GateVerdict(
                ref.toString(),
                kind,
                date,
                decision.allowed() ? EvidenceReport.PASS : "FAIL",
                decision.failed().stream()
                        .map(f -> f.rule() + ": " + f.message())
                        .toList(),
                decision.decisionPoint(),
                new PolicyDigest(decision.policyDigest()),
                now);
    }
}

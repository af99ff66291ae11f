package io.scorehouse.scoring.validate;

import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.EvidenceReport;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a validation job concluded: PASS/FAIL, why, where the report is, and a one-line summary of what it measured. */
public record GateReport(ModelRef model, boolean passed, String reasons, Path file, String summary) {
    public String result() {
        return passed ? EvidenceReport.PASS : "FAIL";
    }

    /** The fields every gate report starts with (what {@link EvidenceReport} reads back). */
    static Map<String, Object> header(
            ModelRef ref, String kind, LocalDate date, Decision decision, PolicyBundle policies, Clock clock) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("model", ref.toString());
        report.put("kind", kind);
        report.put("date", date.toString());
        report.put("result", decision.allowed() ? EvidenceReport.PASS : "FAIL");
        report.put(
                "reasons",
                decision.failed().stream()
                        .map(f -> f.rule() + ": " + f.message())
                        .toList());
        report.put("policy", decision.decisionPoint());
        report.put("policy_digest", policies.digest());
        report.put("generated_at", Instant.now(clock).toString());
        return report;
    }
}

package io.scorehouse.recon;

import io.scorehouse.gates.incident.Incident;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The incidents one reconciled day calls for: each {@code recon.targets} rule a model missed, and each segment
 * whose PSI guardrail fired. A provisional day opens none: its late decisions are still coming in, and
 * coverage before the watermark is not the day's coverage.
 */
public final class ReconIncidents {
    public static final String GUARDRAIL_FIRED = "recon.guardrail_fired";
    private static final String TARGET_KIND = "recon.";

    private ReconIncidents() {}

    /** The {@code recon.targets} rule an incident of {@link #of} says was missed; empty for a fired guardrail. */
    public static Optional<String> missedRule(Incident incident) {
        return incident.kind().startsWith(TARGET_KIND) && !incident.kind().equals(GUARDRAIL_FIRED)
                ? Optional.of(incident.kind().substring(TARGET_KIND.length()))
                : Optional.empty();
    }

    public static List<Incident> of(ReconOutcome outcome, PolicyBundle policies) {
        List<Incident> incidents = new ArrayList<>();
        if (outcome.provisional()) {
            return incidents;
        }
        for (ReconReport.ModelSummary model : outcome.models()) {
            long breaches =
                    model.noScore() + model.unknownRequestIds() + model.surpriseVersions() + model.duplicateFinals();
            double coverage = model.coverage() == null ? 1.0 : model.coverage();
            Decision decision = policies.decide(
                    DecisionPoint.RECON_TARGETS,
                    Map.of("coverage", coverage, "decisions", model.decisions(), "invariant_breaches", breaches));
            for (Decision.FailedRule rule : decision.failed()) {
                incidents.add(new Incident(
                        TARGET_KIND + rule.rule(),
                        model.modelName(),
                        "",
                        outcome.day(),
                        String.format(
                                Locale.ROOT,
                                "%s on %s: %s (coverage %.2f %%, %d decisions, %d breaking invariants; report %s)",
                                model.modelName(),
                                outcome.day(),
                                rule.message(),
                                100 * coverage,
                                model.decisions(),
                                breaches,
                                outcome.runId())));
            }
        }
        for (PsiResult segment : outcome.conservativeSegments()) {
            incidents.add(new Incident(
                    GUARDRAIL_FIRED,
                    segment.modelName(),
                    "v" + segment.modelVersion() + " " + segment.dimension() + "=" + segment.segment(),
                    outcome.day(),
                    String.format(
                            Locale.ROOT,
                            "%s@%d on %s: PSI %.3f on %s=%s (n=%d) — conservative mode",
                            segment.modelName(),
                            segment.modelVersion(),
                            outcome.day(),
                            segment.psi(),
                            segment.dimension(),
                            segment.segment(),
                            segment.sampleSize())));
        }
        return incidents;
    }
}

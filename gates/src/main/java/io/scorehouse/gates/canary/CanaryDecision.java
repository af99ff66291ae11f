package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One canary decision as it is signed and kept: which challenger, the decision's ordinal among
 * that canary's decisions, what was decided by whom and when, the share before and after, what
 * was observed (metrics, policy violations, the judge's verdict, the scoring run), under which
 * policy bundle and why. {@code summary} is the one line an operator reads.
 *
 * @param decision {@code PLANNED}, {@code PROCEED}, {@code HOLD} or {@code ROLLBACK}
 * @param judge the Mann-Whitney verdict; null for {@code PLANNED}
 * @param run the observed scoring run's key; null for {@code PLANNED}
 */
public record CanaryDecision(
        String model,
        int version,
        int ordinal,
        String decision,
        String at,
        String actor,
        Integer champion,
        int fromPercent,
        int toPercent,
        String status,
        Map<String, Double> metrics,
        int policyViolations,
        String judge,
        String run,
        String policyDigest,
        List<String> reasons,
        String summary) {
    public CanaryDecision {
        requireNonNull(model, "model is null");
        requireNonNull(decision, "decision is null");
        requireNonNull(at, "at is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(status, "status is null");
        requireNonNull(policyDigest, "policyDigest is null");
        requireNonNull(summary, "summary is null");
        metrics = metrics == null ? Map.of() : new TreeMap<>(metrics);
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /** This decision as the {@code NN-DECISION} name of its evidence set. */
    String setName() {
        return String.format(java.util.Locale.ROOT, "%03d-%s", ordinal, decision);
    }
}

package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.registry.ModelRef;
import java.util.Optional;

/**
 * The state of one challenger's canary: which plan step it is on, the share of entities it
 * scores, and how the last evaluation went. {@code champion} is empty for a model's first
 * release (nothing to compare with: the rollout starts complete). {@code policyDigest} is the
 * bundle that made the last decision.
 */
public record Rollout(
        ModelRef challenger,
        Optional<Integer> champion,
        int step,
        int percent,
        Status status,
        Optional<CanaryOutcome> lastDecision,
        int consecutiveFailures,
        String policyDigest,
        String startedAt,
        String updatedAt,
        String updatedBy) {
    public Rollout {
        requireNonNull(challenger, "challenger is null");
        requireNonNull(champion, "champion is null");
        requireNonNull(status, "status is null");
        requireNonNull(lastDecision, "lastDecision is null");
        requireNonNull(policyDigest, "policyDigest is null");
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be 0..100, got " + percent);
        }
    }

    /** Share (0..100) of entities the scoring run sends to the challenger now. */
    public int challengerPercent() {
        return status == Status.ACTIVE ? percent : 0;
    }

    /** What the promotion gate asks: did the canary PROCEED through 100 %? */
    public boolean completedAtFull() {
        return status == Status.COMPLETED && percent == 100 && lastDecision.equals(Optional.of(CanaryOutcome.PROCEED));
    }

    public enum Status {
        ACTIVE,
        COMPLETED,
        ROLLED_BACK
    }
}

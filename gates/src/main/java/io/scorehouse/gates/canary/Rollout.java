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

    /**
     * A new canary of {@code challenger} against {@code champion}: the plan's first share — or,
     * without a champion (a first release has nothing to compare with), complete at 100 % at once.
     */
    public static Rollout start(
            ModelRef challenger, Optional<Integer> champion, String policyDigest, String at, String actor) {
        return champion.isEmpty()
                ? new Rollout(
                        challenger,
                        champion,
                        CanaryPlan.STEPS.size() - 1,
                        100,
                        Status.COMPLETED,
                        Optional.of(CanaryOutcome.PROCEED),
                        0,
                        policyDigest,
                        at,
                        at,
                        actor)
                : new Rollout(
                        challenger,
                        champion,
                        0,
                        CanaryPlan.STEPS.get(0),
                        Status.ACTIVE,
                        Optional.empty(),
                        0,
                        policyDigest,
                        at,
                        at,
                        actor);
    }

    /**
     * The rollout after a step's decision: ROLLBACK sets the share to 0 at once, HOLD keeps the step,
     * PROCEED moves to the plan's next share (or completes at 100 %). {@code failures}: consecutive
     * failed gates so far (reset by PROCEED).
     */
    public Rollout after(CanaryOutcome outcome, int failures, String digest, String at, String actor) {
        return switch (outcome) {
            case ROLLBACK -> moved(step, 0, Status.ROLLED_BACK, Optional.of(outcome), failures, digest, at, actor);
            case HOLD -> moved(step, percent, Status.ACTIVE, Optional.of(outcome), failures, digest, at, actor);
            case PROCEED ->
                CanaryPlan.nextPercent(step)
                        .map(next -> moved(step + 1, next, Status.ACTIVE, Optional.of(outcome), 0, digest, at, actor))
                        .orElseGet(
                                () -> moved(step, 100, Status.COMPLETED, Optional.of(outcome), 0, digest, at, actor));
        };
    }

    /** Stopped without a step decision (the challenger was revoked): share 0, rolled back. */
    public Rollout stopped(String digest, String at, String actor) {
        return moved(step, 0, Status.ROLLED_BACK, lastDecision, consecutiveFailures, digest, at, actor);
    }

    private Rollout moved(
            int step,
            int percent,
            Status status,
            Optional<CanaryOutcome> decision,
            int failures,
            String digest,
            String at,
            String actor) {
        return new Rollout(
                challenger, champion, step, percent, status, decision, failures, digest, startedAt, at, actor);
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

package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides one canary step (DESIGN §5) from what the step observed: {@code canary.proceed} over
 * the step's metrics <em>and</em> the Mann-Whitney judge over challenger vs champion scores.
 * <ul>
 *   <li>ROLLBACK: a critical violation, the judge's ROLLBACK, or the third failed gate in a row;</li>
 *   <li>HOLD: a failed gate before the third, or an inconclusive judge (the step is observed again);</li>
 *   <li>PROCEED: gates held and the judge saw no harmful difference — the next step, or COMPLETED at 100 %.</li>
 * </ul>
 */
public final class CanaryGate {

    private final PolicyBundle policies;

    public CanaryGate(PolicyBundle policies) {
        this.policies = requireNonNull(policies, "policies is null");
    }

    public Evaluation evaluate(Rollout current, Observation observed, String actor, String at) {
        if (current.status() != Rollout.Status.ACTIVE) {
            throw new IllegalStateException(
                    "the canary of " + current.challenger() + " is " + current.status() + ", not ACTIVE");
        }
        Decision gate = policies.decide(
                DecisionPoint.CANARY_PROCEED,
                Map.of("metrics", observed.metrics(), "policy_violations", observed.policyViolations()));
        MannWhitneyJudge.Verdict verdict = judge().judge(observed.championScores(), observed.challengerScores());
        boolean critical = Boolean.TRUE.equals(gate.outputs().get("critical"));
        int failures = gate.allowed() ? 0 : current.consecutiveFailures() + 1;

        List<String> reasons = new ArrayList<>();
        if (!gate.allowed()) {
            reasons.add("gate: " + gate.reasons());
        }
        reasons.add("judge " + verdict.outcome() + ": " + verdict.reason());
        CanaryOutcome outcome;
        if (critical) {
            outcome = CanaryOutcome.ROLLBACK;
            reasons.add(
                    0,
                    "critical violation (" + DecisionPoint.CANARY_PROCEED + " output 'critical': metrics "
                            + new java.util.TreeMap<>(observed.metrics()) + ", policy violations "
                            + observed.policyViolations() + ")");
        } else if (verdict.outcome() == MannWhitneyJudge.Outcome.ROLLBACK) {
            outcome = CanaryOutcome.ROLLBACK;
        } else if (failures >= CanaryPlan.MAX_CONSECUTIVE_FAILURES) {
            outcome = CanaryOutcome.ROLLBACK;
            reasons.add(0, failures + " consecutive gate failures");
        } else if (!gate.allowed() || verdict.outcome() == MannWhitneyJudge.Outcome.HOLD) {
            outcome = CanaryOutcome.HOLD;
        } else {
            outcome = CanaryOutcome.PROCEED;
        }
        return new Evaluation(
                outcome, current.after(outcome, failures, gate.policyDigest(), at, actor), gate, verdict, reasons);
    }

    /** The judge configured by the policy bundle's {@code judge_*} params of {@code canary.proceed}. */
    MannWhitneyJudge judge() {
        Map<String, Object> params = policies.params(DecisionPoint.CANARY_PROCEED);
        return new MannWhitneyJudge(
                ((Number) params.get("judge_min_sample")).intValue(),
                ((Number) params.get("judge_alpha")).doubleValue(),
                ((Number) params.get("judge_max_effect")).doubleValue());
    }

    /** The gate thresholds, for the plan. */
    public Map<String, Object> thresholds() {
        return new LinkedHashMap<>(policies.params(DecisionPoint.CANARY_PROCEED));
    }

    /**
     * What one canary step observed: the challenger's metrics and both arms' scores, and which
     * scoring run they came from ({@code run}; a run can be the evidence of one decision only).
     */
    public record Observation(
            Map<String, Double> metrics,
            int policyViolations,
            double[] championScores,
            double[] challengerScores,
            Optional<String> run) {
        public Observation {
            metrics = Map.copyOf(metrics);
            requireNonNull(championScores, "championScores is null");
            requireNonNull(challengerScores, "challengerScores is null");
            requireNonNull(run, "run is null");
        }

        /** An observation not tied to a scoring run (the gate's own tests). */
        public Observation(
                Map<String, Double> metrics, int policyViolations, double[] championScores, double[] challengerScores) {
            this(metrics, policyViolations, championScores, challengerScores, Optional.empty());
        }
    }

    public record Evaluation(
            CanaryOutcome outcome,
            Rollout next,
            Decision gate,
            MannWhitneyJudge.Verdict verdict,
            List<String> reasons) {
        public Evaluation {
            reasons = List.copyOf(reasons);
        }
    }
}

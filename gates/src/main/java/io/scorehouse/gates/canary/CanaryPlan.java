package io.scorehouse.gates.canary;

import io.scorehouse.gates.registry.ModelRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The progressive rollout of a challenger (DESIGN §5): 1 → 5 → 25 → 50 → 100 % of entities,
 * one scoring window observed per step, each step gated by {@code canary.proceed} and the
 * Mann-Whitney judge. Renders {@code canary_plan.md} for the people who approve it.
 */
public final class CanaryPlan {
    public static final List<Integer> STEPS = List.of(1, 5, 25, 50, 100);
    public static final int MAX_CONSECUTIVE_FAILURES = 3;

    private CanaryPlan() {}

    /** The share after {@code step}, or empty when {@code step} is the last. */
    public static Optional<Integer> nextPercent(int step) {
        return step + 1 < STEPS.size() ? Optional.of(STEPS.get(step + 1)) : Optional.empty();
    }

    public static String markdown(
            ModelRef challenger, Optional<Integer> champion, Map<String, Object> gateParams, String policyDigest) {
        StringBuilder md = new StringBuilder();
        md.append("# Canary plan — ").append(challenger).append("\n\n");
        md.append("- champion: ")
                .append(champion.map(v -> challenger.name() + "@" + v)
                        .orElse("none (first release: the challenger takes all traffic at once)"))
                .append('\n');
        md.append(
                "- routing: entities with `hash(entity_key) mod 100 < percent` are scored by the challenger; every row names "
                        + "the version that scored it\n");
        md.append("- policy bundle: `").append(policyDigest).append("` (decision point `canary.proceed`)\n\n");
        md.append("| step | challenger share | observation | gate to the next step |\n|---|---|---|---|\n");
        for (int i = 0; i < STEPS.size(); i++) {
            md.append("| ")
                    .append(i + 1)
                    .append(" | ")
                    .append(STEPS.get(i))
                    .append(" % | one scoring run (business day) | ")
                    .append(
                            i + 1 < STEPS.size()
                                    ? "PROCEED → " + STEPS.get(i + 1) + " %"
                                    : "PROCEED → promotion may proceed")
                    .append(" |\n");
        }
        md.append("\n## Gates (all must hold for PROCEED)\n\n");
        gateParams.forEach((name, value) ->
                md.append("- `").append(name).append("` = ").append(value).append('\n'));
        md.append("""

                ## Rollback triggers

                - a critical violation (output `critical` of `canary.proceed`): ROLLBACK at once;
                - the Mann-Whitney judge finds a significant difference of challenger vs champion scores with an effect of at
                  least `judge_max_effect`: ROLLBACK;
                - %d consecutive gate failures: ROLLBACK.

                ROLLBACK sets the challenger's share to 0 %%: the next scoring run uses only the champion. An inconclusive
                judge (too small a sample, or a significant but small effect) HOLDs the step for another observation.
                Every decision is signed into its own evidence set (`evidence/canary/<model>/<version>/NNN-<DECISION>/`) with its time, actor, metrics and policy digest.
                """.formatted(MAX_CONSECUTIVE_FAILURES));
        return md.toString();
    }
}

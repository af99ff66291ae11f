package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.AtomicFiles;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Champion/challenger canary of a model version: {@code plan} writes {@code canary_plan.md} and
 * starts the rollout; {@code evaluate} decides the current step from what it observed and stores
 * the new allocation. Every decision, the plan included, is then signed into its own evidence
 * set ({@link CanaryDecisions}).
 */
public final class Canary {
    public static final String PLAN_FILE = "canary_plan.md";

    private final ModelRegistry registry;
    private final CanaryRollouts rollouts;
    private final CanaryGate gate;
    private final PolicyBundle policies;
    private final ArtifactStore artifacts;
    private final CanaryDecisions decisions;

    public Canary(
            ModelRegistry registry,
            CanaryRollouts rollouts,
            PolicyBundle policies,
            ArtifactStore artifacts,
            CanaryDecisions decisions) {
        this.registry = requireNonNull(registry, "registry is null");
        this.rollouts = requireNonNull(rollouts, "rollouts is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.decisions = requireNonNull(decisions, "decisions is null");
        this.gate = new CanaryGate(policies);
    }

    /** Plans and starts the canary of a Staging version against the current Approved champion. */
    public Rollout plan(ModelRef challenger, String actor) {
        ModelVersion version = registry.get(challenger);
        if (version.stage() != Stage.STAGING) {
            throw new ScorehouseException(
                    ExitCode.POLICY_REFUSED,
                    "canary " + challenger,
                    "only a Staging version can be a " + "challenger; " + challenger + " is " + version.stage());
        }
        Optional<Integer> champion =
                registry.currentApproved(challenger.name()).map(v -> v.ref().version());
        writePlanOnce(challenger, CanaryPlan.markdown(challenger, champion, gate.thresholds(), policies.digest()));
        Rollout rollout = rollouts.start(challenger, champion, policies.digest(), actor);
        String what = champion.isEmpty()
                ? "first release: no champion to compare with; the challenger takes 100 % at once"
                : "start at " + rollout.percent() + " % against champion " + challenger.name() + "@" + champion.get();
        decisions.record(
                challenger,
                ordinal -> new CanaryDecision(
                        challenger.name(),
                        challenger.version(),
                        ordinal,
                        "PLANNED",
                        rollout.startedAt(),
                        actor,
                        champion.orElse(null),
                        0,
                        rollout.challengerPercent(),
                        rollout.status().name(),
                        Map.of(),
                        0,
                        null,
                        null,
                        policies.digest(),
                        List.of(),
                        line(rollout.startedAt(), "PLANNED", rollout, actor, what)));
        return rollout;
    }

    /** Decides the active step of {@code challenger}'s canary from {@code observed}. */
    public CanaryGate.Evaluation evaluate(ModelRef challenger, CanaryGate.Observation observed, String actor) {
        Rollout current = rollouts.find(challenger)
                .filter(r -> r.status() == Rollout.Status.ACTIVE)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "canary " + challenger,
                        rollouts.find(challenger)
                                .map(r -> "is " + r.status() + " at " + r.percent() + " %, nothing to evaluate")
                                .orElse("has no canary; run 'canary plan " + challenger + "' first")));
        String at = rollouts.now().toString();
        CanaryGate.Evaluation evaluation = gate.evaluate(current, observed, actor, at);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("decision", evaluation.outcome().name());
        details.put("from_percent", current.percent());
        details.put("to_percent", evaluation.next().challengerPercent());
        details.put("metrics", new TreeMap<>(observed.metrics()));
        details.put("policy_digest", evaluation.gate().policyDigest());
        details.put("reasons", evaluation.reasons());
        observed.run().ifPresent(run -> details.put("run", run));
        rollouts.save(
                evaluation.next(),
                "canary." + evaluation.outcome().name().toLowerCase(Locale.ROOT),
                details,
                observed.run());
        String judge = judge(evaluation.verdict());
        String summary = line(
                at,
                evaluation.outcome().name(),
                evaluation.next(),
                actor,
                "step " + (current.step() + 1) + ": "
                        + current.percent() + " % -> "
                        + (evaluation.next().status() == Rollout.Status.COMPLETED
                                ? "completed at 100 %"
                                : evaluation.next().challengerPercent() + " %")
                        + "  metrics=" + new TreeMap<>(observed.metrics())
                        + "  violations=" + observed.policyViolations() + "  judge=" + judge
                        + "  policy=" + evaluation.gate().policyDigest() + "  reasons="
                        + String.join("; ", evaluation.reasons()));
        decisions.record(
                challenger,
                ordinal -> new CanaryDecision(
                        challenger.name(),
                        challenger.version(),
                        ordinal,
                        evaluation.outcome().name(),
                        at,
                        actor,
                        current.champion().orElse(null),
                        current.percent(),
                        evaluation.next().challengerPercent(),
                        evaluation.next().status().name(),
                        observed.metrics(),
                        observed.policyViolations(),
                        judge,
                        observed.run().orElse(null),
                        evaluation.gate().policyDigest(),
                        evaluation.reasons(),
                        summary));
        return evaluation;
    }

    /**
     * Refused (exit 3) when scoring run {@code run} is already the evidence of a decision of this
     * canary. {@link #evaluate} enforces it in the decision's transaction; callers that observe a
     * run at some cost check first.
     */
    public void requireUnobserved(ModelRef challenger, String run) {
        rollouts.requireUnobserved(challenger, run);
    }

    public Optional<Rollout> status(ModelRef challenger) {
        return rollouts.find(challenger);
    }

    /** Where the plan of {@code challenger}'s canary is written. */
    public Path planFile(ModelRef challenger) {
        return artifacts.release(challenger.name(), challenger.version()).resolve(PLAN_FILE);
    }

    /** The signed decision records of {@code challenger}'s canary, in order. */
    public List<Path> decisionFiles(ModelRef challenger) {
        return decisions.files(challenger);
    }

    /** The decisions of {@code challenger}'s canary, in order, each verified against the trust store. */
    public List<CanaryDecision> decisions(ModelRef challenger) {
        return decisions.read(challenger);
    }

    private static String judge(MannWhitneyJudge.Verdict verdict) {
        return String.format(
                Locale.ROOT,
                "%s(U=%.1f, p=%.3g, effect=%.3f, n=%d/%d)",
                verdict.outcome(),
                verdict.u(),
                verdict.p(),
                verdict.effect(),
                verdict.challengerSize(),
                verdict.championSize());
    }

    private static String line(String at, String decision, Rollout rollout, String actor, String what) {
        return at + "  " + decision + "  " + rollout.challenger() + "  actor=" + actor + "  " + what;
    }

    /** The plan is written once: a repeated {@code plan} (refused by the rollout) never rewrites it. */
    private void writePlanOnce(ModelRef challenger, String markdown) {
        Path file = planFile(challenger);
        if (Files.exists(file)) {
            return;
        }
        try {
            AtomicFiles.replace(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}

package io.scorehouse.gates.canary;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Champion/challenger canary of a model version: {@code plan} writes {@code canary_plan.md} and
 * starts the rollout; {@code evaluate} decides the current step from what it observed, stores
 * the new allocation and appends the decision to {@code rollout_decision.txt}.
 */
public final class Canary {
    public static final String PLAN_FILE = "canary_plan.md";
    public static final String DECISIONS_FILE = "rollout_decision.txt";

    private final ModelRegistry registry;
    private final CanaryRollouts rollouts;
    private final CanaryGate gate;
    private final PolicyBundle policies;
    private final ArtifactStore artifacts;

    public Canary(ModelRegistry registry, CanaryRollouts rollouts, PolicyBundle policies, ArtifactStore artifacts) {
        this.registry = requireNonNull(registry, "registry is null");
        this.rollouts = requireNonNull(rollouts, "rollouts is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
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
        write(
                challenger,
                PLAN_FILE,
                CanaryPlan.markdown(challenger, champion, gate.thresholds(), policies.digest()),
                false);
        Rollout rollout = rollouts.start(challenger, champion, policies.digest(), actor);
        append(
                challenger,
                line(
                        rollout.startedAt(),
                        "PLANNED",
                        rollout,
                        actor,
                        champion.isEmpty()
                                ? "first release: no champion to compare with; the challenger takes 100 % at once"
                                : "start at " + rollout.percent() + " % against champion " + challenger.name() + "@"
                                        + champion.get()));
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
        append(
                challenger,
                line(
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
                                + "  violations=" + observed.policyViolations() + "  judge="
                                + judge(evaluation.verdict())
                                + "  policy=" + evaluation.gate().policyDigest() + "  reasons="
                                + String.join("; ", evaluation.reasons())));
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

    public Path decisionsFile(ModelRef challenger) {
        return artifacts.release(challenger.name(), challenger.version()).resolve(DECISIONS_FILE);
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
        return at + "  " + decision + "  " + rollout.challenger() + "  actor=" + actor + "  " + what + "\n";
    }

    private void append(ModelRef challenger, String line) {
        write(challenger, DECISIONS_FILE, line, true);
    }

    private void write(ModelRef challenger, String file, String content, boolean append) {
        Path dir = artifacts.release(challenger.name(), challenger.version());
        try {
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve(file),
                    content,
                    StandardCharsets.UTF_8,
                    append
                            ? new StandardOpenOption[] {StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                            : new StandardOpenOption[] {
                                StandardOpenOption.CREATE,
                                StandardOpenOption.TRUNCATE_EXISTING,
                                StandardOpenOption.WRITE
                            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file), e);
        }
    }
}

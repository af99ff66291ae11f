package io.scorehouse.gates.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.RegistryHome;
import io.scorehouse.gates.testing.ReleasedModels;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryTest {
    private static final Map<String, Double> HEALTHY = Map.of(
            "latency_p95_ms", 40.0, "error_rate", 0.0, "psi", 0.02, "delta_decision_pp", 0.3, "sample_size", 500.0);

    @TempDir
    Path dir;

    private RegistryHome home;
    private Canary canary;
    private CanaryRollouts rollouts;
    private ModelRef champion;
    private ModelRef challenger;

    @BeforeEach
    void championApprovedChallengerInStaging() {
        home = new RegistryHome(dir);
        rollouts = new CanaryRollouts(home.controlPlane, home.clock);
        canary = home.canary(rollouts);
        champion = home.register().ref();
        ReleasedModels.release(home.registry, champion, home.policies.digest(), "first release");
        challenger = home.register().ref();
    }

    @Test
    void aFirstReleaseHasNothingToCompareAndStartsCompleteAtFullTraffic() throws IOException {
        RegistryHome other = new RegistryHome(dir.resolve("other"));
        ModelRef only = other.register().ref();
        Rollout rollout = other.canary(new CanaryRollouts(other.controlPlane, other.clock))
                .plan(only, "alice");
        assertThat(rollout.completedAtFull()).isTrue();
        assertThat(rollout.champion()).isEmpty();
        assertThat(Files.readString(other.artifacts.release("churn", 1).resolve(Canary.PLAN_FILE)))
                .contains("first release");
    }

    @Test
    void aGoodChallengerProceedsThroughEveryStepToFullTraffic() throws IOException {
        Rollout planned = canary.plan(challenger, "alice");
        assertThat(planned.challengerPercent()).isEqualTo(1);
        assertThat(planned.champion()).contains(champion.version());
        assertThat(rollouts.active("churn")).map(Rollout::challenger).contains(challenger);
        String plan = Files.readString(home.artifacts.release("churn", 2).resolve(Canary.PLAN_FILE));
        assertThat(plan).contains("1 %", "5 %", "25 %", "50 %", "100 %", "max_latency_p95_ms", home.policies.digest());

        List<Integer> shares = new java.util.ArrayList<>();
        for (int step = 0; step < CanaryPlan.STEPS.size(); step++) {
            CanaryGate.Evaluation evaluation = canary.evaluate(challenger, observe(HEALTHY, 0, 0.0, step), "bob");
            assertThat(evaluation.outcome()).as(evaluation.reasons().toString()).isEqualTo(CanaryOutcome.PROCEED);
            shares.add(evaluation.next().challengerPercent());
        }
        assertThat(shares).containsExactly(5, 25, 50, 100, 0);
        Rollout done = canary.status(challenger).orElseThrow();
        assertThat(done.completedAtFull()).isTrue();
        assertThat(rollouts.active("churn")).isEmpty();

        List<CanaryDecision> decisions = canary.decisions(challenger);
        assertThat(decisions).extracting(CanaryDecision::ordinal).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(decisions.get(0).decision()).isEqualTo("PLANNED");
        assertThat(decisions.get(0).summary()).contains("actor=alice");
        CanaryDecision first = decisions.get(1);
        assertThat(first.decision()).isEqualTo("PROCEED");
        assertThat(first.fromPercent()).isEqualTo(1);
        assertThat(first.toPercent()).isEqualTo(5);
        assertThat(first.metrics()).containsEntry("latency_p95_ms", 40.0);
        assertThat(first.policyDigest()).isEqualTo(home.policies.digest());
        assertThat(first.summary()).contains("actor=bob", "1 % -> 5 %", "judge=PROCEED");
        assertThat(decisions.get(5).status()).isEqualTo("COMPLETED");
        // One signed set per decision, never a file rewritten: each record is its own directory.
        assertThat(canary.decisionFiles(challenger))
                .extracting(file -> file.getParent().getFileName().toString())
                .containsExactly(
                        "001-PLANNED", "002-PROCEED", "003-PROCEED", "004-PROCEED", "005-PROCEED", "006-PROCEED");
        assertThat(home.registry.audit().tail(10))
                .extracting(e -> e.action())
                .containsSubsequence("canary.started", "canary.proceed", "canary.proceed");
        assertThatThrownBy(() -> canary.evaluate(challenger, observe(HEALTHY, 0, 0.0, 9), "bob"))
                .hasMessageContaining("is COMPLETED at 100 %, nothing to evaluate");
    }

    @Test
    void aChallengerWhoseScoresShiftIsRolledBackByTheJudge() throws IOException {
        canary.plan(challenger, "alice");
        CanaryGate.Evaluation evaluation = canary.evaluate(challenger, observe(HEALTHY, 0, 0.35, 1), "bob");

        assertThat(evaluation.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(evaluation.verdict().outcome()).isEqualTo(MannWhitneyJudge.Outcome.ROLLBACK);
        assertThat(evaluation.next().challengerPercent()).isZero();
        assertThat(rollouts.active("churn")).isEmpty();
        assertThat(canary.status(challenger)).map(Rollout::status).contains(Rollout.Status.ROLLED_BACK);
        assertThat(canary.decisions(challenger)).last().satisfies(decision -> {
            assertThat(decision.decision()).isEqualTo("ROLLBACK");
            assertThat(decision.summary()).contains("1 % -> 0 %");
            assertThat(decision.judge()).startsWith("ROLLBACK(");
        });
    }

    @Test
    void anEditedDecisionRecordIsRefusedWhenTheDecisionsAreRead() throws IOException {
        canary.plan(challenger, "alice");
        canary.evaluate(challenger, observe(HEALTHY, 0, 0.0, 0), "bob");
        Path record = canary.decisionFiles(challenger).get(1);
        Files.writeString(record, Files.readString(record).replace("\"bob\"", "\"mallory\""));

        assertThatThrownBy(() -> canary.decisions(challenger))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("002-PROCEED")
                .hasMessageContaining("decision.json changed since it was signed");
    }

    @Test
    void threeGateFailuresInARowRollBackAndASuccessResetsTheCount() {
        canary.plan(challenger, "alice");
        Map<String, Double> slow = new java.util.HashMap<>(HEALTHY);
        slow.put("latency_p95_ms", 5000.0);

        assertThat(canary.evaluate(challenger, observe(slow, 0, 0.0, 1), "bob").outcome())
                .isEqualTo(CanaryOutcome.HOLD);
        assertThat(canary.evaluate(challenger, observe(slow, 0, 0.0, 2), "bob").outcome())
                .isEqualTo(CanaryOutcome.HOLD);
        assertThat(canary.status(challenger).orElseThrow().consecutiveFailures())
                .isEqualTo(2);
        assertThat(canary.status(challenger).orElseThrow().challengerPercent()).isEqualTo(1);
        assertThat(canary.evaluate(challenger, observe(HEALTHY, 0, 0.0, 3), "bob")
                        .outcome())
                .isEqualTo(CanaryOutcome.PROCEED);
        assertThat(canary.status(challenger).orElseThrow().consecutiveFailures())
                .isZero();

        canary.evaluate(challenger, observe(slow, 0, 0.0, 4), "bob");
        canary.evaluate(challenger, observe(slow, 0, 0.0, 5), "bob");
        CanaryGate.Evaluation third = canary.evaluate(challenger, observe(slow, 0, 0.0, 6), "bob");
        assertThat(third.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(third.reasons().get(0)).isEqualTo("3 consecutive gate failures");
        assertThat(third.next().challengerPercent()).isZero();
    }

    @Test
    void aCriticalViolationRollsBackAtOnceAndASmallSampleHolds() {
        canary.plan(challenger, "alice");
        CanaryGate.Evaluation tiny = canary.evaluate(
                challenger, new CanaryGate.Observation(HEALTHY, 0, scores(5, 0.0, 1), scores(5, 0.0, 2)), "bob");
        assertThat(tiny.outcome()).isEqualTo(CanaryOutcome.HOLD);
        assertThat(tiny.reasons()).anySatisfy(r -> assertThat(r).contains("sample too small"));
        assertThat(tiny.next().challengerPercent()).isEqualTo(1);

        CanaryGate.Evaluation critical = canary.evaluate(challenger, observe(HEALTHY, 2, 0.0, 3), "bob");
        assertThat(critical.outcome()).isEqualTo(CanaryOutcome.ROLLBACK);
        assertThat(critical.reasons().get(0)).startsWith("critical violation").contains("policy violations 2");
    }

    @Test
    void onlyAStagingVersionCanBeAChallengerAndOnlyOneAtATime() {
        assertRefused(
                () -> canary.plan(champion, "alice"),
                "only a Staging version can be a challenger; churn@1 is Approved");
        canary.plan(challenger, "alice");
        ModelRef third = home.register().ref();
        assertRefused(
                () -> canary.plan(third, "alice"),
                "the canary of churn@2 is still active (1 %); finish or roll it back first");
        assertRefused(
                () -> canary.evaluate(third, observe(HEALTHY, 0, 0.0, 1), "bob"),
                "has no canary; run 'canary plan churn@3' first");
        assertThat(rollouts.list()).hasSize(1);
    }

    @Test
    void aScoringRunIsTheEvidenceOfOneDecisionOnly() {
        canary.plan(challenger, "alice");
        CanaryGate.Observation held = new CanaryGate.Observation(
                Map.of(
                        "latency_p95_ms",
                        40.0,
                        "error_rate",
                        0.0,
                        "psi",
                        0.02,
                        "delta_decision_pp",
                        0.3,
                        "sample_size",
                        500.0),
                0,
                scores(5, 0.0, 1),
                scores(5, 0.0, 2),
                java.util.Optional.of("churn_daily/dt=2026-11-21/job=step1"));
        assertThat(canary.evaluate(challenger, held, "bob").outcome()).isEqualTo(CanaryOutcome.HOLD);
        Rollout afterFirst = rollouts.find(challenger).orElseThrow();

        assertRefused(
                () -> canary.evaluate(challenger, held, "bob"),
                "run churn_daily/dt=2026-11-21/job=step1 was already observed (HOLD at " + afterFirst.updatedAt()
                        + "); score a new run at this step first");
        assertThat(rollouts.find(challenger)).contains(afterFirst);
        assertThat(rollouts.save(afterFirst, "canary.hold", Map.of(), java.util.Optional.empty()))
                .isEqualTo(afterFirst);
        assertRefused(
                () -> rollouts.save(afterFirst, "canary.hold", Map.of(), held.run()),
                "score a new run at this step first");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String why) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ScorehouseException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.POLICY_REFUSED);
            assertThat(e.getMessage()).endsWith(why);
        });
    }

    private static CanaryGate.Observation observe(
            Map<String, Double> metrics, int violations, double challengerShift, int seed) {
        return new CanaryGate.Observation(
                metrics, violations, scores(400, 0.0, seed), scores(400, challengerShift, seed + 1000));
    }

    private static double[] scores(int n, double shift, long seed) {
        Random random = new Random(seed);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.min(1.0, Math.max(0.0, 0.3 + 0.15 * random.nextGaussian() + shift));
        }
        return scores;
    }
}

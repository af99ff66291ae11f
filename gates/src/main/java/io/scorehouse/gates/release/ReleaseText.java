package io.scorehouse.gates.release;

import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.registry.ModelRef;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/** Plain-text views of gate decisions and releases, shared by the CLI and the ops shell. */
public final class ReleaseText {
    private ReleaseText() {
    }

    /** Every input {@code registry.promote} saw, the verdict per rule, and where failures came from. */
    public static void assessment(PromotionGate.Assessment assessment, PrintWriter out) {
        out.println("registry.promote for " + assessment.ref() + " (policy " + assessment.decision().policyDigest() + ")");
        for (Map.Entry<String, Object> input : assessment.inputs().entrySet()) {
            out.printf("  %-20s %s%n", input.getKey(), input.getValue());
        }
        if (assessment.allowed()) {
            out.println("  -> allowed");
        } else {
            assessment.decision().failed().forEach(f -> out.println("  FAILED " + f.rule() + ": " + f.message()));
            assessment.notes().forEach(note -> out.println("  note: " + note));
        }
        out.flush();
    }

    /** What a promotion did, in two lines: the transition with its actor and bound policy, then where the artifacts are. */
    public static String promoted(Releases.Release release, String actor) {
        ModelRef ref = release.version().ref();
        String transition = release.resumed()
                ? ref + ": already Approved and bound to policy " + release.policyDigest() + "; the interrupted release was completed (by " + actor + ")"
                : ref + ": Staging -> Approved (by " + actor + "), policy " + release.policyDigest() + " bound"
                        + release.previous().map(p -> "; previous Approved " + p).orElse("");
        return transition + System.lineSeparator() + "release artifacts: " + release.dir();
    }

    public static void rollout(Rollout rollout, PrintWriter out) {
        out.printf("%s  %s  challenger share %d %% (step %d of %d)  champion %s  last decision %s  failures in a row %d%n",
                rollout.challenger(), rollout.status(), rollout.challengerPercent(), rollout.step() + 1,
                io.scorehouse.gates.canary.CanaryPlan.STEPS.size(),
                rollout.champion().map(v -> rollout.challenger().name() + "@" + v).orElse("none"),
                rollout.lastDecision().map(Enum::name).orElse("-"), rollout.consecutiveFailures());
        out.flush();
    }

    public static void due(List<Releases.Due> due, PrintWriter out) {
        if (due.isEmpty()) {
            out.println("nothing due");
        }
        due.forEach(d -> out.printf("%s  %-10s  %-15s %s%n", d.date(), d.stage(), d.what(), d.ref()));
        out.flush();
    }
}

package io.scorehouse.gates.release;

import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Plain-text views of gate decisions and releases, shared by the CLI and the ops shell. */
public final class ReleaseText {
    private ReleaseText() {}

    /** Every input {@code registry.promote} saw, the verdict per rule, and where failures came from. */
    public static void assessment(PromotionGate.Assessment assessment, PrintWriter out) {
        out.println("registry.promote for " + assessment.ref() + " (policy "
                + assessment.decision().policyDigest() + ")");
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
                ? ref + ": already Approved and bound to policy " + release.policyDigest()
                        + "; the interrupted release was completed (by " + actor + ")"
                : ref + ": Staging -> Approved (by " + actor + "), policy " + release.policyDigest() + " bound"
                        + release.previous()
                                .map(p -> "; previous Approved " + p)
                                .orElse("");
        return transition + System.lineSeparator() + "release artifacts: " + release.dir();
    }

    /** {@code ref: Before -> After (by actor)}: any stage change a person asked for. */
    public static String transition(ModelRef ref, Stage before, ModelVersion after, String actor) {
        return ref + ": " + before + " -> " + after.stage() + " (by " + actor + ")";
    }

    public static String deprecated(ModelVersion version, String actor) {
        return version.ref() + ": " + version.stage() + ", end of support " + version.endOfSupport() + " (by " + actor
                + ")";
    }

    public static String rolledBack(String model, Releases.Rollback rollback, String actor) {
        return model + ": rolled back from " + rollback.from() + " to "
                + rollback.to().ref() + " (now current, by " + actor + ")";
    }

    /** A version's release directory, file by file, then its release manifest; usage error (exit 2) when nothing was recorded. */
    public static String releaseDirectory(ModelRef ref, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ScorehouseException(ExitCode.USAGE, "release " + ref, "nothing recorded yet in " + dir);
        }
        StringBuilder text = new StringBuilder(dir.toString()).append(System.lineSeparator());
        try (Stream<Path> files = Files.list(dir)) {
            files.sorted()
                    .forEach(file -> text.append("  ")
                            .append(file.getFileName())
                            .append(Files.isDirectory(file) ? "/" : "")
                            .append(System.lineSeparator()));
            Path manifest = dir.resolve(ReleaseFiles.MANIFEST);
            text.append(
                    Files.isRegularFile(manifest)
                            ? Files.readString(manifest)
                            : "(not released: no " + ReleaseFiles.MANIFEST + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return text.toString().stripTrailing();
    }

    public static void rollout(Rollout rollout, PrintWriter out) {
        out.printf(
                "%s  %s  challenger share %d %% (step %d of %d)  champion %s  last decision %s  failures in a row %d%n",
                rollout.challenger(),
                rollout.status(),
                rollout.challengerPercent(),
                rollout.step() + 1,
                io.scorehouse.gates.canary.CanaryPlan.STEPS.size(),
                rollout.champion()
                        .map(v -> rollout.challenger().name() + "@" + v)
                        .orElse("none"),
                rollout.lastDecision().map(Enum::name).orElse("-"),
                rollout.consecutiveFailures());
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

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.canary.CanaryGate;
import io.scorehouse.gates.canary.CanaryOutcome;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.Releases;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.scoring.run.ScoreOutcome;
import io.scorehouse.scoring.validate.GateReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The release path of one model version as the demo walks it, each step the library call behind
 * the CLI command it names: staging report, shadow, canary plan, routed scoring runs with a step
 * evaluation each, promotion.
 */
final class DemoLifecycle {
    /** Evaluations at one step before the demo gives up on a HOLD (real canaries wait for the next day's data). */
    private static final int MAX_HOLDS = 2;

    private final ScorehouseCommand top;
    private final PipelineDefinition pipeline;
    private final LocalDate date;
    private final PrintWriter out;

    DemoLifecycle(ScorehouseCommand top, PipelineDefinition pipeline, LocalDate date, PrintWriter out) {
        this.top = top;
        this.pipeline = pipeline;
        this.date = date;
        this.out = out;
    }

    /** staging-report and shadow; returns whether both passed (the reports are written either way). */
    boolean validate(ModelRef ref) {
        out.println("$ bin/scorehouse staging-report --model " + ref + " --date " + date);
        GateReport staging = ValidationCommands.observed(
                top,
                ValidationCommands.STAGING,
                ref,
                () -> top.jobs("demo").stagingReport().run(ref, pipeline, date));
        print(staging);
        out.println("$ bin/scorehouse shadow --model " + ref + " --date " + date);
        GateReport shadow = ValidationCommands.observed(
                top,
                ValidationCommands.SHADOW,
                ref,
                () -> top.jobs("demo").shadow().run(ref, pipeline, date));
        print(shadow);
        return staging.passed() && shadow.passed();
    }

    /**
     * canary plan, then for every step a scoring run routed by the registry's allocation and
     * {@code canary evaluate}; returns the rollout's final state.
     */
    Rollout canary(ModelRef ref) {
        out.println("$ bin/scorehouse canary plan " + ref);
        Rollout rollout = top.canary().plan(ref, top.actor());
        out.println("  " + describe(rollout));
        int holds = 0;
        while (rollout.status() == Rollout.Status.ACTIVE) {
            String jobId = pipeline.name() + "_" + date + "_canary" + rollout.challengerPercent() + "pct"
                    + (holds > 0 ? "_" + holds : "");
            out.println(
                    "$ bin/scorehouse score --pipeline " + pipeline.name() + " --date " + date + " --job-id " + jobId);
            ScoreOutcome scored = score(jobId);
            out.printf("  published %d rows, %d %% routed to %s%n", scored.rowsOut(), rollout.challengerPercent(), ref);
            out.println("$ bin/scorehouse canary evaluate " + ref + " --date " + date + " --job-id " + jobId);
            CanaryGate.Evaluation evaluation =
                    top.jobs("demo").canaryEvaluation().run(ref, pipeline, date, jobId, top.actor());
            out.println("  " + evaluation.outcome() + ": " + String.join("; ", evaluation.reasons()));
            rollout = evaluation.next();
            out.println("  " + describe(rollout));
            holds = evaluation.outcome() == CanaryOutcome.HOLD ? holds + 1 : 0;
            if (holds >= MAX_HOLDS) {
                out.println(
                        "  held " + holds
                                + " times on the same entities: a real canary waits for the next day's data; the demo stops here");
                break;
            }
        }
        top.canary().decisions(ref).forEach(decision -> out.println("  " + decision.summary()));
        out.println("  signed decisions  "
                + top.canary().decisionFiles(ref).get(0).getParent().getParent());
        return rollout;
    }

    /** promote through the gate; prints every input when refused. */
    Optional<Releases.Release> promote(ModelRef ref) {
        out.println("$ bin/scorehouse promote " + ref);
        try {
            Releases.Release release = top.releases().promote(ref, top.actor());
            out.println("  " + ref + ": Staging -> Approved, bound to policy bundle " + release.policyDigest());
            out.println("  release        " + release.dir());
            return Optional.of(release);
        } catch (Releases.PromotionRefusedException e) {
            out.println("  refused: " + e.getMessage());
            return Optional.empty();
        }
    }

    ScoreOutcome score(String jobId) {
        return ObservedScoring.run(top, "demo", Duration.ofMinutes(15), pipeline, date, jobId);
    }

    private void print(GateReport report) {
        out.println("  " + report.result() + (report.passed() ? "" : " — " + report.reasons()));
        out.println("  measured       " + report.summary());
        out.println("  report         " + report.file());
    }

    private static String describe(Rollout rollout) {
        String share = rollout.status() == Rollout.Status.COMPLETED
                ? "completed at " + rollout.percent() + " %"
                : "challenger share " + rollout.challengerPercent() + " %";
        return "canary " + rollout.challenger() + ": " + rollout.status() + ", " + share
                + rollout.champion()
                        .map(c -> " vs champion " + rollout.challenger().name() + "@" + c)
                        .orElse(" (first release)");
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryDecision;
import io.scorehouse.gates.canary.CanaryGate;
import io.scorehouse.gates.canary.CanaryOutcome;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.incident.Incident;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.ReleaseText;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.run.RunKey;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code canary …}: champion/challenger rollouts (DESIGN §5). */
@Command(
        name = "canary",
        mixinStandardHelpOptions = true,
        description = "Plans and shows champion/challenger canaries.",
        subcommands = {
            CanaryCommand.Plan.class,
            CanaryCommand.Status.class,
            CanaryCommand.Decisions.class,
            CanaryCommand.Evaluate.class
        })
final class CanaryCommand {
    @ParentCommand
    ScorehouseCommand top;

    @Command(
            name = "plan",
            mixinStandardHelpOptions = true,
            description = {
                "Writes canary_plan.md (1 -> 5 -> 25 -> 50 -> 100 %%, gates, rollback triggers) and starts the canary",
                "of a Staging version against the current Approved champion (none: the first release takes 100 %% at once)."
            })
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        CanaryCommand canary;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME@VERSION")
        String ref;

        @Override
        public Integer call() {
            ModelRef challenger = ModelRef.parse(ref);
            Canary canaries = canary.top.canary();
            Rollout rollout = canaries.plan(challenger, canary.top.actor());
            PrintWriter out = spec.commandLine().getOut();
            ReleaseText.rollout(rollout, out);
            out.println("plan: " + canaries.planFile(challenger));
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows one canary, or every canary.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        CanaryCommand canary;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "NAME@VERSION")
        String ref;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<Rollout> rollouts = ref == null
                    ? canary.top.rollouts().list()
                    : canary.top
                            .canary()
                            .status(ModelRef.parse(ref))
                            .map(List::of)
                            .orElse(List.of());
            if (rollouts.isEmpty()) {
                out.println(ref == null ? "no canaries" : ref + " has no canary");
            }
            rollouts.forEach(rollout -> ReleaseText.rollout(rollout, out));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "decisions",
            mixinStandardHelpOptions = true,
            description = {
                "Lists every decision of one canary, oldest first, from its signed records; each record's",
                "signature is checked first (exit 5 naming a modified or unsigned one)."
            })
    static final class Decisions implements Callable<Integer> {
        @ParentCommand
        CanaryCommand canary;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME@VERSION")
        String ref;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<CanaryDecision> decisions = canary.top.canary().decisions(ModelRef.parse(ref));
            if (decisions.isEmpty()) {
                out.println(ref + " has no canary decisions");
            }
            decisions.forEach(decision -> out.println(decision.summary()));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description = {
                "Observes the current canary step in day D's scoring run and decides: canary.proceed thresholds",
                "(error rate, p95 latency, output PSI, decision delta, policy violations) and a Mann-Whitney judge of",
                "challenger vs champion scores on the same entities. PROCEED advances the share (1 -> 5 -> 25 -> 50 -> 100 %%),",
                "HOLD keeps it, ROLLBACK sets it to 0 at once. Each decision is signed into its own evidence set.",
                "Exit 0 on PROCEED or HOLD, 3 on ROLLBACK."
            })
    static final class Evaluate implements Callable<Integer> {
        @ParentCommand
        CanaryCommand canary;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME@VERSION")
        String ref;

        @Option(
                names = "--date",
                required = true,
                paramLabel = "YYYY-MM-DD",
                description = "Business date of the run to observe.")
        LocalDate date;

        @Option(names = "--job-id", paramLabel = "ID", description = "Job id of that run (default: <pipeline>_<date>).")
        String jobId;

        @Option(
                names = "--pipeline",
                paramLabel = "NAME",
                description = "Pipeline of the run (default: the only pipeline of the model).")
        String pipeline;

        @Mixin
        IncidentWebhookOptions incidents;

        @Override
        public Integer call() {
            ModelRef challenger = ModelRef.parse(ref);
            ScorehouseCommand top = canary.top;
            java.util.Optional<io.scorehouse.gates.release.ReleaseWebhook> incidentWebhook =
                    incidents.webhook("canary evaluate");
            PipelineDefinition definition =
                    new PipelineDefinitions(top.config().confDir()).forModel(challenger.name(), pipeline);
            CanaryGate.Evaluation evaluation =
                    top.jobs("canary").canaryEvaluation().run(challenger, definition, date, jobId, top.actor());
            PrintWriter out = spec.commandLine().getOut();
            out.println(challenger + ": " + evaluation.outcome());
            evaluation.reasons().forEach(reason -> out.println("  " + reason));
            ReleaseText.rollout(evaluation.next(), out);
            List<java.nio.file.Path> records = top.canary().decisionFiles(challenger);
            if (!records.isEmpty()) {
                out.println("decision: " + records.get(records.size() - 1));
            }
            out.flush();
            boolean rolledBack = evaluation.outcome() == CanaryOutcome.ROLLBACK;
            String observedJob = RunKey.of(definition.name(), date, jobId).jobId();
            new JobMetricsPublisher(top.config().metrics())
                    .replace(
                            () -> JobMetrics.canaryDecided(
                                    challenger.name(),
                                    challenger.version(),
                                    rolledBack,
                                    evaluation.next().challengerPercent(),
                                    top.clock().instant()),
                            ArtifactStore.of(top.config()).run(observedJob).resolve("canary"),
                            java.util.Map.of("command", "canary", "model", challenger.name()));
            if (rolledBack) {
                IncidentReport.report(
                        top,
                        "canary",
                        observedJob,
                        List.of(new Incident(
                                "canary.rolled_back",
                                challenger.name(),
                                "v" + challenger.version(),
                                date,
                                "canary of " + challenger + " rolled back: "
                                        + String.join("; ", evaluation.reasons()))),
                        incidentWebhook,
                        true,
                        out);
                throw new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "canary " + challenger,
                        "ROLLBACK, challenger share set to 0 — " + String.join("; ", evaluation.reasons()));
            }
            return 0;
        }
    }
}

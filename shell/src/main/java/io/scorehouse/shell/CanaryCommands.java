package io.scorehouse.shell;

import io.scorehouse.gates.Governance;
import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryDecision;
import io.scorehouse.gates.canary.CanaryPlan;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.shell.standard.AbstractShellComponent;
import org.springframework.shell.standard.ShellCommandGroup;
import org.springframework.shell.standard.ShellComponent;
import org.springframework.shell.standard.ShellMethod;
import org.springframework.shell.standard.ShellOption;

@ShellComponent
@ShellCommandGroup("Canary")
final class CanaryCommands extends AbstractShellComponent {
    private static final List<String> COLUMNS = List.of(
            "challenger",
            "champion",
            "status",
            "share %",
            "reached %",
            "step",
            "last decision",
            "failures in a row",
            "updated_at",
            "by");

    private final Governance governance;
    private final Operator operator;
    private final Confirmation confirmation;
    private final SparkJobs sparkJobs;

    CanaryCommands(Governance governance, Operator operator, Confirmation confirmation, SparkJobs sparkJobs) {
        this.governance = governance;
        this.operator = operator;
        this.confirmation = confirmation;
        this.sparkJobs = sparkJobs;
    }

    @ShellMethod(
            key = "canary plan",
            value = "Writes canary_plan.md and starts the canary of a Staging version against the current champion.")
    String plan(
            @ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref,
            @ShellOption(
                            defaultValue = ShellOption.NULL,
                            help = "Who acts (default: $SCOREHOUSE_ACTOR, else the OS user).")
                    String actor,
            @ShellOption(help = "Do not ask for confirmation.") boolean yes) {
        ModelRef challenger = ModelRef.parse(ref);
        governance.registry().get(challenger);
        if (!confirmation.confirmed(
                "canary plan " + challenger,
                "Start the canary of " + challenger + " (scoring runs route traffic to it)?",
                yes)) {
            return "canary of " + challenger + " not started (not confirmed)";
        }
        Canary canary = governance.canary();
        Rollout rollout = canary.plan(challenger, operator.resolve(actor));
        governance.publishEvidence();
        return table(List.of(rollout)) + "\nplan: " + canary.planFile(challenger);
    }

    @ShellMethod(key = "canary status", value = "Every canary, or one: allocation, step, last decision.")
    String status(
            @ShellOption(defaultValue = ShellOption.NULL, valueProvider = ModelRefValues.class, help = "NAME@VERSION")
                    String ref) {
        List<Rollout> rollouts = ref == null
                ? governance.rollouts().list()
                : governance.canary().status(ModelRef.parse(ref)).map(List::of).orElse(List.of());
        if (rollouts.isEmpty()) {
            return ref == null ? "no canaries" : ref + " has no canary";
        }
        return table(rollouts);
    }

    @ShellMethod(
            key = "canary decisions",
            value = "Every decision of one canary, oldest first, from its signed records (each verified first).")
    String decisions(@ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref) {
        List<String> lines = governance.canary().decisions(ModelRef.parse(ref)).stream()
                .map(CanaryDecision::summary)
                .toList();
        return lines.isEmpty() ? ref + " has no canary decisions" : String.join("\n", lines);
    }

    @ShellMethod(
            key = "canary evaluate",
            value =
                    "Observes the current step in day D's scoring run and decides PROCEED/HOLD/ROLLBACK (Spark job, run as a child process).")
    void evaluate(
            @ShellOption(valueProvider = ModelRefValues.class, help = "NAME@VERSION") String ref,
            @ShellOption(help = "Business date of the run to observe (YYYY-MM-DD).") String date,
            @ShellOption(
                            value = "--job-id",
                            defaultValue = ShellOption.NULL,
                            help = "Job id of that run (default: <pipeline>_<date>).")
                    String jobId,
            @ShellOption(
                            defaultValue = ShellOption.NULL,
                            help = "Pipeline of the run (default: the model's only pipeline).")
                    String pipeline,
            @ShellOption(
                            defaultValue = ShellOption.NULL,
                            help = "Who acts (default: $SCOREHOUSE_ACTOR, else the OS user).")
                    String actor) {
        ModelRef challenger = ModelRef.parse(ref);
        try {
            LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw new ScorehouseException(
                    ExitCode.USAGE, "canary evaluate", "--date '" + date + "' is not a date (YYYY-MM-DD)");
        }
        governance
                .canary()
                .status(challenger)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "canary evaluate " + challenger,
                        "no canary (start one with: canary plan " + challenger + ")"));
        List<String> args = new ArrayList<>(List.of(
                "--actor", operator.resolve(actor), "canary", "evaluate", challenger.toString(), "--date", date));
        if (jobId != null) {
            args.addAll(List.of("--job-id", jobId));
        }
        if (pipeline != null) {
            args.addAll(List.of("--pipeline", pipeline));
        }
        PrintWriter out = getTerminal().writer();
        sparkJobs.run("canary evaluate " + challenger, args, out);
    }

    private static String table(List<Rollout> rollouts) {
        List<List<String>> rows = new ArrayList<>();
        for (Rollout rollout : rollouts) {
            rows.add(List.of(
                    rollout.challenger().toString(),
                    rollout.champion()
                            .map(v -> rollout.challenger().name() + "@" + v)
                            .orElse("none"),
                    rollout.status().name(),
                    Integer.toString(rollout.challengerPercent()),
                    Integer.toString(rollout.percent()),
                    (rollout.step() + 1) + "/" + CanaryPlan.STEPS.size(),
                    rollout.lastDecision().map(Enum::name).orElse("-"),
                    Integer.toString(rollout.consecutiveFailures()),
                    rollout.updatedAt(),
                    rollout.updatedBy()));
        }
        return Tables.render(COLUMNS, rows);
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.ReleaseText;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code canary …}: champion/challenger rollouts (DESIGN §5). */
@Command(name = "canary", mixinStandardHelpOptions = true, description = "Plans and shows champion/challenger canaries.",
        subcommands = {CanaryCommand.Plan.class, CanaryCommand.Status.class})
final class CanaryCommand {
    @ParentCommand
    ScorehouseCommand top;

    @Command(name = "plan", mixinStandardHelpOptions = true,
            description = {"Writes canary_plan.md (1 -> 5 -> 25 -> 50 -> 100 %, gates, rollback triggers) and starts the canary",
                "of a Staging version against the current Approved champion (none: the first release takes 100 % at once)."})
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
            out.println("plan: " + canaries.decisionsFile(challenger).resolveSibling(Canary.PLAN_FILE));
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
            List<Rollout> rollouts = ref == null ? canary.top.rollouts().list()
                    : canary.top.canary().status(ModelRef.parse(ref)).map(List::of).orElse(List.of());
            if (rollouts.isEmpty()) {
                out.println(ref == null ? "no canaries" : ref + " has no canary");
            }
            rollouts.forEach(rollout -> ReleaseText.rollout(rollout, out));
            out.flush();
            return 0;
        }
    }
}

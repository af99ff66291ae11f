package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.VersionText;
import io.scorehouse.gates.release.ReleaseText;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code registry …}: the model registry, without Spark. */
@Command(
        name = "registry",
        mixinStandardHelpOptions = true,
        description = "Lists, shows and moves model versions through their lifecycle (no Spark).",
        subcommands = {
            RegistryCommand.List.class,
            RegistryCommand.Show.class,
            RegistryCommand.Move.class,
            RegistryCommand.Revoke.class
        })
final class RegistryCommand {
    @ParentCommand
    ScorehouseCommand top;

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists model versions with stage, digest and AUC.")
    static final class List implements Callable<Integer> {
        @ParentCommand
        RegistryCommand registry;

        @Spec
        CommandSpec spec;

        @Option(names = "--model", paramLabel = "NAME", description = "Only this model.")
        String model;

        @Override
        public Integer call() {
            java.util.List<java.util.List<String>> rows = new ArrayList<>();
            for (ModelVersion version : registry.top.registry().list(model)) {
                rows.add(VersionText.listingRow(version));
            }
            PrintWriter out = spec.commandLine().getOut();
            ResultTable.table(
                    VersionText.LISTING_COLUMNS,
                    new boolean[] {false, false, false, true, false, false, false},
                    rows,
                    out);
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "Shows one version: stage, digests, signature status (re-verified now), metrics, EoS/EoL, history.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        RegistryCommand registry;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME@VERSION")
        String ref;

        @Override
        public Integer call() {
            ModelRegistry models = registry.top.registry();
            ModelRef modelRef = ModelRef.parse(ref);
            VersionText.details(
                    models.verify(modelRef),
                    models.transitions(modelRef),
                    registry.top.config().secrets().trustStoreDir(),
                    spec.commandLine().getOut());
            return 0;
        }
    }

    @Command(
            name = "transition",
            mixinStandardHelpOptions = true,
            description =
                    "Moves a version to another stage, if the lifecycle allows it (refused: exit 3); Approved only via promote/rollback.")
    static final class Move implements Callable<Integer> {
        @ParentCommand
        RegistryCommand registry;

        @Spec
        CommandSpec spec;

        @Mixin
        TransitionArgs args;

        @Option(
                names = "--to",
                required = true,
                paramLabel = "STAGE",
                description = "Candidate, Staging, Approved, Deprecated, Revoked or Retired.")
        String to;

        @Override
        public Integer call() {
            // The registry itself refuses Approved here: only promote and rollback lead there.
            return move(registry.top, spec, args.modelRef(), Stage.parse(to), args.reason);
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description =
                    "Revokes a version: scoring refuses it from now on; its canary, if any, stops (same as top-level revoke).")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        RegistryCommand registry;

        @Spec
        CommandSpec spec;

        @Mixin
        TransitionArgs args;

        @Override
        public Integer call() {
            return ReleaseCommands.revoke(registry.top, spec, args);
        }
    }

    private static int move(ScorehouseCommand top, CommandSpec spec, ModelRef ref, Stage to, String reason) {
        if (to == Stage.REVOKED) {
            return ReleaseCommands.revoke(top, spec, ref, reason);
        }
        ModelVersion before = top.registry().get(ref);
        ModelVersion after = top.registry()
                .transition(ref, to, top.actor(), reason, top.policies().digest());
        spec.commandLine().getOut().println(ReleaseText.transition(ref, before.stage(), after, top.actor()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

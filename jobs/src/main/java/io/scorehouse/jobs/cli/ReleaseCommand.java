package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.ReleaseText;
import io.scorehouse.gates.release.Releases;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code release …}: what a release left behind, and what is due (no Spark). */
@Command(
        name = "release",
        mixinStandardHelpOptions = true,
        description = "Shows release artifacts and versions due for revalidation, EoS or EoL.",
        subcommands = {ReleaseCommand.Show.class, ReleaseCommand.Due.class})
final class ReleaseCommand {
    @ParentCommand
    ScorehouseCommand top;

    @Command(
            name = "show",
            mixinStandardHelpOptions = true,
            description =
                    "Prints a version's release manifest and lists its release directory (gate reports, canary, artifacts).")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand release;

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME@VERSION")
        String ref;

        @Override
        public Integer call() {
            ModelRef modelRef = ModelRef.parse(ref);
            release.top.registry().get(modelRef);
            PrintWriter out = spec.commandLine().getOut();
            out.println(ReleaseText.releaseDirectory(
                    modelRef, release.top.releases().releaseDir(modelRef)));
            out.flush();
            return 0;
        }
    }

    @Command(
            name = "due",
            mixinStandardHelpOptions = true,
            description = "Versions in use whose revalidation, end of support or end of life falls within the horizon.")
    static final class Due implements Callable<Integer> {
        @ParentCommand
        ReleaseCommand release;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--within-days",
                defaultValue = "30",
                paramLabel = "N",
                description = "Horizon in days. Default: ${DEFAULT-VALUE}.")
        int withinDays;

        @Override
        public Integer call() {
            Releases releases = release.top.releases();
            ReleaseText.due(
                    releases.due(LocalDate.now(release.top.clock()), withinDays),
                    spec.commandLine().getOut());
            return 0;
        }
    }
}

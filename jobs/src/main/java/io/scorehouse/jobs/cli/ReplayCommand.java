package io.scorehouse.jobs.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-scores a finalized run from its pins (input Delta version, model and challenger digests,",
            "policy digest, as_of_out, canary allocation) into a scratch directory (replay/<job_id>/),",
            "compares it with the published rows entity by entity and prints \"identical\"; any",
            "difference exits 5 naming what differs. Nothing is published."
        })
final class ReplayCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "JOB_ID", description = "The job id of the run.")
    String jobId;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(top.jobs("replay").replay().replay(jobId));
        spec.commandLine().getOut().flush();
        return 0;
    }
}

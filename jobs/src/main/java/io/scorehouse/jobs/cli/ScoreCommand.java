package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.scoring.run.ScoreOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "score",
        mixinStandardHelpOptions = true,
        description = {
            "Scores one pipeline's input partition and publishes it exactly once.",
            "",
            "Gates (model, data, run), point-in-time read with HMAC entity keys, Deequ contract/sanity/drift",
            "checks, native XGBoost scoring, write-audit-publish into the governed scores table, signed manifest.",
            "Re-running a finalized run prints \"already committed\" and exits 0."
        })
final class ScoreCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--pipeline", required = true, paramLabel = "NAME", description = "A pipeline in conf/pipelines.")
    String pipeline;

    @Option(
            names = "--date",
            required = true,
            paramLabel = "YYYY-MM-DD",
            description = "Business date: the input partition dt=D.")
    LocalDate date;

    @Option(names = "--job-id", paramLabel = "ID", description = "Job id (default: <pipeline>_<date>).")
    String jobId;

    @Option(
            names = "--lease-seconds",
            defaultValue = "900",
            hidden = true,
            description = "How long this attempt holds the run before another may take it over.")
    long leaseSeconds;

    @Override
    public Integer call() {
        if (leaseSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--lease-seconds must be positive");
        }
        PipelineDefinition definition = new PipelineDefinitions(top.config().confDir()).load(pipeline);
        ScoreOutcome outcome =
                ObservedScoring.run(top, "score", Duration.ofSeconds(leaseSeconds), definition, date, jobId);
        PrintWriter out = spec.commandLine().getOut();
        if (outcome.alreadyCommitted()) {
            out.printf(
                    "already committed: %s (snapshot %d, %d rows); nothing written%n",
                    outcome.key(), outcome.snapshotId(), outcome.rowsOut());
        } else {
            out.printf(
                    "published %s: %d rows in, %d rows out, quality %s, %.0f rows/s%n",
                    outcome.key(), outcome.rowsIn(), outcome.rowsOut(), outcome.quality(), outcome.rowsPerSecond());
            out.println("snapshot       " + outcome.snapshotId());
            out.println("manifest       " + outcome.manifest());
        }
        out.flush();
        return 0;
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.incident.Incident;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.scoring.run.RunInProgressException;
import io.scorehouse.scoring.run.ScoreOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

    @Mixin
    IncidentWebhookOptions incidents;

    @Override
    public Integer call() {
        if (leaseSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--lease-seconds must be positive");
        }
        PipelineDefinition definition = new PipelineDefinitions(top.config().confDir()).load(pipeline);
        Optional<ReleaseWebhook> incidentWebhook = incidents.webhook("score");
        PrintWriter out = spec.commandLine().getOut();
        ScoreOutcome outcome;
        try {
            outcome = ObservedScoring.run(top, "score", Duration.ofSeconds(leaseSeconds), definition, date, jobId);
        } catch (RunInProgressException e) {
            throw e; // another attempt is running this key: nothing failed
        } catch (Exception e) { // Spark's checked exceptions too (thrown from Scala undeclared)
            reportFailure(definition, e, incidentWebhook, out);
            throw e;
        }
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

    /** A run that failed once it started is an incident (one per job and day, however often it is retried). */
    private void reportFailure(
            PipelineDefinition definition, Exception failure, Optional<ReleaseWebhook> webhook, PrintWriter out) {
        ExitCode code = Failures.exitCodeOf(failure);
        if (code == ExitCode.USAGE) {
            return;
        }
        String job = RunKey.of(definition.name(), date, jobId).jobId();
        // the summary leaves the system (webhook): a known failure's first line, which never holds ids; of an
        // unexpected one only its type (an engine's message may quote input values; the JSON log has it all)
        String why = failure instanceof ScorehouseException known
                ? known.why().lines().findFirst().orElse("")
                : "unexpected " + failure.getClass().getSimpleName();
        IncidentReport.report(
                top,
                "score",
                job,
                List.of(new Incident(
                        "run.failed",
                        definition.model().name(),
                        job,
                        date,
                        "scoring run " + job + " failed (exit " + code.code() + "): " + why)),
                webhook,
                code != ExitCode.UNEXPECTED,
                out);
    }
}

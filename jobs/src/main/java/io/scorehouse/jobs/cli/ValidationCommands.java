package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.scoring.validate.GateReport;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The validation jobs a candidate goes through before a canary: {@code staging-report} and {@code shadow}. */
final class ValidationCommands {
    /** The jobs' names: their commands, and their kinds in lineage. */
    static final String STAGING = "staging-report";

    static final String SHADOW = "shadow";

    private ValidationCommands() {}

    /** Options both jobs take. */
    static final class Target {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The candidate version.")
        String model;

        @Option(
                names = "--date",
                required = true,
                paramLabel = "YYYY-MM-DD",
                description = "Business date whose partition is scored.")
        LocalDate date;

        @Option(
                names = "--pipeline",
                paramLabel = "NAME",
                description =
                        "Pipeline whose dataset and decision bands to use (default: the only pipeline of the model).")
        String pipeline;

        ModelRef ref() {
            return ModelRef.parse(model);
        }

        PipelineDefinition pipeline(ScorehouseCommand top, ModelRef ref) {
            return new PipelineDefinitions(top.config().confDir()).forModel(ref.name(), pipeline);
        }
    }

    /** A validation job's command: resolve the candidate and its pipeline, run, print, exit 0 on PASS and 3 on FAIL. */
    abstract static class Job implements Callable<Integer> {
        @ParentCommand
        ScorehouseCommand top;

        @Spec
        CommandSpec spec;

        @picocli.CommandLine.Mixin
        Target target;

        abstract GateReport run(ModelRef ref, PipelineDefinition pipeline);

        abstract String what();

        /** The job's kind in lineage: {@code staging-report}, {@code shadow}. */
        abstract String kind();

        @Override
        public Integer call() {
            ModelRef ref = target.ref();
            PipelineDefinition pipeline = target.pipeline(top, ref);
            return conclude(
                    observed(top, kind(), ref, () -> run(ref, pipeline)),
                    what(),
                    spec.commandLine().getOut());
        }
    }

    @Command(
            name = STAGING,
            mixinStandardHelpOptions = true,
            description = {
                "Scores a partition with a candidate (nothing published) and writes staging_report.json:",
                "every output row checked against conf/contracts/score-output.schema.json, NaN/infinite/range, latency",
                "per batch of 1,000 rows (p50/p95/p99), throughput, peak heap, fairness spot-check by segment.",
                "Exit 0 on PASS, 3 on FAIL (the report is written either way)."
            })
    static final class Staging extends Job {
        @Override
        GateReport run(ModelRef ref, PipelineDefinition pipeline) {
            return top.jobs("staging-report").stagingReport().run(ref, pipeline, target.date);
        }

        @Override
        String what() {
            return "staging report";
        }

        @Override
        String kind() {
            return STAGING;
        }
    }

    @Command(
            name = SHADOW,
            mixinStandardHelpOptions = true,
            description = {
                "Scores day D with a candidate into the shadow scores table (never in consumers' views) and",
                "compares it with the champion's published scores: |score delta|, decision divergence per band, PSI,",
                "latency -> shadow_eval.json under shadow.evaluate. Exit 0 on PASS, 3 on FAIL."
            })
    static final class Shadow extends Job {
        @Override
        GateReport run(ModelRef ref, PipelineDefinition pipeline) {
            return top.jobs("shadow").shadow().run(ref, pipeline, target.date);
        }

        @Override
        String what() {
            return "shadow evaluation";
        }

        @Override
        String kind() {
            return SHADOW;
        }
    }

    /** A validation job observed in lineage (a FAIL verdict is a completed job: its report is its output). */
    static GateReport observed(ScorehouseCommand top, String kind, ModelRef ref, Supplier<GateReport> job) {
        return ObservedJob.run(
                top, JobLineage.gateJob(kind, ref.name()), job, report -> JobLineage.gate(top, kind, report));
    }

    /** Prints the outcome; a FAIL is a refusal (exit 3) whose one line names every failed rule. */
    static int conclude(GateReport report, String what, PrintWriter out) {
        out.println(report.model() + ": " + what + " " + report.result());
        out.println("measured  " + report.summary());
        out.println("report    " + report.file());
        out.flush();
        if (!report.passed()) {
            throw new ScorehouseException(
                    ExitCode.POLICY_REFUSED, what + " " + report.model(), "FAIL — " + report.reasons());
        }
        return 0;
    }
}

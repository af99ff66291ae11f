package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.jobs.score.CandidateScoring;
import io.scorehouse.jobs.validate.GateReport;
import io.scorehouse.jobs.validate.ShadowEvaluation;
import io.scorehouse.jobs.validate.StagingReport;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.quality.OutputContract;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The validation jobs a candidate goes through before a canary: {@code staging-report} and {@code shadow}. */
final class ValidationCommands {
    private ValidationCommands() {
    }

    /** Options both jobs take. */
    static final class Target {
        @Option(names = "--model", required = true, paramLabel = "NAME@VERSION", description = "The candidate version.")
        String model;

        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Business date whose partition is scored.")
        LocalDate date;

        @Option(names = "--pipeline", paramLabel = "NAME",
                description = "Pipeline whose dataset and decision bands to use (default: the only pipeline of the model).")
        String pipeline;

        ModelRef ref() {
            return ModelRef.parse(model);
        }

        PipelineDefinition pipeline(ScorehouseCommand top, ModelRef ref) {
            return pipelineOf(top, ref, pipeline);
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

        @Override
        public Integer call() {
            ModelRef ref = target.ref();
            return conclude(run(ref, target.pipeline(top, ref)), what(), spec.commandLine().getOut());
        }
    }

    @Command(name = "staging-report", mixinStandardHelpOptions = true,
            description = {"Scores a partition with a candidate (nothing published) and writes staging_report.json:",
                "every output row checked against conf/contracts/score-output.schema.json, NaN/infinite/range, latency",
                "per batch of 1,000 rows (p50/p95/p99), throughput, peak heap, fairness spot-check by segment.",
                "Exit 0 on PASS, 3 on FAIL (the report is written either way)."})
    static final class Staging extends Job {
        @Override
        GateReport run(ModelRef ref, PipelineDefinition pipeline) {
            return stagingReport(top, "staging-report").run(ref, pipeline, target.date);
        }

        @Override
        String what() {
            return "staging report";
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
            description = {"Scores day D with a candidate into lake.scored.shadow_predictions (never in consumers' views) and",
                "compares it with the champion's published scores: |score delta|, decision divergence per band, PSI,",
                "latency -> shadow_eval.json under shadow.evaluate. Exit 0 on PASS, 3 on FAIL."})
    static final class Shadow extends Job {
        @Override
        GateReport run(ModelRef ref, PipelineDefinition pipeline) {
            return shadowEvaluation(top, "shadow").run(ref, pipeline, target.date);
        }

        @Override
        String what() {
            return "shadow evaluation";
        }
    }

    /** The pipeline {@code name}, or (null) the only pipeline scoring {@code ref}'s model; usage error otherwise. */
    static PipelineDefinition pipelineOf(ScorehouseCommand top, ModelRef ref, String name) {
        PipelineDefinitions definitions = new PipelineDefinitions(top.config().confDir());
        if (name != null) {
            return definitions.load(name);
        }
        List<PipelineDefinition> ofModel = definitions.names().stream().map(definitions::load)
                .filter(p -> p.model().name().equals(ref.name())).toList();
        if (ofModel.size() != 1) {
            throw new ScorehouseException(ExitCode.USAGE, "--pipeline", ofModel.isEmpty() ? "no pipeline scores model " + ref.name()
                    : "several pipelines score model " + ref.name() + "; name one");
        }
        return ofModel.get(0);
    }

    static StagingReport stagingReport(ScorehouseCommand top, String command) {
        return new StagingReport(candidates(top, command), top.policies(), OutputContract.load(top.config().confDir(), "score-output"),
                ArtifactStore.of(top.config()), Clock.systemUTC());
    }

    static ShadowEvaluation shadowEvaluation(ScorehouseCommand top, String command) {
        return new ShadowEvaluation(top.spark(command), top.config().catalog().name(), candidates(top, command), top.registry(),
                top.policies(), ArtifactStore.of(top.config()), Clock.systemUTC());
    }

    static CandidateScoring candidates(ScorehouseCommand top, String command) {
        return new CandidateScoring(top.spark(command), top.config().warehouse(), top.registry(), top.policies(),
                EntityTokenizer.fromConfig(top.config()), Clock.systemUTC());
    }

    /** Prints the outcome; a FAIL is a refusal (exit 3) whose one line names every failed rule. */
    static int conclude(GateReport report, String what, PrintWriter out) {
        out.println(report.model() + ": " + what + " " + report.result());
        out.println("measured  " + report.summary());
        out.println("report    " + report.file());
        out.flush();
        if (!report.passed()) {
            throw new ScorehouseException(ExitCode.POLICY_REFUSED, what + " " + report.model(), "FAIL — " + report.reasons());
        }
        return 0;
    }
}

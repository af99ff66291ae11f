package io.scorehouse.scoring.run;

import com.amazon.deequ.repository.MetricsRepository;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputChecks;
import io.scorehouse.quality.InputReports;
import io.scorehouse.quality.RunHistory;
import io.scorehouse.quality.SanitySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the checks before scoring decided about a run's input: it passed (quality {@code ok}), or
 * drifted and the pipeline publishes it flagged {@code degraded}. A failed sanity check, or drift
 * under a {@code fail} policy, never becomes a verdict: it stops the run (exit 4).
 */
record InputVerdict(
        CheckReport contract, InputReports reports, CheckReport output, String quality, long suppressedEntities) {
    static final String OK = "ok";
    static final String DEGRADED = "degraded";

    InputVerdict(CheckReport contract, InputReports reports, String quality) {
        this(contract, reports, new CheckReport(OutputDrift.FAMILY, List.of()), quality, 0);
    }

    /** This verdict, noting that {@code entities} erased entities were skipped before it was reached. */
    InputVerdict suppressing(long entities) {
        return new InputVerdict(contract, reports, output, quality, entities);
    }

    /**
     * The verdict once the output distribution was checked ({@link OutputDrift}): unchanged when it
     * held; else exit 4 under a {@code fail} policy, or {@code degraded} (published, flagged).
     */
    InputVerdict withOutput(PipelineDefinition pipeline, CheckReport outputReport) {
        if (outputReport.passed()) {
            return new InputVerdict(contract, reports, outputReport, quality, suppressedEntities);
        }
        if (pipeline.outputDrift().policy() == PipelineDefinition.DriftAction.FAIL) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "output",
                    "score distribution drifted from the training scores — " + outputReport.failureSummary());
        }
        Progress.step(
                "score: output drifted ({}); publishing flagged as degraded per pipeline policy",
                outputReport.failureSummary());
        return new InputVerdict(contract, reports, outputReport, DEGRADED, suppressedEntities);
    }

    /** Judges {@code reports} under {@code pipeline}'s drift policy; run-history anomalies are logged, never blocking. */
    static InputVerdict judge(PipelineDefinition pipeline, CheckReport contract, InputReports reports) {
        if (!reports.anomalies().passed()) {
            Progress.step(
                    "score: unlike earlier runs (flagged, not blocking): {}",
                    reports.anomalies().failureSummary());
        }
        if (!reports.sanity().passed()) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "input " + pipeline.dataset(),
                    "sanity checks failed — " + reports.sanity().failureSummary());
        }
        if (reports.drift().passed()) {
            return new InputVerdict(contract, reports, OK);
        }
        if (pipeline.drift().policy() == PipelineDefinition.DriftAction.FAIL) {
            throw new ScorehouseException(
                    ExitCode.DATA_QUALITY,
                    "input " + pipeline.dataset(),
                    "drift beyond the model baseline — " + reports.drift().failureSummary());
        }
        Progress.step(
                "score: input drifted ({}); publishing flagged as degraded per pipeline policy",
                reports.drift().failureSummary());
        return new InputVerdict(contract, reports, DEGRADED);
    }

    /**
     * Step 4 of a run: sanity and drift against the model's baseline (Deequ: one scan of
     * {@code rows}, a grouping pass for the tenant count) and anomalies against the pipeline's run history, judged under its policy.
     */
    static InputVerdict check(
            PinnedRun run,
            CheckReport contract,
            Dataset<Row> rows,
            VerifiedModel model,
            List<String> nonNullColumns,
            MetricsRepository metrics) {
        PipelineDefinition pipeline = run.pipeline();
        RunHistory history = new RunHistory(
                metrics,
                pipeline.name(),
                run.key().date(),
                pipeline.history().minRuns(),
                pipeline.history().maxDeviations());
        InputReports reports = new InputChecks(history)
                .sanityAndDrift(
                        rows,
                        sanitySpec(pipeline, nonNullColumns, List.of(rows.columns())),
                        baselineOf(model),
                        pipeline.drift().maxMeanShift());
        return judge(pipeline, contract, reports);
    }

    /** The pipeline's checks; {@code nonNullColumns} (the contract's) and the ranges apply to the features read. */
    private static SanitySpec sanitySpec(PipelineDefinition pipeline, List<String> nonNullColumns, List<String> read) {
        Map<String, double[]> ranges = new LinkedHashMap<>();
        pipeline.checks().ranges().forEach((column, range) -> {
            if (read.contains(column)) {
                ranges.put(column, new double[] {
                    range.min() == null ? Double.NEGATIVE_INFINITY : range.min(),
                    range.max() == null ? Double.POSITIVE_INFINITY : range.max()
                });
            }
        });
        return new SanitySpec(
                List.of(PointInTimeRead.TENANT, PointInTimeRead.ENTITY_KEY),
                PointInTimeRead.LATEST_ORDINAL,
                nonNullColumns.stream().filter(read::contains).toList(),
                pipeline.checks().criticalColumns(),
                pipeline.checks().maxNullRate(),
                ranges,
                pipeline.checks().minRows(),
                PointInTimeRead.TENANT,
                pipeline.checks().maxTenants());
    }

    /** Each feature's training mean and standard deviation, the drift reference. */
    private static Map<String, double[]> baselineOf(VerifiedModel model) {
        ModelBaseline baseline = ModelBaseline.read(model.baselineFile());
        Map<String, double[]> stats = new LinkedHashMap<>();
        baseline.features().forEach((feature, s) -> stats.put(feature, new double[] {s.mean(), s.std()}));
        return stats;
    }

    long rowsIn() {
        return reports.rows();
    }

    /** Why the run is degraded ({@code ""} when it is not). */
    String degradedReason() {
        List<String> reasons = new ArrayList<>();
        if (!reports.drift().passed()) {
            reasons.add(reports.drift().failureSummary());
        }
        if (!output.passed()) {
            reasons.add(output.failureSummary());
        }
        return String.join("; ", reasons);
    }

    /** The anomalies flagged against run history ({@code ""} when none). */
    String anomalies() {
        return reports.anomalies().passed() ? "" : reports.anomalies().failureSummary();
    }

    /** Every report, in the order the manifest lists them. */
    List<CheckReport> all() {
        List<CheckReport> all = new ArrayList<>(List.of(contract));
        all.addAll(reports.all());
        all.add(output);
        return all;
    }
}

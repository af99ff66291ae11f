package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.quality.CheckReport;
import io.scorehouse.quality.InputReports;
import java.util.ArrayList;
import java.util.List;

/**
 * What the checks before scoring decided about a run's input: it passed (quality {@code ok}), or
 * drifted and the pipeline publishes it flagged {@code degraded}. A failed sanity check, or drift
 * under a {@code fail} policy, never becomes a verdict: it stops the run (exit 4).
 */
record InputVerdict(CheckReport contract, InputReports reports, String quality) {
    static final String OK = "ok";
    static final String DEGRADED = "degraded";

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

    long rowsIn() {
        return reports.rows();
    }

    /** Why the run is degraded ({@code ""} when it is not). */
    String degradedReason() {
        return reports.drift().passed() ? "" : reports.drift().failureSummary();
    }

    /** The anomalies flagged against run history ({@code ""} when none). */
    String anomalies() {
        return reports.anomalies().passed() ? "" : reports.anomalies().failureSummary();
    }

    /** Every report, in the order the manifest lists them. */
    List<CheckReport> all() {
        List<CheckReport> all = new ArrayList<>(List.of(contract));
        all.addAll(reports.all());
        return all;
    }
}

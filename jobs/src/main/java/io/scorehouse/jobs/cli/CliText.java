package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.jobs.demo.DecisionsLedger;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.recon.PsiResult;
import io.scorehouse.recon.ReconOutcome;
import io.scorehouse.recon.ReconReport;
import io.scorehouse.scoring.train.TrainingJob;

/** What the CLI prints for a job's result; one text per result, whichever command (or the demo) printed it. */
final class CliText {
    private CliText() {}

    static String writtenTable(DemoData.WrittenTable table) {
        return String.format(
                "%-26s %,10d rows  %s..%s  delta v%d  %s",
                table.table(), table.rows(), table.from(), table.to(), table.deltaVersion(), table.location());
    }

    static String injected(DecisionsLedger.Injected i) {
        return String.format(
                "curated.decisions dt=%s: %,d decisions (%,d rows, delta v%d)%n"
                        + "injected: %d missing scores, %d surprise versions, %d duplicate finals, %d late inside the watermark,%n"
                        + "          %d late beyond it, %d outside the ±5 min window, %d citing an unknown request_id,%n"
                        + "          %d non-final rows; %,d counted decisions cite their score's request_id%s%n"
                        + "counts         %s",
                i.day(),
                i.decisions(),
                i.rows(),
                i.deltaVersion(),
                i.missingScores(),
                i.surpriseVersions(),
                i.duplicateFinals(),
                i.lateInWatermark(),
                i.lateBeyondWatermark(),
                i.outOfWindow(),
                i.unknownRequestIds(),
                i.nonFinalRows(),
                i.matchedByRequestId(),
                i.shiftedSegment().isEmpty() ? "" : "; segment '" + i.shiftedSegment() + "' shifted",
                i.countsFile());
    }

    static String trained(TrainingJob.TrainingResult result) {
        ModelVersion version = result.version();
        return String.format(
                "registered %s  stage %s  holdout AUC %.4f  logloss %.4f%nmodel digest   %s",
                version.ref(),
                version.stage(),
                result.metrics().get("auc"),
                result.metrics().get("logloss"),
                version.modelDigest());
    }

    static String recon(ReconOutcome outcome) {
        StringBuilder text = new StringBuilder("recon " + outcome.day() + " (" + outcome.runId() + ")"
                + (outcome.provisional() ? " — provisional: the watermark has not passed" : "") + "\n");
        for (ReconReport.ModelSummary m : outcome.models()) {
            text.append(String.format(
                    "  %-12s %,d decisions, coverage %s (%,d by request_id, %,d by window), %d missing scores,%n"
                            + "  %-12s %d unknown request_ids, %d surprise versions, %d duplicate finals,%n"
                            + "  %-12s %d out of window, %d late in watermark, %d late beyond; latency p95 %s s, p99 %s s; worst PSI %s%n",
                    m.modelName(),
                    m.decisions(),
                    m.coverage() == null ? "n/a" : String.format("%.2f%%", m.coverage() * 100),
                    m.matchedByRequestId(),
                    m.matchedByTimeWindow(),
                    m.noScore(),
                    "",
                    m.unknownRequestIds(),
                    m.surpriseVersions(),
                    m.duplicateFinals(),
                    "",
                    m.outOfWindow(),
                    m.lateInWatermark(),
                    m.lateBeyondWatermark(),
                    format(m.latencyP95()),
                    format(m.latencyP99()),
                    m.worstPsi() == null ? "n/a" : String.format("%.4f (%s)", m.worstPsi(), m.worstPsiSegment())));
        }
        for (PsiResult p : outcome.conservativeSegments()) {
            text.append(String.format(
                    "  CONSERVATIVE_MODE %s@%d %s=%s PSI %.4f (n=%d)%n",
                    p.modelName(), p.modelVersion(), p.dimension(), p.segment(), p.psi(), p.sampleSize()));
        }
        text.append("  report       ").append(outcome.reportDirectory().resolve("report.html"));
        return text.toString();
    }

    private static String format(Double seconds) {
        return seconds == null ? "n/a" : String.format("%.1f", seconds);
    }
}

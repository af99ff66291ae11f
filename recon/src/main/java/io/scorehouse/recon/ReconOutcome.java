package io.scorehouse.recon;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * What a reconciliation of one day produced: where its report is and the numbers people look at first.
 *
 * @param queryTime the SQL and writing its results (the recon tables): the part that grows with the decisions
 */
public record ReconOutcome(
        LocalDate day,
        String runId,
        Path reportDirectory,
        List<ReconReport.ModelSummary> models,
        List<PsiResult> conservativeSegments,
        boolean provisional,
        Duration queryTime) {
    public ReconOutcome {
        models = List.copyOf(models);
        conservativeSegments = List.copyOf(conservativeSegments);
    }
}

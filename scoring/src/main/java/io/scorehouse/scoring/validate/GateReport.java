package io.scorehouse.scoring.validate;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.release.EvidenceReport;
import java.nio.file.Path;

/** What a validation job concluded: PASS/FAIL, why, where the report is, and a one-line summary of what it measured. */
public record GateReport(ModelRef model, boolean passed, String reasons, Path file, String summary) {
    public String result() {
        return passed ? EvidenceReport.PASS : "FAIL";
    }
}

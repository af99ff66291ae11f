package io.scorehouse.jobs.cli;

import io.scorehouse.jobs.cli.ObservedJob.Lineage;
import io.scorehouse.jobs.cli.RunLineage.Dataset;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.recon.ReconOutcome;
import io.scorehouse.recon.ReconReportFile;
import io.scorehouse.recon.Reconciliation;
import io.scorehouse.recon.ReportFiles;
import io.scorehouse.scoring.train.TrainingJob.TrainingResult;
import io.scorehouse.scoring.validate.GateInput;
import io.scorehouse.scoring.validate.GateReport;
import io.scorehouse.scoring.validate.GateVerdict;
import io.scorehouse.scoring.validate.ShadowReportFile;
import io.scorehouse.scoring.validate.StagingReportFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished job read and wrote, in lineage terms, taken from its signed evidence: the recon
 * report, the registered version, the staging and shadow reports. Files are named relative to the
 * home; a report's version is the run that wrote it.
 */
final class JobLineage {
    private JobLineage() {}

    static String reconJob() {
        return "recon.daily";
    }

    static String trainJob(String model) {
        return "train." + model;
    }

    static String gateJob(String kind, String model) {
        return kind + "." + model;
    }

    /** Decisions at their Delta version and the governed view at the snapshot it read, from report.json. */
    static Lineage recon(ScorehouseCommand top, ReconOutcome outcome) {
        ReconReportFile report =
                EvidenceJson.read(outcome.reportDirectory().resolve(ReportFiles.JSON), ReconReportFile.class);
        ReconReportFile.Evidence evidence = report.evidence();
        List<Dataset> outputs = new ArrayList<>();
        String catalog = top.config().catalog().name();
        Reconciliation.tables().forEach(table -> outputs.add(new Dataset(catalog + "." + table, null)));
        outputs.add(new Dataset(homeRelative(top, outcome.reportDirectory()), report.reconRunId()));
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("reconRunId", report.reconRunId());
        facet.put("day", report.dt().toString());
        facet.put("policyDigest", evidence.policyDigest().value());
        facet.put("provisional", report.provisional());
        facet.put("guardrailsFired", report.guardrails().conservativeMode().size());
        return new Lineage(
                List.of(
                        Dataset.at(
                                evidence.decisions().table(),
                                evidence.decisions().deltaVersion()),
                        Dataset.at(evidence.scores().view(), evidence.scores().tableSnapshotId())),
                outputs,
                facet);
    }

    /** The training tables at the versions read, and the registered version with its digest. */
    static Lineage training(ScorehouseCommand top, TrainingResult trained) {
        List<Dataset> inputs = new ArrayList<>();
        trained.inputVersions().forEach((table, version) -> inputs.add(Dataset.at(table, version)));
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("model", trained.version().ref().toString());
        facet.put("modelDigest", trained.version().modelDigest());
        facet.put("trainingRunId", trained.version().trainingRunId());
        facet.put("securityDecision", trained.version().securityDecision());
        facet.put("metrics", trained.metrics());
        return new Lineage(
                inputs,
                List.of(new Dataset(
                        "registry/" + trained.version().ref().name(),
                        Integer.toString(trained.version().ref().version()))),
                facet);
    }

    /** A staging report's or shadow evaluation's input at its Delta version; the report (and shadow table) out. */
    static Lineage gate(ScorehouseCommand top, String kind, GateReport report) {
        GateVerdict verdict;
        GateInput input;
        List<Dataset> outputs = new ArrayList<>();
        if (kind.equals(ValidationCommands.SHADOW)) {
            ShadowReportFile shadow = EvidenceJson.read(report.file(), ShadowReportFile.class);
            verdict = shadow.verdict();
            input = shadow.input();
            outputs.add(new Dataset(shadow.shadowTable(), null));
        } else {
            StagingReportFile staging = EvidenceJson.read(report.file(), StagingReportFile.class);
            verdict = staging.verdict();
            input = staging.input();
        }
        outputs.add(new Dataset(homeRelative(top, report.file()), null));
        Map<String, Object> facet = new LinkedHashMap<>();
        facet.put("model", verdict.model());
        facet.put("result", verdict.result());
        facet.put("policyDigest", verdict.policyDigest().value());
        facet.put("rows", input.rows());
        return new Lineage(List.of(Dataset.at(input.dataset(), input.deltaVersion())), outputs, facet);
    }

    private static String homeRelative(ScorehouseCommand top, Path file) {
        Path home = top.config().home().toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(home) ? home.relativize(absolute).toString() : absolute.toString();
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.signing.InTotoStatement;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.recon.ReportFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verifies a finalized run, or a signed report, against what it claims.",
            "",
            "--run: the manifest's signature, that main holds the snapshot published under the run key, and",
            "that the table's rows for the job match the manifest's count.",
            "--report: the DSSE signature of a reconciliation report and the digest of each of its files.",
            "Any mismatch exits 5."
        })
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--run", required = true, paramLabel = "JOB_ID", description = "The job id of the run.")
        String jobId;

        @Option(
                names = "--report",
                required = true,
                paramLabel = "PATH",
                description = "A report directory or one of its files.")
        Path report;
    }

    @Override
    public Integer call() {
        if (target.report != null) {
            Path directory = Files.isDirectory(target.report)
                    ? target.report
                    : target.report.toAbsolutePath().getParent();
            if (directory == null || !Files.isRegularFile(directory.resolve(ReportFiles.SIGNATURE))) {
                throw new ParameterException(
                        spec.commandLine(), "--report: no " + ReportFiles.SIGNATURE + " in " + directory);
            }
            InTotoStatement statement = SignedFiles.verify(
                    TrustStore.fromConfig(top.config()),
                    directory,
                    ReportFiles.SIGNATURE,
                    "report " + directory.getFileName());
            spec.commandLine()
                    .getOut()
                    .println("verified " + directory + ": "
                            + statement.subject().size() + " files signed by a trusted key, digests match");
        } else {
            spec.commandLine().getOut().println(top.jobs("verify").verifier().verify(target.jobId));
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}

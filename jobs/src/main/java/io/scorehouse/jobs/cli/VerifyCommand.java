package io.scorehouse.jobs.cli;

import io.scorehouse.gates.signing.InTotoStatement;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.recon.ReportFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
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
            "Verifies a finalized run, signed reports or other signed evidence against what they claim.",
            "",
            "--run: the manifest's signature, that main holds the snapshot published under the run key, and "
                    + "that the table's rows for the job match the manifest's count.",
            "--report: the DSSE signature of a reconciliation report and the digest of each of its files.",
            "--evidence: the DSSE envelope (*.dsse.json) of any evidence directory - a run manifest, a release, "
                    + "a canary decision - and the digest of each file it signs (no table is read).",
            "--run, --report and --evidence repeat: one line per item, and the first mismatch exits 5 naming it."
        })
final class VerifyCommand implements Callable<Integer> {
    private static final String ENVELOPE_SUFFIX = ".dsse.json";

    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    static final class Target {
        @Option(
                names = "--run",
                required = true,
                paramLabel = "JOB_ID",
                description = "The job id of a run (repeatable: one Spark session for all).")
        List<String> jobIds;

        @Option(
                names = "--report",
                required = true,
                paramLabel = "PATH",
                description = "A report directory or one of its files (repeatable).")
        List<Path> reports;

        @Option(
                names = "--evidence",
                required = true,
                paramLabel = "DIR",
                description = "A directory holding one *.dsse.json envelope, or the envelope (repeatable).")
        List<Path> evidence;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (target.jobIds != null) {
            for (String jobId : target.jobIds) {
                out.println(top.jobs("verify").verifier().verify(jobId));
                out.flush();
            }
        } else {
            TrustStore trust = TrustStore.fromConfig(top.config());
            boolean reports = target.reports != null;
            for (Path path : reports ? target.reports : target.evidence) {
                Path directory = reports ? reportDirectory(path) : evidenceDirectory(path);
                String envelope = reports
                        ? ReportFiles.SIGNATURE
                        : Files.isRegularFile(path) ? path.getFileName().toString() : envelopeIn(directory);
                String what = (reports ? "report " : "evidence ") + directory.getFileName();
                InTotoStatement statement = SignedFiles.verify(trust, directory, envelope, what);
                out.println("verified " + directory + ": " + statement.subject().size()
                        + " files signed by a trusted key, digests match");
                out.flush();
            }
        }
        out.flush();
        return 0;
    }

    private Path reportDirectory(Path path) {
        Path directory = Files.isDirectory(path) ? path : path.toAbsolutePath().getParent();
        if (directory == null || !Files.isRegularFile(directory.resolve(ReportFiles.SIGNATURE))) {
            throw new ParameterException(
                    spec.commandLine(), "--report: no " + ReportFiles.SIGNATURE + " in " + directory);
        }
        return directory;
    }

    private Path evidenceDirectory(Path path) {
        if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(ENVELOPE_SUFFIX)) {
            return path.toAbsolutePath().getParent();
        }
        if (!Files.isDirectory(path)) {
            throw new ParameterException(spec.commandLine(), "--evidence: " + path + " is not a directory");
        }
        return path;
    }

    /** The one envelope of an evidence directory; more than one would leave it unclear what is verified. */
    private String envelopeIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            List<String> envelopes = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(ENVELOPE_SUFFIX))
                    .sorted()
                    .toList();
            if (envelopes.size() != 1) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--evidence: " + directory + " holds " + envelopes.size() + " *" + ENVELOPE_SUFFIX
                                + " envelopes, expected one");
            }
            return envelopes.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

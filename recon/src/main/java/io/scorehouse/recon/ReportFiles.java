package io.scorehouse.recon;

import static java.util.Objects.requireNonNull;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a day's report as {@code report.json}, {@code report.csv} and {@code report.html}, signed
 * together in {@code report.dsse.json} (DSSE over an in-toto statement, the project signer). The
 * files are written and signed in a fresh directory that then replaces the day's directory, so a
 * reader never finds a new report beside an old signature.
 */
public final class ReportFiles {
    public static final String JSON = "report.json";
    public static final String CSV = "report.csv";
    public static final String HTML = "report.html";
    public static final String SIGNATURE = "report.dsse.json";
    public static final String PREDICATE = "https://scorehouse.io/recon-report/v1";

    private final Path directory;
    private final Signer signer;

    public ReportFiles(Path directory, Signer signer) {
        this.directory =
                requireNonNull(directory, "directory is null").toAbsolutePath().normalize();
        this.signer = requireNonNull(signer, "signer is null");
    }

    public Path directory() {
        return directory;
    }

    public Path json() {
        return directory.resolve(JSON);
    }

    void write(ReconReport report, Instant generatedAt) {
        Path staging = directory.resolveSibling("." + directory.getFileName() + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging);
            EvidenceJson.write(staging.resolve(JSON), report.content(generatedAt));
            Files.writeString(staging.resolve(CSV), ReportCsv.of(report), StandardCharsets.UTF_8);
            Files.writeString(staging.resolve(HTML), html(report, generatedAt), StandardCharsets.UTF_8);
            SignedFiles.sign(
                    signer,
                    staging,
                    List.of(JSON, CSV, HTML),
                    SIGNATURE,
                    PREDICATE,
                    Map.of("dt", report.window().day().toString(), "recon_run_id", report.runId()));
            replace(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reconciliation report in " + directory, e);
        }
    }

    private void replace(Path staging) throws IOException {
        Path old = directory.resolveSibling("." + directory.getFileName() + "-old-" + UUID.randomUUID());
        if (Files.exists(directory)) {
            Files.move(directory, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, directory, StandardCopyOption.ATOMIC_MOVE);
        if (Files.exists(old)) {
            try (Stream<Path> files = Files.walk(old)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String html(ReconReport report, Instant generatedAt) throws IOException {
        try (Reader in = new InputStreamReader(
                requireNonNull(
                        ReportFiles.class.getResourceAsStream("/report/report.html.mustache"),
                        "report template missing"),
                StandardCharsets.UTF_8)) {
            Template template = Mustache.compiler().defaultValue("").compile(in);
            return template.execute(ReportView.of(report, generatedAt));
        }
    }
}

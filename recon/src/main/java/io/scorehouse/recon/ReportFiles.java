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
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes a day's report as {@code report.json}, {@code report.csv} and {@code report.html}, signed
 * together in {@code report.dsse.json} (DSSE over an in-toto statement, the project signer).
 * Reports are evidence, so they are never overwritten: each recon run writes and signs its own set
 * in a fresh directory, renamed into {@code <day>/runs/<generated-at>_<recon run id>/} once complete.
 * The day's directory then points at the newest through one symlink, {@code latest}, switched by an
 * atomic rename, and its {@code report.*} names are symlinks through it — so {@code verify --report
 * <day dir>} and the day's {@code report.html} always mean the latest whole set.
 */
public final class ReportFiles {
    public static final String JSON = "report.json";
    public static final String CSV = "report.csv";
    public static final String HTML = "report.html";
    public static final String SIGNATURE = "report.dsse.json";
    public static final String PREDICATE = "https://scorehouse.io/recon-report/v1";
    /** Every recon run's own signed set, under the day's directory. */
    public static final String RUNS = "runs";

    static final String LATEST = "latest";
    /** Fixed width, so run directories sort by time. */
    private static final java.time.format.DateTimeFormatter RUN_NAME = java.time.format.DateTimeFormatter.ofPattern(
                    "uuuu-MM-dd'T'HH-mm-ss.SSSSSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);

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
        Path runs = directory.resolve(RUNS);
        String name = RUN_NAME.format(generatedAt) + "_" + report.runId();
        Path staging = runs.resolve("." + name + "-" + UUID.randomUUID());
        try {
            Files.createDirectories(runs);
            keepLegacyReport(runs);
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
            Files.move(staging, runs.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            pointLatestAt(Path.of(RUNS, name));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reconciliation report in " + directory, e);
        }
    }

    /** Switches {@code latest} to {@code run} in one rename; the day's {@code report.*} links resolve through it. */
    private void pointLatestAt(Path run) throws IOException {
        Path link = directory.resolve("." + LATEST + "-" + UUID.randomUUID());
        Files.createSymbolicLink(link, run);
        Files.move(
                link, directory.resolve(LATEST), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        for (String file : List.of(JSON, CSV, HTML, SIGNATURE)) {
            if (!Files.exists(directory.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(directory.resolve(file), Path.of(LATEST, file));
            }
        }
    }

    /** A day written before reports were kept per run holds its files directly: they move, still signed, to runs/legacy. */
    private void keepLegacyReport(Path runs) throws IOException {
        Path signature = directory.resolve(SIGNATURE);
        if (!Files.exists(signature, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(signature)) {
            return;
        }
        Path legacy = Files.createDirectory(runs.resolve("legacy"));
        for (String file : List.of(JSON, CSV, HTML, SIGNATURE)) {
            if (Files.exists(directory.resolve(file), LinkOption.NOFOLLOW_LINKS)) {
                Files.move(directory.resolve(file), legacy.resolve(file), StandardCopyOption.ATOMIC_MOVE);
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

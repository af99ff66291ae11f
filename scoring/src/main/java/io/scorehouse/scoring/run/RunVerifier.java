package io.scorehouse.scoring.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a finalized run against what it claims: the manifest's signature, that {@code main}
 * holds the snapshot published under the run key, and that the table's rows for the job match
 * the manifest less what retention and erasure deleted from it since ({@code ops.deletion_log}).
 * A snapshot expired by a later retention or erasure is not a failure: the rows are still checked.
 * Any mismatch is an integrity failure (exit 5).
 */
public final class RunVerifier {
    private final SparkSession spark;
    private final String catalog;
    private final RunLedger ledger;
    private final ArtifactStore artifacts;
    private final TrustStore trust;

    public RunVerifier(
            SparkSession spark, String catalog, RunLedger ledger, ArtifactStore artifacts, TrustStore trust) {
        this.spark = requireNonNull(spark, "spark is null");
        this.catalog = requireNonNull(catalog, "catalog is null");
        this.ledger = requireNonNull(ledger, "ledger is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.trust = requireNonNull(trust, "trust is null");
    }

    /** Returns a one-line summary of what was verified; throws (exit 5) naming every problem. */
    public String verify(String jobId) {
        Check check = check(ledger.requireFinalized(jobId, "verify"));
        if (!check.problems().isEmpty()) {
            throw new IntegrityException("verify " + jobId, String.join("; ", check.problems()));
        }
        return check.summary();
    }

    /** Every problem of one finalized run (none: it holds), with a summary of what was checked. */
    public Check check(RunRecord record) {
        String jobId = record.key().jobId();
        Path runDir = artifacts.run(jobId);
        try {
            SignedFiles.verify(trust, runDir, RunFinalizer.MANIFEST_SIGNATURE, "manifest of " + jobId);
        } catch (IntegrityException | io.scorehouse.lakehouse.config.ConfigException | java.io.UncheckedIOException e) {
            return new Check(List.of("run " + jobId + ": " + e.getMessage()), "");
        }
        RunManifest manifest = EvidenceJson.read(runDir.resolve(RunManifest.FILE), RunManifest.class);
        List<String> problems = new ArrayList<>();
        String runKey = manifest.runKey();
        long snapshot = manifest.output().snapshotId();
        ScoredStore store = new ScoredStore(spark, catalog);
        Optional<Long> published = store.publication().publishedSnapshot(runKey);
        String snapshotState;
        if (published.isPresent() && published.get() == snapshot) {
            snapshotState = "snapshot " + snapshot + " on main carries run key " + runKey;
        } else if (published.isEmpty() && expired(store, manifest)) {
            snapshotState = "snapshot " + snapshot + " expired by a later retention or erasure";
        } else {
            problems.add(
                    "run " + jobId + ": main holds no snapshot " + snapshot + " published under run key " + runKey);
            snapshotState = "";
        }
        long deleted = store.rowsDeletedFromJob(jobId);
        long expected = manifest.rowsOut() - deleted;
        long actual = store.publishedByJob(record.key().date(), jobId).count();
        if (actual != expected) {
            problems.add("run " + jobId + ": table holds " + actual + " rows for the job, manifest says "
                    + manifest.rowsOut()
                    + (deleted > 0 ? " less " + deleted + " deleted since (ops.deletion_log)" : ""));
        }
        return new Check(
                problems,
                "verified " + jobId + ": manifest signature ok, " + snapshotState + ", " + actual + " rows match"
                        + (deleted > 0
                                ? " (" + manifest.rowsOut() + " published, " + deleted + " deleted since)"
                                : ""));
    }

    /** The run's snapshot is gone because snapshots were expired after it (every retained one is younger). */
    private static boolean expired(ScoredStore store, RunManifest manifest) {
        Optional<Instant> oldest = store.oldestSnapshotCommittedAt();
        return store.deletionsLogged() && oldest.isPresent() && oldest.get().isAfter(manifest.asOfOut());
    }

    /** The outcome of checking one run. */
    public record Check(List<String> problems, String summary) {}
}

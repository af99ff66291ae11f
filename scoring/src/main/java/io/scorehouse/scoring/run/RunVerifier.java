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
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Checks a finalized run against what it claims: the manifest's signature, that {@code main}
 * holds the snapshot published under the run key, and that the table's rows for the job match
 * the manifest. Any mismatch is an integrity failure (exit 5).
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

    /** Returns a one-line summary of what was verified. */
    public String verify(String jobId) {
        RunRecord record = ledger.requireFinalized(jobId, "verify");
        Path runDir = artifacts.run(jobId);
        SignedFiles.verify(trust, runDir, RunFinalizer.MANIFEST_SIGNATURE, "manifest of " + jobId);
        RunManifest manifest = EvidenceJson.read(runDir.resolve(RunManifest.FILE), RunManifest.class);
        String runKey = manifest.runKey();
        long snapshot = manifest.output().snapshotId();
        ScoredStore store = new ScoredStore(spark, catalog);
        Optional<Long> published = store.publication().publishedSnapshot(runKey);
        if (published.isEmpty() || published.get() != snapshot) {
            throw new IntegrityException(
                    "verify " + jobId, "main holds no snapshot " + snapshot + " published under run key " + runKey);
        }
        long expected = manifest.rowsOut();
        long actual = store.publishedByJob(record.key().date(), jobId).count();
        if (actual != expected) {
            throw new IntegrityException(
                    "verify " + jobId, "table holds " + actual + " rows for the job, manifest says " + expected);
        }
        return "verified " + jobId + ": manifest signature ok, snapshot " + snapshot + " on main carries run key "
                + runKey + ", " + actual + " rows match";
    }
}

package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.canary.CanaryDecisions;
import io.scorehouse.gates.signing.SignedEvidence;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import io.scorehouse.lakehouse.evidence.EvidenceStore;
import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.run.RunState;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import io.scorehouse.scoring.run.RunVerifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code store verify}: the periodic manifest ↔ snapshot reconciliation (Z6-2.6 §2.7) and the
 * evidence check. Every finalized run since a day holds (signed manifest, its snapshot or a logged
 * expiry, its rows less logged deletions); every snapshot that carries a run key belongs to a
 * finalized run (or one in flight); no staging branch outlives a run lease; every signed evidence
 * set (run manifests, registry and release artifacts, recon reports, erasure certificates) still
 * matches its signature; the control-plane audit chain is unbroken. The result is a signed sweep
 * report in the evidence store.
 */
public final class StoreSweep {
    static final String REPORT = "sweep.json";
    static final String SIGNATURE = "sweep.sig.json";
    static final String PREDICATE_TYPE = "https://scorehouse.io/store-sweep/v1";

    private final ScoredStore store;
    private final TableMaintenance tables;
    private final RunLedger runs;
    private final RunVerifier verifier;
    private final AuditChain audit;
    private final ArtifactStore artifacts;
    private final TrustStore trust;
    private final Signer signer;
    private final EvidenceStore evidence;
    private final Duration lease;
    private final Clock clock;

    public StoreSweep(
            ScoredStore store,
            TableMaintenance tables,
            RunLedger runs,
            RunVerifier verifier,
            AuditChain audit,
            ArtifactStore artifacts,
            TrustStore trust,
            Signer signer,
            EvidenceStore evidence,
            Duration lease,
            Clock clock) {
        this.store = requireNonNull(store, "store is null");
        this.tables = requireNonNull(tables, "tables is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.verifier = requireNonNull(verifier, "verifier is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.trust = requireNonNull(trust, "trust is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.lease = requireNonNull(lease, "lease is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Sweeps runs of days from {@code since} (all when empty); returns the report, published and signed. */
    public Report sweep(Optional<LocalDate> since) {
        List<String> problems = new ArrayList<>();
        List<RunRecord> finalized = runs.finalizedSince(since.orElse(LocalDate.MIN));
        for (RunRecord run : finalized) {
            problems.addAll(verifier.check(run).problems());
        }
        Map<Long, String> runKeys = store.snapshotsWithRunKey();
        List<String> inFlight = runs.inFlight();
        runKeys.forEach((snapshot, runKey) -> {
            Optional<RunRecord> run;
            try {
                run = runs.find(RunKey.parse(runKey));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                run = Optional.empty(); // not even a run key scorehouse writes
            }
            boolean ok = run.map(r -> r.state() == RunState.FINALIZED
                            || inFlight.contains(r.key().jobId()))
                    .orElse(false);
            if (!ok) {
                problems.add("snapshot " + snapshot + " carries run key " + runKey + ", which no finalized run has");
            }
        });
        Instant stale = clock.instant().minus(lease);
        for (String table : tables.tables()) {
            tables.branchesOlderThan(table, stale)
                    .forEach(branch -> problems.add("table " + table + ": staging branch " + branch
                            + " is older than a run lease (" + lease.toMinutes() + " min)"));
        }
        long evidenceSets = 0;
        for (Signed set : signedEvidence()) {
            evidenceSets++;
            try {
                SignedFiles.verify(trust, set.directory(), set.envelope(), set.what());
            } catch (RuntimeException e) {
                problems.add(e.getMessage());
            }
        }
        long auditEntries = 0;
        try {
            auditEntries = audit.verify();
        } catch (RuntimeException e) {
            problems.add("audit chain: " + e.getMessage());
        }
        Report report = new Report(
                clock.instant(),
                since.map(LocalDate::toString).orElse("all"),
                finalized.size(),
                runKeys.size(),
                evidenceSets,
                auditEntries,
                List.copyOf(problems),
                null);
        return publish(report);
    }

    private Report publish(Report report) {
        String name = "sweep/" + report.sweptAt().toString().replace(':', '-');
        return report.at(SignedEvidence.publish(
                evidence,
                signer,
                name,
                REPORT,
                report,
                SIGNATURE,
                PREDICATE_TYPE,
                Map.of("problems", report.problems().size())));
    }

    /** Every signed evidence set on disk: run manifests, registry versions, releases, recon reports, certificates. */
    private List<Signed> signedEvidence() {
        List<Signed> sets = new ArrayList<>();
        sets.addAll(find(artifacts.runs(), "manifest.dsse.json", "run manifest"));
        sets.addAll(find(artifacts.home().resolve("artifacts/registry"), "artifacts.dsse.json", "registry artifacts"));
        sets.addAll(find(artifacts.home().resolve("artifacts/releases"), "release.dsse.json", "release"));
        sets.addAll(find(artifacts.reconReports(), "report.dsse.json", "recon report"));
        sets.addAll(find(artifacts.evidence().resolve("erasure"), ErasureCertificate.SIGNATURE, "erasure certificate"));
        sets.addAll(find(artifacts.evidence().resolve("canary"), CanaryDecisions.SIGNATURE, "canary decision"));
        return sets;
    }

    private static List<Signed> find(Path root, String envelope, String kind) {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.getFileName().toString().equals(envelope))
                    .sorted()
                    .map(f -> new Signed(f.getParent(), envelope, kind + " " + root.relativize(f.getParent())))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private record Signed(Path directory, String envelope, String what) {}

    /**
     * What one sweep checked and found.
     *
     * @param file where the signed report was published (null until it is)
     */
    public record Report(
            Instant sweptAt,
            String since,
            long runsChecked,
            long runKeySnapshots,
            long evidenceSets,
            long auditEntries,
            List<String> problems,
            @com.fasterxml.jackson.annotation.JsonIgnore Path file) {
        Report at(Path published) {
            return new Report(
                    sweptAt, since, runsChecked, runKeySnapshots, evidenceSets, auditEntries, problems, published);
        }

        public String summary() {
            return "store verify: " + runsChecked + " finalized runs, " + runKeySnapshots + " run snapshots, "
                    + evidenceSets
                    + " signed evidence sets, " + auditEntries + " audit entries checked; " + problems.size()
                    + " problems; "
                    + "report " + file;
        }
    }
}

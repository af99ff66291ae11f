package io.scorehouse.scoring.store;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.signing.SignedEvidence;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.controlplane.DeletionSteps;
import io.scorehouse.lakehouse.controlplane.Erasures;
import io.scorehouse.lakehouse.controlplane.LastScores;
import io.scorehouse.lakehouse.controlplane.LegalHolds;
import io.scorehouse.lakehouse.evidence.EvidenceStore;
import io.scorehouse.lakehouse.run.CrashPoints;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.spark.DeltaMaintenance;
import io.scorehouse.lakehouse.spark.OpsRecords;
import io.scorehouse.lakehouse.spark.TableMaintenance;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Carries out one data-subject erasure (Z6-2.6 §2.8): refuses under a legal hold (exit 3) or while a
 * run is in flight; records the request and suppresses the key; deletes the entity from every
 * lakehouse table that holds entity keys (Iceberg tables, Delta ledgers) and from the hot store,
 * logging each deletion; rewrites the touched files, drops staging branches and expires every
 * older snapshot, vacuums every file a ledger's current version does not reference, so no file
 * any snapshot reaches still holds the key; proves that by reading them; then signs a certificate.
 * Each step is idempotent, so a re-run after a crash at any point completes the erasure, and a
 * re-run after completion is a no-op.
 */
public final class Erasure {
    static final String REASON = "erasure";
    private static final String STAGING_BRANCHES = "wap_";

    private final TableMaintenance tables;
    private final DeltaMaintenance ledgers;
    private final Deletions deletions;
    private final LastScores hotStore;
    private final Erasures erasures;
    private final LegalHolds holds;
    private final RunLedger runs;
    private final Signer signer;
    private final EvidenceStore evidence;
    private final String policyDigest;
    private final Duration orphanAge;
    private final Clock clock;
    private final String actor;

    public Erasure(
            TableMaintenance tables,
            DeltaMaintenance ledgers,
            OpsRecords ops,
            DeletionSteps steps,
            LastScores hotStore,
            Erasures erasures,
            LegalHolds holds,
            RunLedger runs,
            Signer signer,
            EvidenceStore evidence,
            String policyDigest,
            Duration orphanAge,
            Clock clock,
            String actor) {
        this.tables = requireNonNull(tables, "tables is null");
        this.ledgers = requireNonNull(ledgers, "ledgers is null");
        this.deletions = new Deletions(tables, ops, steps, policyDigest, clock, actor);
        this.hotStore = requireNonNull(hotStore, "hotStore is null");
        this.erasures = requireNonNull(erasures, "erasures is null");
        this.holds = requireNonNull(holds, "holds is null");
        this.runs = requireNonNull(runs, "runs is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.policyDigest = requireNonNull(policyDigest, "policyDigest is null");
        this.orphanAge = requireNonNull(orphanAge, "orphanAge is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.actor = requireNonNull(actor, "actor is null");
    }

    /** Erases the entity whose HMAC key is {@code entityKey}; returns the certificate's directory. */
    public Outcome erase(String requestId, String tenant, String entityKey, String reason) {
        KeyPredicate key = KeyPredicate.ofKey(tenant, entityKey);
        List<LegalHolds.Hold> held = holds.covering(tenant, key.keyDigest());
        if (!held.isEmpty()) {
            throw new ScorehouseException(
                    ExitCode.POLICY_REFUSED,
                    "erase " + requestId,
                    "under legal hold "
                            + held.stream().map(LegalHolds.Hold::holdId).collect(Collectors.joining(", "))
                            + "; nothing was erased");
        }
        Erasures.Request request = erasures.open(requestId, tenant, key.keyDigest(), reason, actor);
        if (request.certified()) {
            return new Outcome(Path.of(request.certificate().orElseThrow()), false, request);
        }
        List<String> inFlight = runs.inFlight();
        if (!inFlight.isEmpty()) {
            throw new ScorehouseException(
                    ExitCode.POLICY_REFUSED,
                    "erase " + requestId,
                    "run(s) " + String.join(", ", inFlight) + " in flight; the key is suppressed for later runs — "
                            + "re-run this erasure once they finish");
        }
        KeyPresence presence = new KeyPresence(tables, ledgers, hotStore);
        List<String> icebergTables = presence.keyedTables();
        List<String> deltaTables = presence.keyedLedgers();
        Progress.step(
                "erase {}: searching {} tables, {} ledgers and the hot store",
                requestId,
                icebergTables.size(),
                deltaTables.size());
        List<Removal> removed = new ArrayList<>();
        for (String table : icebergTables) {
            removed.add(deletions.delete(request.requestId(), table, key.sql(), REASON, request.requestId()));
        }
        for (String ledger : deltaTables) {
            removed.add(deleteFromLedger(ledger, key, request));
        }
        removed.add(deleteFromHotStore(entityKey, key, request));
        CrashPoints.reached("erase-after-delete");
        Map<String, Long> rewritten = new LinkedHashMap<>();
        Map<String, Long> expired = new LinkedHashMap<>();
        Map<String, Long> vacuumed = new LinkedHashMap<>();
        for (String ledger : deltaTables) {
            long before = ledgers.dataFiles(ledger).size();
            vacuumed.put(ledger, before - ledgers.purge(ledger));
        }
        for (String table : icebergTables) {
            tables.dropBranches(table, STAGING_BRANCHES);
            rewritten.put(table, tables.purgeDeletedRows(table, key.tenantFilter()));
            // Taken after the rewrite's own commits, so every snapshot but the current one goes.
            Instant now = clock.instant();
            expired.put(table, tables.expireSnapshots(table, now));
            tables.removeOrphanFiles(table, now.minus(orphanAge));
        }
        Instant now = clock.instant();
        CrashPoints.reached("erase-after-expire");
        KeyPresence.Search search = presence.search(key);
        if (!search.problems().isEmpty()) {
            throw new IntegrityException("erase " + requestId, String.join("; ", search.problems()));
        }
        List<String> searched = new ArrayList<>(search.byTable().keySet());
        ErasureCertificate certificate = new ErasureCertificate(
                requestId,
                tenant,
                key.keyDigest(),
                request.reason(),
                request.actor(),
                request.receivedAt(),
                now,
                policyDigest,
                searched,
                removed,
                expired,
                rewritten,
                vacuumed,
                new ErasureCertificate.Verification(search.filesRead(), 0));
        Path published = publish(certificate);
        CrashPoints.reached("erase-after-certificate");
        erasures.certify(
                requestId,
                published.toString(),
                actor,
                Map.of(
                        "tenant",
                        tenant,
                        "rows_removed",
                        certificate.rowsRemoved(),
                        "certificate",
                        published.toString()));
        return new Outcome(published, true, erasures.find(requestId).orElseThrow());
    }

    private Removal deleteFromLedger(String ledger, KeyPredicate key, Erasures.Request request) {
        return deletions.delete(
                request.requestId(),
                ledger,
                () -> DeletionSteps.Step.of(
                        request.requestId(),
                        ledger,
                        key.sql(),
                        ledgers.count(ledger, key.sql()),
                        Map.of(),
                        ledgers.version(ledger)),
                REASON,
                request.requestId(),
                step -> ledgers.delete(ledger, step.predicate()));
    }

    private Removal deleteFromHotStore(String entityKey, KeyPredicate key, Erasures.Request request) {
        return deletions.delete(
                request.requestId(),
                KeyPresence.HOT_STORE,
                () -> DeletionSteps.Step.of(
                        request.requestId(),
                        KeyPresence.HOT_STORE,
                        key.sql(),
                        hotStore.count(key.tenant(), entityKey),
                        Map.of(),
                        0),
                REASON,
                request.requestId(),
                step -> {
                    hotStore.erase(key.tenant(), entityKey);
                    return 0;
                });
    }

    /** Publishes the signed certificate; after a crash that already published it, the published one stands. */
    private Path publish(ErasureCertificate certificate) {
        String name = "erasure/" + certificate.requestId();
        if (evidence.find(name).isPresent()) {
            return evidence.find(name).orElseThrow().resolve(ErasureCertificate.FILE);
        }
        return SignedEvidence.publish(
                evidence,
                signer,
                name,
                ErasureCertificate.FILE,
                certificate,
                ErasureCertificate.SIGNATURE,
                ErasureCertificate.PREDICATE_TYPE,
                Map.of("request_id", certificate.requestId(), "key_digest", certificate.keyDigest()));
    }

    /**
     * What an erasure call did.
     *
     * @param performed false when the request had already been carried out (a no-op re-run)
     */
    public record Outcome(Path certificate, boolean performed, Erasures.Request request) {}
}

package io.scorehouse.scoring.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The signed record that one data-subject request was carried out: what was searched, what was
 * removed from where, which snapshots were expired (Iceberg) and which unreferenced files were
 * vacuumed (Delta), and the search that found the key nowhere
 * afterwards. The entity is named by key digest only, never by id or key.
 */
public record ErasureCertificate(
        String requestId,
        String tenant,
        String keyDigest,
        String reason,
        String actor,
        String receivedAt,
        Instant completedAt,
        String policyDigest,
        List<String> searched,
        List<Removal> removed,
        Map<String, Long> snapshotsExpired,
        Map<String, Long> filesRewritten,
        Map<String, Long> filesVacuumed,
        Verification verification) {
    public static final String FILE = "certificate.json";
    public static final String SIGNATURE = "certificate.sig.json";
    public static final String PREDICATE_TYPE = "https://scorehouse.io/erasure-certificate/v1";

    /** The search after the erasure: data files read (every snapshot) and rows still holding the key (0). */
    public record Verification(long filesRead, long rowsFound) {}

    public long rowsRemoved() {
        return removed.stream().mapToLong(Removal::rows).sum();
    }
}

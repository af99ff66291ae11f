package io.scorehouse.lakehouse.run;

/**
 * A run's row in the control plane. The pinned fields are set by the first attempt and never
 * change after, so every retry computes the same rows and idempotency keys.
 */
public record RunRecord(
        RunKey key,
        String pipeline,
        RunState state,
        int attempt,
        String leaseOwner,
        String leaseExpiresAt,
        String asOfOut,
        String modelName,
        Integer modelVersion,
        String modelDigest,
        Long inputVersion,
        String policyDigest,
        Long snapshotId,
        Long rowsOut,
        CanaryPin canary) {

    /** The challenger a canary run routes {@code percent} % of entities to (null on a run without a canary). */
    public record CanaryPin(int challengerVersion, String challengerDigest, int percent) {}

    public boolean pinned() {
        return asOfOut != null && modelDigest != null && inputVersion != null;
    }
}

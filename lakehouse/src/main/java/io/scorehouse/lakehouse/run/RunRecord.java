package io.scorehouse.lakehouse.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
        CanaryPin canary,
        ConfigPin config) {

    /** The challenger a canary run routes {@code percent} % of entities to (null on a run without a canary). */
    public record CanaryPin(int challengerVersion, String challengerDigest, int percent) {}

    /**
     * The configuration a run is (null fields on runs pinned before it was recorded).
     *
     * @param entityKeyId             the HMAC key's identity ({@code hk-…}), never the key
     * @param pipelineDigest          the pipeline definition file
     * @param contractDigest          the dataset contract file
     * @param modelDefinitionDigest   the model definition file, or {@code none} when the model has none
     * @param reasonsDigest           the reason-code mapping the pipeline names, or {@code none}; null when the
     *                                run was pinned before mappings were (then it is not compared)
     */
    public record ConfigPin(
            String entityKeyId,
            String pipelineDigest,
            String contractDigest,
            String modelDefinitionDigest,
            String reasonsDigest) {

        /** What differs from {@code other}, by name ("pipeline definition", …); empty when nothing does. */
        public List<String> changedFrom(ConfigPin other) {
            List<String> changed = new ArrayList<>();
            if (!Objects.equals(entityKeyId, other.entityKeyId)) {
                changed.add("HMAC key");
            }
            if (!Objects.equals(pipelineDigest, other.pipelineDigest)) {
                changed.add("pipeline definition");
            }
            if (!Objects.equals(contractDigest, other.contractDigest)) {
                changed.add("dataset contract");
            }
            if (!Objects.equals(modelDefinitionDigest, other.modelDefinitionDigest)) {
                changed.add("model definition");
            }
            if (reasonsDigest != null && other.reasonsDigest != null && !reasonsDigest.equals(other.reasonsDigest)) {
                changed.add("reason-code mapping");
            }
            return changed;
        }
    }

    public boolean pinned() {
        return asOfOut != null && modelDigest != null && inputVersion != null;
    }
}

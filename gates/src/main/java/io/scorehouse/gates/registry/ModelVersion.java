package io.scorehouse.gates.registry;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A registered model version as the registry records it. The digests are what the artifacts
 * on disk must hash to whenever the version is loaded; {@code boundPolicyDigest} is the policy
 * bundle its promotion bound (null until promoted through the gate).
 */
public record ModelVersion(
        ModelRef ref,
        Stage stage,
        String modelDigest,
        String baselineDigest,
        String sbomDigest,
        String attestationDigest,
        Path artifactDir,
        String trainingRunId,
        String trainingDataset,
        long trainingDatasetVersion,
        Map<String, Double> metrics,
        Map<String, Object> params,
        List<String> features,
        String securityDecision,
        String endOfSupport,
        String endOfLife,
        Map<String, String> tags,
        String registeredAt,
        String registeredBy,
        String boundPolicyDigest) {

    public ModelVersion {
        metrics = Map.copyOf(metrics);
        params = Map.copyOf(params);
        features = List.copyOf(features);
        tags = Map.copyOf(tags);
    }

    /** Whether a promotion bound a policy bundle digest to this version (null digest: not bound). */
    public boolean policyBound() {
        return boundPolicyDigest != null;
    }

    public boolean revoked() {
        return stage == Stage.REVOKED;
    }
}

package io.scorehouse.lakehouse.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import java.time.Instant;

/**
 * What a run's first attempt pins so every retry computes the same rows and idempotency keys: the
 * output time, the model version and digest, the input version, the policy bundle and the canary
 * allocation ({@code canary} null on a run without one), and the configuration it ran under.
 */
public record RunPins(
        Instant asOfOut,
        String modelName,
        int modelVersion,
        ModelDigest modelDigest,
        long inputVersion,
        PolicyDigest policyDigest,
        RunRecord.CanaryPin canary,
        RunRecord.ConfigPin config) {
    public RunPins {
        requireNonNull(asOfOut, "asOfOut is null");
        requireNonNull(modelName, "modelName is null");
        requireNonNull(modelDigest, "modelDigest is null");
        requireNonNull(policyDigest, "policyDigest is null");
        requireNonNull(config, "config is null");
    }
}

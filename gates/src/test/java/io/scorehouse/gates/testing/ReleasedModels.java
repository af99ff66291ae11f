package io.scorehouse.gates.testing;

import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;

/**
 * Reaches Approved the only way the registry allows outside a rollback: the promotion gate's last
 * step, binding {@code policyDigest} — for tests whose subject is not the gate's evidence (staging
 * report, shadow, canary), which the release tests cover.
 */
public final class ReleasedModels {
    private ReleasedModels() {}

    /** Staging → Approved, bound to {@code policyDigest} (the digest of the bundle the test's runs load). */
    public static ModelVersion release(ModelRegistry registry, ModelRef ref, String policyDigest, String reason) {
        return registry.approveRelease(ref, policyDigest, "release-fixture", reason);
    }
}

package io.scorehouse.gates.admission;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.policy.PolicyRefusedException;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.run.RunRecord;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which model version a run scores with, and that it may: the version pinned by the
 * first attempt (or the pipeline's pin), artifacts re-verified against the registry and the
 * trust store, then {@code batch.model} (Approved, not revoked, digest equals the pin, before
 * end of life, loaded policy bundle equals the one the release bound). Refusals exit 3;
 * integrity failures exit 5.
 */
public final class ModelGate {
    private final ModelRegistry registry;
    private final PolicyBundle policies;

    public ModelGate(ModelRegistry registry, PolicyBundle policies) {
        this.registry = requireNonNull(registry, "registry is null");
        this.policies = requireNonNull(policies, "policies is null");
    }

    /** The version to use: what an earlier attempt pinned, else the pipeline's pin. */
    public ModelRef resolve(PipelineDefinition pipeline, RunRecord record) {
        if (record.modelName() != null && record.modelVersion() != null) {
            return new ModelRef(record.modelName(), record.modelVersion());
        }
        PipelineDefinition.ModelPin pin = pipeline.model();
        if (pin.byDigest()) {
            return registry.list(pin.name()).stream()
                    .filter(v -> v.modelDigest().equals(pin.pin()))
                    .map(ModelVersion::ref)
                    .findFirst()
                    .orElseThrow(() -> new ScorehouseException(
                            ExitCode.POLICY_REFUSED,
                            "score",
                            "refused by batch.model — no version of model " + pin.name() + " has digest " + pin.pin()));
        }
        if (!pin.followsApproved()) {
            return new ModelRef(pin.name(), Integer.parseInt(pin.pin()));
        }
        return registry.currentApproved(pin.name())
                .map(ModelVersion::ref)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "score",
                        "refused by batch.model — no Approved version of model " + pin.name()));
    }

    /**
     * Verifies artifacts, then applies batch.model; {@code expectedDigest} is the run's pin (or null
     * on a first attempt); {@code canaryPercent} the share a challenger is routed (0 for a champion).
     */
    public VerifiedModel admit(ModelRef ref, String expectedDigest, LocalDate businessDate, int canaryPercent) {
        VerifiedModel verified = registry.verify(ref);
        ModelVersion version = verified.version();
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("name", ref.name());
        model.put("version", ref.version());
        model.put("stage", version.stage().label());
        model.put("revoked", version.revoked());
        model.put("digest", version.modelDigest());
        model.put("eol", version.endOfLife() == null ? "" : version.endOfLife());
        Decision decision = policies.decide(
                DecisionPoint.BATCH_MODEL,
                Map.of(
                        "model",
                        model,
                        "expected_digest",
                        expectedDigest == null ? version.modelDigest() : expectedDigest,
                        "today",
                        businessDate.toString(),
                        "bound_policy_digest",
                        version.policyBound() ? version.boundPolicyDigest() : "",
                        "policy_digest",
                        policies.digest(),
                        "canary_percent",
                        canaryPercent));
        if (!decision.allowed()) {
            if (decision.failedRules().equals(List.of("digest_matches_pin"))) {
                throw new ScorehouseException(
                        ExitCode.INTEGRITY,
                        "model " + ref,
                        "digest " + version.modelDigest() + " differs from the digest pinned for this run "
                                + expectedDigest);
            }
            throw new PolicyRefusedException("model " + ref, decision);
        }
        return verified;
    }
}

package io.scorehouse.gates.registry;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryDecisions;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TestKeys;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.evidence.LocalEvidenceStore;
import io.scorehouse.lakehouse.testing.FakeClock;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A registry in a fresh home for tests of the gates: SQLite control plane, dev signing key and
 * trust store, the project's policy bundle, and a clock that moves one second per reading (so
 * approvals and decisions have a strict order).
 */
public final class RegistryHome {
    public static final String TRAINING_POLICY = "sha256:" + "ab".repeat(32);

    public final Path home;
    public final ControlPlane controlPlane;
    public final ArtifactStore artifacts;
    public final TrustStore trust;
    public final Signer signer;
    public final Clock clock = FakeClock.stepping(Instant.parse("2026-11-20T00:00:00Z"), Duration.ofSeconds(1));
    public final ModelRegistry registry;
    public final PolicyBundle policies = PolicyBundle.fromConf(TestLakehouse.confDir());
    public final Path staged;

    public RegistryHome(Path home) {
        try {
            this.home = home;
            controlPlane =
                    new ControlPlane(new CatalogSettings("lake", "jdbc:sqlite:" + home.resolve("control.db"), "", ""));
            controlPlane.migrate();
            Path trustDir = home.resolve("secrets/trust");
            TestKeys.devKey(home.resolve("secrets/signing.key"), trustDir);
            signer = Signer.load(home.resolve("secrets/signing.key"));
            trust = TrustStore.load(trustDir);
            artifacts = new ArtifactStore(home);
            registry = new ModelRegistry(controlPlane, artifacts, trust, clock);
            staged = Files.createDirectories(home.resolve("staged"));
            Files.write(staged.resolve(ModelRegistry.MODEL_FILE), new byte[] {10, 20, 30, 40});
            Files.writeString(staged.resolve(ModelRegistry.METADATA_FILE), "{\"features\":[\"a\",\"b\"]}");
            Files.writeString(staged.resolve(ModelRegistry.BASELINE_FILE), "{\"score_bins\":[]}");
            Files.writeString(staged.resolve(ModelRegistry.SBOM_FILE), "{\"bomFormat\":\"CycloneDX\"}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The signed canary decision records of this home (its evidence store, its dev key). */
    public CanaryDecisions canaryDecisions() {
        return new CanaryDecisions(new LocalEvidenceStore(artifacts.evidence()), signer, trust);
    }

    /** A canary over this home's registry, policies and artifacts. */
    public Canary canary(CanaryRollouts rollouts) {
        return new Canary(registry, rollouts, policies, artifacts, canaryDecisions());
    }

    /** Registers the next version of {@code churn} (lands in Staging). */
    public ModelVersion register() {
        return register(Map.of("auc", 0.81, "logloss", 0.45));
    }

    public ModelVersion register(Map<String, Double> metrics) {
        return registry.register(
                new Registration(
                        "churn",
                        staged,
                        "train-run-1",
                        "curated.customer_features",
                        3,
                        metrics,
                        Map.of("max_depth", 4),
                        List.of("a", "b"),
                        "PASS",
                        Map.of("owner", "risk-ml"),
                        "trainer",
                        TRAINING_POLICY,
                        "Churn propensity (test fixture).",
                        new ModelCard.Purpose("retention outreach", "credit decisions", "14 days of data", "risk-ml"),
                        Map.of("curated.customer_features", 3L)),
                signer);
    }
}

package io.scorehouse.gates.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.gates.signing.DsseEnvelope;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.testing.ReleasedModels;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelRegistryTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @TempDir
    Path home;

    private ControlPlane controlPlane;
    private ModelRegistry registry;
    private Signer signer;
    private Path staged;
    private RegistryHome fresh;

    @BeforeEach
    void registryInAFreshHome() {
        RegistryHome fresh = new RegistryHome(home);
        controlPlane = fresh.controlPlane;
        registry = fresh.registry;
        signer = fresh.signer;
        staged = fresh.staged;
        this.fresh = fresh;
    }

    @Test
    void registrationCopiesSignsAndRecordsAStagingVersion() {
        ModelVersion v1 = register();

        assertThat(v1.ref()).isEqualTo(new ModelRef("churn", 1));
        assertThat(v1.stage()).isEqualTo(Stage.STAGING);
        assertThat(v1.modelDigest()).matches("sha256:[0-9a-f]{64}");
        assertThat(v1.artifactDir()).isEqualTo(home.resolve("artifacts/registry/churn/1"));
        assertThat(v1.metrics()).containsEntry("auc", 0.81);
        assertThat(v1.features()).containsExactly("a", "b");
        assertThat(Files.exists(v1.artifactDir().resolve(ModelRegistry.ARTIFACTS_SIGNATURE)))
                .isTrue();
        assertThat(register().ref().version()).isEqualTo(2);

        VerifiedModel verified = registry.verify(v1.ref());
        assertThat(verified.modelFile()).hasBinaryContent(new byte[] {10, 20, 30, 40});
        assertThat(verified.provenance()).containsKey("buildDefinition");

        assertThat(registry.transitions(v1.ref()))
                .extracting(Transition::from, Transition::to)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(null, Stage.CANDIDATE),
                        org.assertj.core.groups.Tuple.tuple(Stage.CANDIDATE, Stage.STAGING));
    }

    @Test
    void oneFlippedByteInTheModelFailsEveryLoad() throws IOException {
        ModelVersion v1 = register();
        Path model = v1.artifactDir().resolve(ModelRegistry.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[0] ^= 0x01;
        Files.write(model, bytes);

        assertThatThrownBy(() -> registry.verify(v1.ref())).isInstanceOfSatisfying(IntegrityException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.INTEGRITY);
            assertThat(e.getMessage()).contains("model churn@1", "model.ubj changed since it was signed");
        });
    }

    @Test
    void artifactsReSignedByAnUntrustedKeyAreRefused() throws IOException {
        ModelVersion v1 = register();
        Path otherKey = home.resolve("intruder/signing.key");
        io.scorehouse.gates.signing.TestKeys.devKey(otherKey, home.resolve("intruder/trust"));
        io.scorehouse.gates.signing.SignedFiles.sign(
                Signer.load(otherKey),
                v1.artifactDir(),
                ModelRegistry.SIGNED_FILES,
                ModelRegistry.ARTIFACTS_SIGNATURE,
                ModelRegistry.ARTIFACTS_PREDICATE,
                Map.of());

        assertThatThrownBy(() -> registry.verify(v1.ref()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("signed by an untrusted key");
    }

    @Test
    void swappedAttestationIsRefused() throws IOException {
        ModelVersion v1 = register();
        ModelVersion v2 = register();
        Files.copy(
                v2.artifactDir().resolve(ModelRegistry.ATTESTATION),
                v1.artifactDir().resolve(ModelRegistry.ATTESTATION),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // Same model bytes, so the attestation's subject matches — but it is not the one registered.
        assertThatThrownBy(() -> registry.verify(v1.ref()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("attestation differs from the one registered");
        assertThat(DsseEnvelope.read(v2.artifactDir().resolve(ModelRegistry.ATTESTATION))
                        .signatures())
                .hasSize(1);
    }

    @Test
    void illegalTransitionsAreRefusedAndLeaveNoTrace() {
        ModelRef ref = register().ref();
        registry.transition(ref, Stage.CANDIDATE, "alice", "back to candidate", DIGEST);

        assertRefused(
                () -> registry.transition(ref, Stage.APPROVED, "alice", "skip staging", DIGEST),
                "churn@1 cannot move from Candidate to Approved (allowed: Staging, Retired)");
        registry.transition(ref, Stage.STAGING, "alice", "retry staging", DIGEST);
        registry.transition(ref, Stage.REVOKED, "security", "CVE", DIGEST);
        assertRefused(
                () -> registry.transition(ref, Stage.APPROVED, "alice", "undo", DIGEST),
                "churn@1 cannot move from Revoked to Approved (Revoked is final)");
        assertThat(registry.get(ref).stage()).isEqualTo(Stage.REVOKED);
        assertThat(registry.transitions(ref)).hasSize(5);
    }

    @Test
    void approvedIsReachedOnlyThroughTheReleasePath() {
        ModelRef ref = register().ref();
        assertRefused(
                () -> registry.transition(ref, Stage.APPROVED, "alice", "direct", DIGEST),
                "churn@1: Approved is reached only through 'promote' (the registry.promote gate) or 'rollback'");
        assertRefused(
                () -> registry.reinstate(ref, "alice", "rollback", DIGEST),
                "churn@1 is Staging, never released; only a released, Deprecated version is reinstated");
        assertThat(registry.get(ref).stage()).isEqualTo(Stage.STAGING);

        ModelRef released = register().ref();
        ModelVersion approved = registry.approveRelease(released, DIGEST, "alice", "promoted");
        assertThat(approved.stage()).isEqualTo(Stage.APPROVED);
        assertThat(approved.boundPolicyDigest()).isEqualTo(DIGEST);
    }

    @Test
    void everyAllowedTransitionLeavesARowWithActorAndPolicyDigestAndAnAuditEntry() {
        ModelRef ref = register().ref();
        registry.approveRelease(ref, DIGEST, "alice", "promoted");
        registry.transition(ref, Stage.DEPRECATED, "bob", "end of support", DIGEST);
        registry.reinstate(ref, "carol", "rollback", DIGEST);
        registry.transition(ref, Stage.RETIRED, "dave", "end of life", DIGEST);

        List<Transition> transitions = registry.transitions(ref);
        assertThat(transitions)
                .extracting(Transition::actor)
                .containsExactly("trainer", "trainer", "alice", "bob", "carol", "dave");
        assertThat(transitions).allSatisfy(t -> assertThat(t.policyDigest()).matches("sha256:[0-9a-f]{64}"));
        assertThat(transitions.get(3).reason()).isEqualTo("end of support");
        // six transitions and the release's policy binding
        assertThat(registry.audit().verify()).isEqualTo(7);
        assertThat(registry.audit().tail(1).get(0).details())
                .contains("\"to\":\"Retired\"", "\"reason\":\"end of life\"");
    }

    @Test
    void currentAndPreviousApprovedFollowApprovalOrder() {
        ModelRef v1 = register().ref();
        ModelRef v2 = register().ref();
        assertThat(registry.currentApproved("churn")).isEmpty();
        ReleasedModels.release(registry, v1, DIGEST, "first");
        ReleasedModels.release(registry, v2, DIGEST, "second");
        assertThat(registry.currentApproved("churn")).map(ModelVersion::ref).contains(v2);
        assertThat(registry.previousApproved("churn")).map(ModelVersion::ref).contains(v1);

        registry.transition(v2, Stage.REVOKED, "security", "bad", DIGEST);
        assertThat(registry.currentApproved("churn")).map(ModelVersion::ref).contains(v1);
        assertThat(registry.previousApproved("churn")).isEmpty();
    }

    @Test
    void tamperedAuditChainIsDetected() throws Exception {
        ModelRef ref = register().ref();
        registry.approveRelease(ref, DIGEST, "alice", "promoted");
        try (Connection connection = controlPlane.connect();
                Statement statement = connection.createStatement()) {
            statement.executeUpdate("UPDATE audit_chain SET actor = 'mallory' WHERE seq = 2");
        }
        assertThatThrownBy(() -> registry.audit().verify())
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("entry 2 does not match the chain");
    }

    @Test
    void lifecycleDatesAreRecorded() {
        ModelRef ref = register().ref();
        ModelVersion updated = registry.setLifecycleDates(ref, "2027-05-01", "2027-11-01", "alice", "release plan");
        assertThat(updated.endOfSupport()).isEqualTo("2027-05-01");
        assertThat(updated.endOfLife()).isEqualTo("2027-11-01");
    }

    @Test
    void unknownVersionsAndBadRefsAreUsageErrors() {
        assertThatThrownBy(() -> registry.get(new ModelRef("churn", 9)))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("unknown model version churn@9");
        assertThatThrownBy(() -> ModelRef.parse("churn")).hasMessageContaining("'churn' is not NAME@VERSION");
        assertThatThrownBy(() -> ModelRef.parse("Churn@1")).hasMessageContaining("not a model name");
        assertThatThrownBy(() -> Stage.parse("Live")).hasMessageContaining("'Live' is not a stage");
    }

    @Test
    void registrationNeedsEveryArtifact() throws IOException {
        Files.delete(staged.resolve(ModelRegistry.SBOM_FILE));
        assertThatThrownBy(this::register).hasMessageContaining("sbom.cdx.json is missing");
        assertThat(registry.list("churn")).isEmpty();
    }

    private ModelVersion register() {
        return fresh.register();
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.POLICY_REFUSED);
            assertThat(e.getMessage()).isEqualTo("registry — " + message);
        });
    }
}

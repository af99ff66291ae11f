package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.gates.registry.ModelCard;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.Registration;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TestKeys;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.config.StoreSettings;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The registry commands, in a home of their own, with a Spark factory that fails if ever called. */
class RegistryCliTest {
    private ScorehouseConfig config;
    private ModelRef churn1;

    @BeforeEach
    void homeWithOneRegisteredVersion() throws IOException {
        config = new ConfigLoader(TestLakehouse.environmentFor(TestLakehouse.newHome())).load(TestLakehouse.confDir());
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        controlPlane.migrate();
        ModelRegistry registry = new ModelRegistry(
                controlPlane, ArtifactStore.of(config), TrustStore.fromConfig(config), Clock.systemUTC());
        Path staged = Files.createDirectories(config.home().resolve("staged"));
        Files.write(staged.resolve(ModelRegistry.MODEL_FILE), new byte[] {1, 2, 3, 4, 5, 6});
        Files.writeString(staged.resolve(ModelRegistry.METADATA_FILE), "{}");
        Files.writeString(staged.resolve(ModelRegistry.BASELINE_FILE), "{}");
        Files.writeString(staged.resolve(ModelRegistry.SBOM_FILE), "{}");
        churn1 = registry.register(
                        new Registration(
                                "churn",
                                staged,
                                "run-1",
                                "curated.customer_features",
                                0,
                                Map.of("auc", 0.8123, "logloss", 0.41),
                                Map.of("max_depth", 4),
                                List.of("amount_30d"),
                                "PASS",
                                Map.of(),
                                "trainer",
                                "sha256:" + "1".repeat(64),
                                "Churn propensity (test fixture).",
                                new ModelCard.Purpose(
                                        "retention outreach", "credit decisions", "14 days of data", "risk-ml"),
                                Map.of("curated.customer_features", 0L)),
                        Signer.fromConfig(config))
                .ref();
    }

    @Test
    void listAndShowWorkWithoutSpark() {
        CliRunner.Result list = run("registry", "list");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.out()).contains("churn@1 | Staging", "0.8123", "PASS");

        CliRunner.Result show = run("registry", "show", "churn@1");
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out())
                .contains(
                        "churn@1  Staging",
                        "signature          verified",
                        "AUC 0.8123",
                        "Candidate  -> Staging",
                        "policy bound       - (not released");
    }

    @Test
    void approvalGoesOnlyThroughThePromotionGateWhichNamesEveryFailedRule() throws IOException {
        CliRunner.Result bypass = run("registry", "transition", "churn@1", "--to", "Approved", "--reason", "demo");
        assertThat(bypass.code()).isEqualTo(3);
        assertThat(bypass.err()).contains("Approved is reached only through 'promote'");

        CliRunner.Result refused = run("promote", "churn@1");
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err().lines().findFirst().orElseThrow())
                .startsWith("scorehouse: promote churn@1 — refused by registry.promote — ")
                .contains("staging_pass: ", "shadow_pass: ", "canary_proceed_full: ");
        assertThat(refused.out())
                .contains(
                        "FAILED staging_pass",
                        "FAILED shadow_pass",
                        "FAILED canary_proceed_full",
                        "note: no staging report for churn@1");

        Path release = ArtifactStore.of(config).release("churn", 1);
        Files.createDirectories(release);
        String digest = io.scorehouse.gates.policy.PolicyBundle.fromConf(config.confDir())
                .digest();
        for (String report : List.of("staging_report.json", "shadow_eval.json")) {
            Files.writeString(
                    release.resolve(report),
                    "{\"model\":\"churn@1\",\"result\":\"PASS\",\"reasons\":[]," + "\"policy_digest\":\"" + digest
                            + "\"}");
        }
        CliRunner.Result plan = run("--actor", "alice", "canary", "plan", "churn@1");
        assertThat(plan.code()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("churn@1  COMPLETED  challenger share 0 %", "champion none");

        CliRunner.Result promote = run("--actor", "alice", "promote", "churn@1");
        assertThat(promote.code()).as(promote.err()).isZero();
        assertThat(promote.out())
                .contains("-> allowed", "churn@1: Staging -> Approved (by alice), policy " + digest + " bound");
        assertThat(release.resolve("policy_snapshot.sha256")).hasContent(digest);
        assertThat(run("registry", "show", "churn@1").out())
                .contains("-> Approved   by alice: promoted through registry.promote", "policy bound       " + digest);
        assertThat(run("release", "show", "churn@1").out())
                .contains("release_manifest.json", "policy_snapshot/", "\"promoted_by\" : \"alice\"");
        assertThat(run("release", "due", "--within-days", "100").out())
                .contains("revalidation")
                .contains("churn@1");
        assertThat(run("release", "due", "--within-days", "-1").code()).isEqualTo(2);

        CliRunner.Result back = run("registry", "transition", "churn@1", "--to", "Candidate", "--reason", "oops");
        assertThat(back.code()).isEqualTo(3);
        assertThat(back.err().lines().toList())
                .containsExactly(
                        "scorehouse: registry — churn@1 cannot move from Approved to Candidate (allowed: Deprecated, Revoked, Retired)");
        CliRunner.Result rollback = run("rollback", "churn", "--reason", "bad");
        assertThat(rollback.code()).isEqualTo(3);
        assertThat(rollback.err()).contains("no earlier release of churn to roll back to (churn@1 is the first)");

        // The transition is recorded first; then the revocation must reach consumers, which takes Spark.
        List<String> sparkFor = new java.util.ArrayList<>();
        CliRunner.Result revoke = run(sparkFor, "--actor", "sec", "revoke", "churn@1", "--reason", "CVE");
        assertThat(revoke.out()).contains("churn@1: Approved -> Revoked (by sec)");
        assertThat(sparkFor).containsExactly("sync-revocations");
        assertThat(revoke.err()).contains("scorehouse: spark — not in this test");
        CliRunner.Result again = run("registry", "transition", "churn@1", "--to", "Deprecated", "--reason", "undo");
        assertThat(again.code()).isEqualTo(3);
        assertThat(again.err()).contains("Revoked is final");
    }

    @Test
    void aFlippedByteInTheModelIsAnIntegrityFailure() throws IOException {
        Path model = ArtifactStore.of(config).registryVersion("churn", 1).resolve(ModelRegistry.MODEL_FILE);
        byte[] bytes = Files.readAllBytes(model);
        bytes[3] ^= 0x01;
        Files.write(model, bytes);

        CliRunner.Result show = run("registry", "show", "churn@1");
        assertThat(show.code()).isEqualTo(5);
        assertThat(show.err().lines().toList())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("scorehouse: model churn@1 — model.ubj changed since it was signed");
    }

    @Test
    void artifactsSignedOutsideTheTrustStoreAreRefused() {
        Path intruderKey = config.home().resolve("intruder/signing.key");
        TestKeys.devKey(intruderKey, config.home().resolve("intruder/trust"));
        SignedFiles.sign(
                Signer.load(intruderKey),
                ArtifactStore.of(config).registryVersion("churn", 1),
                ModelRegistry.SIGNED_FILES,
                ModelRegistry.ARTIFACTS_SIGNATURE,
                "https://scorehouse.io/model-artifacts/v1",
                Map.of());

        CliRunner.Result show = run("registry", "show", "churn@1");
        assertThat(show.code()).isEqualTo(5);
        assertThat(show.err()).contains("signed by an untrusted key");
    }

    @Test
    void aNodeWithAnEmptyHomeReadsTheEvidenceAnotherNodePushedToTheReplica() throws IOException {
        Path replica = config.home().resolveSibling(config.home().getFileName() + "-replica");
        config = config.withStore(new StoreSettings(Map.of(), 7, replica.toUri().toString()));
        CliRunner.Result first = run("registry", "show", "churn@1");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(replica.resolve("artifacts/registry/churn/1").resolve(ModelRegistry.MODEL_FILE))
                .exists();

        Path otherHome = config.home().resolveSibling(config.home().getFileName() + "-other-node");
        config = new ScorehouseConfig(
                config.profile(),
                config.confDir(),
                otherHome,
                config.catalog(),
                config.warehouse(),
                config.secrets(),
                config.identity(),
                config.spark(),
                config.api(),
                config.store(),
                config.metrics());
        CliRunner.Result onOtherNode = run("registry", "show", "churn@1");
        assertThat(onOtherNode.code()).as(onOtherNode.err()).isZero();
        assertThat(onOtherNode.out()).contains("signature          verified");
        assertThat(otherHome.resolve("artifacts/registry/churn/1").resolve(ModelRegistry.MODEL_FILE))
                .hasSameBinaryContentAs(replica.resolve("artifacts/registry/churn/1/" + ModelRegistry.MODEL_FILE));
    }

    @Test
    void aCommandWhoseEvidenceCannotReachTheReplicaFails() throws IOException {
        Path notADirectory =
                Files.writeString(config.home().resolveSibling(config.home().getFileName() + "-file"), "x");
        config = config.withStore(new StoreSettings(Map.of(), 7, notADirectory.toUri() + "/evidence"));

        CliRunner.Result show = run("registry", "show", "churn@1");
        assertThat(show.code()).isEqualTo(1);
        assertThat(show.err().lines().findFirst().orElseThrow())
                .startsWith("scorehouse: evidence — cannot push evidence to " + notADirectory.toUri())
                .contains("the home keeps it");
    }

    @Test
    void badReferencesAreUsageErrors() {
        assertThat(run("registry", "show", "churn@9").code()).isEqualTo(2);
        assertThat(run("registry", "show", "churn").err()).contains("'churn' is not NAME@VERSION");
        CliRunner.Result badStage = run("registry", "transition", "churn@1", "--to", "Live", "--reason", "x");
        assertThat(badStage.code()).isEqualTo(2);
        assertThat(badStage.err()).contains("'Live' is not a stage");
        assertThat(run("registry", "transition", "churn@1", "--to", "Approved").err())
                .contains("Missing required option: '--reason=TEXT'");
    }

    private CliRunner.Result run(String... args) {
        return CliRunner.runWithoutSpark(() -> config, args);
    }

    /** As {@link #run(String...)}, recording which commands ask for Spark (and refusing them). */
    private CliRunner.Result run(List<String> sparkFor, String... args) {
        return CliRunner.runRefusingSpark(() -> config, sparkFor, args);
    }
}

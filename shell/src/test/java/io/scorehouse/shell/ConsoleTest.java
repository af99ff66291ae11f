package io.scorehouse.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.RegistryHome;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.Transition;
import io.scorehouse.gates.release.ReleaseFixtures;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.shell.context.InteractionMode;
import org.springframework.shell.context.ShellContext;
import org.springframework.shell.test.ShellAssertions;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.ShellTestClient.InteractiveShellSession;
import org.springframework.shell.test.autoconfigure.ShellTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Drives the interactive console on an emulated terminal through a release's life — a refused
 * promotion, two promotions, a rollback, a declined and a confirmed revocation — and checks
 * both the screen and the registry (a real SQLite control plane, real signed artifacts).
 */
@ShellTest(terminalWidth = 220, terminalHeight = 600)
@Import(ConsoleConfiguration.class)
class ConsoleTest {
    private static final Path HOME = tempHome();
    private static final RegistryHome REGISTRY = new RegistryHome(HOME);

    @Autowired
    ShellTestClient client;

    @Autowired
    ShellContext shellContext;

    private InteractiveShellSession session;

    @DynamicPropertySource
    static void pointTheShellAtTheTestHome(DynamicPropertyRegistry properties) {
        properties.add("scorehouse.home", HOME::toString);
        properties.add("scorehouse.conf", () -> TestLakehouse.confDir().toString());
        properties.add("scorehouse.actor", () -> "ops-default");
    }

    @Test
    void promoteRollbackAndRevokeFromTheConsoleAreConfirmedAuditedAndVisibleInTheRegistry() {
        Canary canary = REGISTRY.canary(new CanaryRollouts(REGISTRY.controlPlane, REGISTRY.clock));
        ModelRef v1 = REGISTRY.register().ref();
        ModelRef v2 = REGISTRY.register().ref();
        ModelRef v3 = REGISTRY.register().ref();
        // What InteractiveShellRunner does at startup; the test client runs the shell loop directly.
        shellContext.setInteractionMode(InteractionMode.INTERACTIVE);
        session = client.interactive().run();

        type("promote churn@3");
        see("FAILED staging_pass", "FAILED shadow_pass", "scorehouse: promote churn@3 — refused by registry.promote");
        assertThat(stage(v3)).isEqualTo(Stage.STAGING);

        ReleaseFixtures.gateReports(REGISTRY.artifacts.release("churn", 1), v1, "PASS", REGISTRY.policies.digest());
        canary.plan(v1, "ops-alice");
        type("promote churn@1 --actor ops-alice");
        see("Promote churn@1 to Approved");
        type("y");
        see("churn@1: Staging -> Approved (by ops-alice), policy " + REGISTRY.policies.digest() + " bound");
        assertThat(REGISTRY.registry.currentApproved("churn"))
                .map(ModelVersion::ref)
                .contains(v1);
        assertThat(HOME.resolve("artifacts/releases/churn/1/release_manifest.json"))
                .exists();

        ReleaseFixtures.gateReports(REGISTRY.artifacts.release("churn", 2), v2, "PASS", REGISTRY.policies.digest());
        ReleaseFixtures.canaryToFullTraffic(canary, v2, "ops-alice");
        type("canary status churn@2");
        seeRow("churn@2", "churn@1", "COMPLETED", "|100", "PROCEED");
        type("promote churn@2 --yes");
        see("churn@2: Staging -> Approved (by ops-default), policy", "previous Approved churn@1");

        type("rollback churn --reason complaints --actor ops-bob");
        see("Roll churn back from churn@2 to churn@1 (it becomes current again)?");
        type("y");
        see("churn: rolled back from churn@2 to churn@1 (now current, by ops-bob)");
        assertThat(REGISTRY.registry.currentApproved("churn"))
                .map(ModelVersion::ref)
                .contains(v1);
        assertThat(lastTransition(v2).actor()).isEqualTo("ops-bob");
        assertThat(lastTransition(v2).to()).isEqualTo(Stage.DEPRECATED);

        type("revoke churn@2 --reason CVE-2026-0001 --actor ops-carol");
        see("Revoke churn@2 (Deprecated)? This is final");
        type("n");
        see("churn@2: not revoked (not confirmed)");
        assertThat(stage(v2)).isEqualTo(Stage.DEPRECATED);

        type("revoke churn@2 --reason CVE-2026-0001 --actor ops-carol --yes");
        see("churn@2: Deprecated -> Revoked (by ops-carol)");
        assertThat(stage(v2)).isEqualTo(Stage.REVOKED);
        assertThat(lastTransition(v2).actor()).isEqualTo("ops-carol");
        assertThat(lastTransition(v2).reason()).isEqualTo("CVE-2026-0001");

        type("audit tail --count 50");
        see("ops-carol", "ops-bob", "audit chain verified");
        type("audit checkpoint --actor ops-carol");
        see("audit chain verified and checkpointed at entry");
        type("audit tail --count 5");
        see("audit chain verified (from checkpoint");
        type("registry list");
        seeRow("churn@2", "Revoked");
        seeRow("churn@1", "Approved");
    }

    private void type(String line) {
        session.write(session.writeSequence().text(line).carriageReturn().build());
    }

    private void see(String... texts) {
        try {
            awaitScreen(texts);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            session.screen().lines().stream()
                    .filter(l -> !l.isBlank())
                    .forEach(l -> System.out.println("SCREEN| " + l.stripTrailing()));
            throw e;
        }
    }

    /** A table row: one screen line holding every cell. */
    private void seeRow(String... cells) {
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(session.screen().lines())
                        .anySatisfy(line -> assertThat(line).contains(cells)));
    }

    private void awaitScreen(String... texts) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            for (String text : texts) {
                ShellAssertions.assertThat(session.screen()).containsText(text);
            }
        });
    }

    private static Stage stage(ModelRef ref) {
        return REGISTRY.registry.get(ref).stage();
    }

    private static Transition lastTransition(ModelRef ref) {
        List<Transition> transitions = REGISTRY.registry.transitions(ref);
        return transitions.get(transitions.size() - 1);
    }

    private static Path tempHome() {
        try {
            return Files.createTempDirectory("scorehouse-console");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

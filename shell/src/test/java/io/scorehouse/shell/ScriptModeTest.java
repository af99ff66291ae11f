package io.scorehouse.shell;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.RegistryHome;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.Transition;
import io.scorehouse.gates.release.ReleaseFixtures;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shell as Argo runs it: {@code ScorehouseShell @script} in its own JVM on the shell's
 * runtime classpath (the one bin/scorehouse uses). A script stops at the first failing command
 * with the CLI's exit code, and a destructive command without {@code --yes} is refused, not
 * silently confirmed.
 */
class ScriptModeTest {
    private static final Path RUNTIME_CLASSPATH = Path.of("target/launcher/classpath.txt");

    @TempDir
    Path dir;

    private RegistryHome home;
    private ModelRef v1;

    @BeforeEach
    void registry() {
        home = new RegistryHome(dir.resolve("home"));
        v1 = home.register().ref();
    }

    @Test
    void theShellsRuntimeClasspathHasNoSpark() throws IOException {
        List<String> jars =
                Arrays.asList(Files.readString(RUNTIME_CLASSPATH).strip().split(java.io.File.pathSeparator));
        assertThat(jars)
                .isNotEmpty()
                .noneMatch(jar -> Path.of(jar).getFileName().toString().matches("(spark|iceberg|delta|scala)-.*"));
    }

    @Test
    void aRefusedPromotionStopsTheScriptWithExitThreeAndTheRestIsNotRun() throws Exception {
        Result result = script("registry list", "promote churn@1 --yes", "revoke churn@1 --reason unreachable --yes");
        assertThat(result.exit).isEqualTo(3);
        assertThat(result.output)
                .contains(
                        "churn@1", "FAILED staging_pass", "scorehouse: promote churn@1 — refused by registry.promote");
        assertThat(home.registry.get(v1).stage()).isEqualTo(Stage.STAGING);
    }

    @Test
    void aDestructiveCommandWithoutYesIsRefusedInAScript() throws Exception {
        Result result = script("revoke churn@1 --reason CVE-2026-0001");
        assertThat(result.exit).isEqualTo(2);
        assertThat(result.output).contains("scorehouse: revoke churn@1 — needs confirmation: add --yes");
        assertThat(home.registry.get(v1).stage()).isEqualTo(Stage.STAGING);
    }

    @Test
    void aConfirmedRevocationIsRecordedWithTheScriptsActor() throws Exception {
        Result result = script(
                "// Argo step: revoke after a security finding",
                "revoke churn@1 --reason CVE-2026-0001 --actor argo-release --yes",
                "audit tail --count 5",
                "release due --within-days 400");
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.output)
                .contains("churn@1: Staging -> Revoked (by argo-release)", "audit chain verified", "nothing due");
        List<Transition> history = home.registry.transitions(v1);
        assertThat(history.get(history.size() - 1).actor()).isEqualTo("argo-release");
    }

    @Test
    void badInputGetsOneLineAndExitTwo() throws Exception {
        Result unknownModel = script("registry show nosuch@1");
        assertThat(unknownModel.exit).isEqualTo(2);
        assertThat(unknownModel.output).contains("scorehouse: registry — unknown model version nosuch@1");

        Result badRef = script("release show churn");
        assertThat(badRef.exit).isEqualTo(2);
        assertThat(badRef.output).contains("scorehouse:", "NAME@VERSION");

        Result badOption = script("release due --within-dayz 3");
        assertThat(badOption.exit).isEqualTo(2);
        assertThat(badOption.output).contains("--within-dayz", "scorehouse: shell — bad command line");

        Result negative = script("release due --within-days -1");
        assertThat(negative.exit).isEqualTo(2);
        assertThat(negative.output).contains("scorehouse: release due — --within-days must be >= 0, got -1");
    }

    @Test
    void aPromotionFromAScriptPostsTheSignedReleaseEventToTheConfiguredWebhook() throws Exception {
        ReleaseFixtures.gateReports(home.artifacts.release("churn", 1), v1, "PASS", home.policies.digest());
        home.canary(new CanaryRollouts(home.controlPlane, home.clock)).plan(v1, "ops");
        byte[] secret = "a-webhook-secret-of-32-bytes-len".getBytes(StandardCharsets.UTF_8);
        Path secretFile = Files.write(dir.resolve("webhook.secret"), secret);
        List<String[]> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/releases", exchange -> {
            received.add(new String[] {
                exchange.getRequestHeaders().getFirst(ReleaseWebhook.SIGNATURE_HEADER),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
            });
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/releases";
            Result misconfigured = script(Map.of(ReleaseWebhook.URL_ENV, url), "promote churn@1 --yes");
            assertThat(misconfigured.exit).isEqualTo(2);
            assertThat(misconfigured.output).contains("a webhook url needs a readable secret file");
            assertThat(home.registry.get(v1).stage()).isEqualTo(Stage.STAGING);

            Result promoted = script(
                    Map.of(ReleaseWebhook.URL_ENV, url, ReleaseWebhook.SECRET_FILE_ENV, secretFile.toString()),
                    "promote churn@1 --yes --actor argo-release");
            assertThat(promoted.exit).as(promoted.output).isZero();
            assertThat(promoted.output)
                    .contains("churn@1: Staging -> Approved (by argo-release)", "webhook " + url + ": HTTP 204");
        } finally {
            server.stop(0);
        }
        assertThat(received).hasSize(1);
        assertThat(received.get(0)[1]).contains("\"type\":\"model.released\"", "\"promoted_by\":\"argo-release\"");
        assertThat(received.get(0)[0]).isEqualTo(ReleaseWebhook.signature(secret, received.get(0)[1]));
    }

    private Result script(String... lines) throws IOException, InterruptedException {
        return script(Map.of(), lines);
    }

    private Result script(Map<String, String> env, String... lines) throws IOException, InterruptedException {
        Path script = Files.write(dir.resolve("steps.shell"), Arrays.asList(lines));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1", // a short JVM: C1 only, as the suites run bin/scorehouse
                "-cp",
                Path.of("target/classes").toAbsolutePath()
                        + java.io.File.pathSeparator
                        + Files.readString(RUNTIME_CLASSPATH).strip(),
                ScorehouseShell.class.getName(),
                "@" + script));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("SCOREHOUSE_HOME", home.home.toString());
        builder.environment().put("SCOREHOUSE_CONF", TestLakehouse.confDir().toString());
        builder.environment().remove("SCOREHOUSE_ACTOR");
        builder.environment().putAll(env);
        long start = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        System.out.printf("shell script run: %.2f s (JVM start to exit)%n", (System.nanoTime() - start) / 1e9);
        return new Result(process.exitValue(), output);
    }

    private record Result(int exit, String output) {}
}

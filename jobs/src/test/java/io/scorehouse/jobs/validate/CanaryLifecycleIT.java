package io.scorehouse.jobs.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.gates.testing.ReleasedModels;
import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.jobs.testing.PrometheusSamples;
import io.scorehouse.jobs.testing.TestConf;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import io.scorehouse.scoring.testing.TestModels;
import io.scorehouse.scoring.train.ModelSpec;
import io.scorehouse.scoring.train.TrainingJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The champion/challenger lifecycle through the CLI on real Spark, Iceberg and boosters: a good
 * challenger walks 1 → 5 → 25 → 50 → 100 % (each step a scoring run routed by the registry's
 * allocation, then {@code canary evaluate}) and is promoted; the next run scores with it under
 * the policy digest its release bound. A degraded challenger is rolled back automatically and
 * the next run uses only the champion. Rollback re-approves N-1; a revoked version is refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CanaryLifecycleIT {
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    private static final String MODEL = "cl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SparkSession spark;
    private static ScorehouseConfig config;
    private static ModelRegistry registry;
    private static CanaryRollouts rollouts;
    private static TrainingJob trainer;
    private static ModelRef champion;
    private static ModelRef challenger;
    private static int runs;

    @BeforeAll
    static void championPublished() throws IOException {
        spark = TestLakehouse.spark();
        Path conf = TestConf.copy(List.of());
        String churn = Files.readString(conf.resolve("pipelines/churn_daily.yaml"));
        Files.writeString(
                conf.resolve("pipelines/cl_daily.yaml"),
                churn.replace("name: churn_daily", "name: cl_daily").replace("name: churn\n", "name: " + MODEL + "\n"));
        Files.writeString(
                conf.resolve("pipelines/cl_pinned.yaml"),
                churn.replace("name: churn_daily", "name: cl_pinned")
                        .replace("name: churn\n", "name: " + MODEL + "\n")
                        .replace("pin: approved", "pin: \"1\""));
        config = new ConfigLoader(
                        TestLakehouse.environmentFor(TestLakehouse.config().home()))
                .load(conf);
        new DemoData(spark, config.warehouse()).write(DATE, 6_000, List.of("acme", "globex"), 42);
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        registry = new ModelRegistry(
                controlPlane, ArtifactStore.of(config), TrustStore.fromConfig(config), Clock.systemUTC());
        rollouts = new CanaryRollouts(controlPlane, Clock.systemUTC());
        trainer = new TrainingJob(
                spark,
                config.warehouse(),
                registry,
                Signer.fromConfig(config),
                ArtifactStore.of(config).staging(),
                Clock.systemUTC());
        champion = train(false, 7);
        ReleasedModels.release(
                registry, champion, PolicyBundle.fromConf(config.confDir()).digest(), "first champion");
        assertThat(score().code()).isZero();
    }

    @Test
    @Order(1)
    void theGoodChallengerWalksEveryStepAndIsPromotedUnderTheBoundPolicySnapshot() throws IOException {
        challenger = train(false, 11);
        CliRunner.Result plan = cli("canary", "plan", challenger.toString());
        assertThat(plan.code()).as(plan.toString()).isZero();
        for (int percent : new int[] {1, 5, 25, 50, 100}) {
            assertThat(rollout(challenger).challengerPercent()).isEqualTo(percent);
            String job = nextJob();
            assertThat(score(job).code()).isZero();
            // Rows carry which model scored them: exactly the entities in the challenger's buckets.
            Row arms = spark.sql("SELECT count_if(model_version = " + challenger.version()
                            + "), count_if(pmod(hash(entity_key), 100) < "
                            + percent + "), count_if(model_version = " + champion.version()
                            + ") FROM lake.scored.predictions WHERE job_id = '"
                            + job + "'")
                    .head();
            assertThat(arms.getLong(0))
                    .as("challenger rows at %d %%", percent)
                    .isEqualTo(arms.getLong(1))
                    .isPositive();
            JsonNode manifest = manifest(job);
            assertThat(manifest.path("canary").path("percent").asInt()).isEqualTo(percent);
            assertThat(manifest.path("canary").path("rows").path("challenger").asLong())
                    .isEqualTo(arms.getLong(0));
            assertThat(manifest.path("canary").path("rows").path("champion").asLong())
                    .isEqualTo(arms.getLong(2));

            CliRunner.Result evaluated = cli(
                    "canary",
                    "evaluate",
                    challenger.toString(),
                    "--date",
                    DATE.toString(),
                    "--job-id",
                    job,
                    "--pipeline",
                    "cl_daily");
            assertThat(evaluated.code()).as(evaluated.toString()).isZero();
            assertThat(evaluated.out()).as(evaluated.toString()).startsWith(challenger + ": PROCEED");
        }
        Rollout done = rollout(challenger);
        assertThat(done.status()).isEqualTo(Rollout.Status.COMPLETED);
        assertThat(done.completedAtFull()).isTrue();
        CliRunner.Result decisions = cli("canary", "decisions", challenger.toString());
        assertThat(decisions.code()).as(decisions.toString()).isZero();
        assertThat(decisions.out())
                .contains("PLANNED", "1 % -> 5 %", "50 % -> 100 %", "100 % -> completed at 100 %", "judge=PROCEED");
        assertThat(ArtifactStore.of(config).evidence().resolve("canary/" + MODEL + "/" + challenger.version()))
                .isDirectoryContaining("glob:**/001-PLANNED")
                .isDirectoryContaining("glob:**/002-PROCEED");

        assertThat(cli(
                                "staging-report",
                                "--model",
                                challenger.toString(),
                                "--date",
                                DATE.toString(),
                                "--pipeline",
                                "cl_daily")
                        .code())
                .isZero();
        assertThat(cli("shadow", "--model", challenger.toString(), "--date", DATE.toString(), "--pipeline", "cl_daily")
                        .code())
                .isZero();
        CliRunner.Result promoted = cli("promote", challenger.toString());
        assertThat(promoted.code()).as(promoted.toString()).isZero();
        assertThat(registry.get(challenger).stage()).isEqualTo(Stage.APPROVED);

        // The next run scores with the new release only, under the policy bundle its release bound.
        String job = nextJob();
        assertThat(score(job).code()).isZero();
        assertThat(versionsOf(job)).containsExactly(challenger.version());
        String bound = Files.readString(ArtifactStore.of(config)
                        .release(MODEL, challenger.version())
                        .resolve("policy_snapshot.sha256"))
                .strip();
        assertThat(manifest(job).path("policy_digest").asText()).isEqualTo(bound);
    }

    @Test
    @Order(2)
    void aDegradedChallengerIsRolledBackAutomaticallyAndTheNextRunUsesOnlyTheChampion() throws IOException {
        ModelRef degraded = train(true, 7);
        assertThat(cli("canary", "plan", degraded.toString()).code()).isZero();
        String job = nextJob();
        assertThat(score(job).code()).isZero();
        assertThat(versionsOf(job)).contains(degraded.version());

        byte[] secret = "incident-webhook-secret-for-tests".getBytes(StandardCharsets.UTF_8);
        Path secretFile = Files.write(Files.createTempFile("incident-secret", ".txt"), secret);
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/incidents", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {exchange.getRequestHeaders().getFirst(ReleaseWebhook.SIGNATURE_HEADER), body});
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        CliRunner.Result evaluated;
        try {
            evaluated = cli(
                    "canary",
                    "evaluate",
                    degraded.toString(),
                    "--date",
                    DATE.toString(),
                    "--job-id",
                    job,
                    "--pipeline",
                    "cl_daily",
                    "--incident-webhook-url",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/incidents",
                    "--incident-webhook-secret-file",
                    secretFile.toString());
        } finally {
            receiver.stop(0);
        }
        assertThat(evaluated.code()).as(evaluated.toString()).isEqualTo(3);
        assertThat(evaluated.err().lines().toList()).hasSize(1);
        assertThat(evaluated.err())
                .startsWith("scorehouse: canary " + degraded + " — ROLLBACK, challenger share set to 0");
        // the rollback opened one incident, delivered signed as Alertmanager's webhook JSON, recorded in ops.events
        assertThat(received).as(evaluated.toString()).hasSize(1);
        assertThat(received.get(0)[0]).isEqualTo(ReleaseWebhook.signature(secret, received.get(0)[1]));
        JsonNode labels =
                JSON.readTree(received.get(0)[1]).path("alerts").get(0).path("labels");
        assertThat(labels.path("alertname").asText()).isEqualTo("canary.rolled_back");
        assertThat(labels.path("model").asText()).isEqualTo(MODEL);
        assertThat(labels.path("subject").asText()).isEqualTo("v" + degraded.version());
        String incident = labels.path("incident_id").asText();
        assertThat(evaluated.out())
                .contains("incident " + incident + " opened: canary of " + degraded + " rolled back");
        // and the alert's series: runs/<job>/canary/metrics.prom (pushed when a Pushgateway is configured)
        String canaryMetrics = Files.readString(
                ArtifactStore.of(config).run(job).resolve("canary").resolve("metrics.prom"));
        assertThat(PrometheusSamples.sample(
                        canaryMetrics, "scorehouse_canary_rolled_back{version=\"" + degraded.version() + "\"}"))
                .isEqualTo(1);
        assertThat(PrometheusSamples.sample(
                        canaryMetrics,
                        "scorehouse_canary_challenger_share_percent{version=\"" + degraded.version() + "\"}"))
                .isZero();
        spark.sql("REFRESH TABLE lake.ops.events");
        assertThat(spark.sql("SELECT count(*) FROM lake.ops.events WHERE event_type = 'INCIDENT_OPENED'"
                                + " AND details['incident_id'] = '" + incident + "'")
                        .head()
                        .getLong(0))
                .isEqualTo(1);
        Rollout rolledBack = rollout(degraded);
        assertThat(rolledBack.status()).isEqualTo(Rollout.Status.ROLLED_BACK);
        assertThat(rolledBack.challengerPercent()).isZero();

        String after = nextJob();
        assertThat(score(after).code()).isZero();
        assertThat(versionsOf(after)).containsExactly(challenger.version());
        assertThat(manifest(after).has("canary")).isFalse();
    }

    @Test
    @Order(3)
    void rollbackReapprovesTheFormerReleaseAndARevokedVersionIsRefused() {
        CliRunner.Result rollback = cli("rollback", MODEL, "--reason", "back to the former release");
        assertThat(rollback.code()).as(rollback.toString()).isZero();
        String job = nextJob();
        assertThat(score(job).code()).isZero();
        assertThat(versionsOf(job)).containsExactly(champion.version());

        CliRunner.Result revoke = cli("revoke", champion.toString(), "--reason", "compromised key");
        assertThat(revoke.code()).as(revoke.toString()).isZero();
        CliRunner.Result refused =
                cli("score", "--pipeline", "cl_pinned", "--date", DATE.toString(), "--job-id", nextJob());
        assertThat(refused.code()).as(refused.toString()).isEqualTo(3);
        assertThat(refused.err().lines().toList()).hasSize(1);
        assertThat(refused.err()).contains("model " + champion, "not_revoked");
    }

    private static ModelRef train(boolean degraded, long seed) {
        ModelSpec spec = TestModels.churnAs(MODEL, degraded, seed);
        return trainer.run(spec, DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
    }

    private static Rollout rollout(ModelRef ref) {
        return rollouts.find(ref).orElseThrow();
    }

    private static String nextJob() {
        return "cl_run" + (++runs);
    }

    private static CliRunner.Result score() {
        return score(nextJob());
    }

    private static CliRunner.Result score(String job) {
        CliRunner.Result run = cli("score", "--pipeline", "cl_daily", "--date", DATE.toString(), "--job-id", job);
        assertThat(run.code()).as(run.toString()).isZero();
        return run;
    }

    private static List<Integer> versionsOf(String job) {
        return spark
                .sql("SELECT DISTINCT model_version FROM lake.scored.predictions WHERE job_id = '" + job
                        + "' ORDER BY 1")
                .collectAsList()
                .stream()
                .map(r -> r.getInt(0))
                .toList();
    }

    private static JsonNode manifest(String job) {
        try {
            return JSON.readTree(
                    ArtifactStore.of(config).run(job).resolve("manifest.json").toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CliRunner.Result cli(String... args) {
        return CliRunner.run(() -> config, spark, args);
    }
}

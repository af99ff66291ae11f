package io.scorehouse.jobs.validate;

import static org.apache.spark.sql.functions.expr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.release.EvidenceReport;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.gates.testing.ReleasedModels;
import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.jobs.testing.TestConf;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.spark.CachedFrames;
import io.scorehouse.lakehouse.spark.PointInTimeRead;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import io.scorehouse.scoring.run.CandidateScoring;
import io.scorehouse.scoring.testing.TestModels;
import io.scorehouse.scoring.train.ModelSpec;
import io.scorehouse.scoring.train.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * staging-report and shadow on real Spark/Iceberg with real boosters: a model of its own ("vt")
 * so the shared control plane's other models do not interfere. Ordered: the shadow comparisons
 * need the champion that an earlier step approves and publishes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ValidationJobsTest {
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    private static final String MODEL = "vt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SparkSession spark;
    private static ScorehouseConfig config;
    private static ModelRegistry registry;
    private static TrainingJob trainer;
    private static ModelRef first;

    @BeforeAll
    static void lakehouseWithACandidate() throws IOException {
        spark = TestLakehouse.spark();
        Path conf = TestConf.copy(List.of());
        Files.writeString(
                conf.resolve("pipelines/vt_daily.yaml"),
                Files.readString(conf.resolve("pipelines/churn_daily.yaml"))
                        .replace("name: churn_daily", "name: vt_daily")
                        .replace("name: churn\n", "name: " + MODEL + "\n"));
        config = new ConfigLoader(
                        TestLakehouse.environmentFor(TestLakehouse.config().home()))
                .load(conf);
        new DemoData(spark, config.warehouse()).write(DATE, 3_000, List.of("acme", "globex"), 42);
        registry = new ModelRegistry(
                new ControlPlane(config.catalog()),
                ArtifactStore.of(config),
                TrustStore.fromConfig(config),
                Clock.systemUTC());
        trainer = new TrainingJob(
                spark,
                config.warehouse(),
                registry,
                Signer.fromConfig(config),
                ArtifactStore.of(config).staging(),
                Clock.systemUTC());
        first = train(false, 7);
    }

    @Test
    @Order(1)
    void stagingReportChecksEveryRowAgainstTheJsonSchemaAndPasses() throws IOException {
        CliRunner.Result run = cli("staging-report", "--model", first.toString(), "--date", DATE.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains(first + ": staging report PASS");

        JsonNode report = report(first, EvidenceReport.STAGING);
        long eligible = spark.sql("SELECT count(DISTINCT tenant_id, cust_id) FROM curated.customer_features "
                        + "WHERE event_ts <= TIMESTAMP'2026-11-20 23:59:59.999999'")
                .head()
                .getLong(0);
        assertThat(report.path("result").asText()).isEqualTo("PASS");
        assertThat(report.path("policy_digest").asText()).startsWith("sha256:");
        assertThat(report.path("output_contract").path("checked").asLong())
                .isEqualTo(eligible)
                .isPositive();
        assertThat(report.path("output_contract").path("invalid").asLong()).isZero();
        assertThat(report.path("scores").path("nan").asLong()).isZero();
        assertThat(report.path("performance").path("latency").path("batches").asInt())
                .isPositive();
        assertThat(report.path("performance").path("latency").path("p95_ms").asDouble())
                .isGreaterThanOrEqualTo(report.path("performance")
                        .path("latency")
                        .path("p50_ms")
                        .asDouble())
                .isPositive();
        assertThat(report.path("performance").path("peak_heap_mb").asLong()).isPositive();
        List<String> segments = report.path("fairness").path("segments").findValuesAsText("segment");
        assertThat(segments).contains("tenant=acme", "tenant=globex", "age=18-29", "age=60+");
        // The promotion gate reads it back as this version's PASS.
        assertThat(EvidenceReport.read(
                        ArtifactStore.of(config).release(MODEL, first.version()),
                        EvidenceReport.STAGING,
                        first.toString()))
                .hasValueSatisfying(r -> assertThat(r.passed()).isTrue());
        // Nothing was published.
        new ScoredStore(spark, "lake").ensure();
        assertThat(spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE model_name = '" + MODEL + "'")
                        .head()
                        .getLong(0))
                .isZero();
    }

    @Test
    @Order(2)
    void aStagingRunThatBreaksTheContractFailsWithEveryReasonAndCountsTheViolations() throws IOException {
        Path strict = TestConf.copy(List.of());
        Files.copy(config.confDir().resolve("pipelines/vt_daily.yaml"), strict.resolve("pipelines/vt_daily.yaml"));
        TestConf.edit(
                strict,
                "contracts/score-output.schema.json",
                "\"score\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1}",
                "\"score\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 0.2}");
        TestConf.edit(strict, "policies/staging.report.yaml", "max_latency_p95_ms: 1000.0", "max_latency_p95_ms: 0.0");
        ScorehouseConfig strictConfig = new ConfigLoader(
                        TestLakehouse.environmentFor(TestLakehouse.config().home()))
                .load(strict);

        CliRunner.Result run = CliRunner.run(
                () -> strictConfig, spark, "staging-report", "--model", first.toString(), "--date", DATE.toString());
        assertThat(run.code()).as(run.toString()).isEqualTo(3);
        assertThat(run.err().lines().toList()).hasSize(1);
        assertThat(run.err())
                .startsWith("scorehouse: staging report " + first + " — FAIL")
                .contains("output_contract", "latency_p95");

        JsonNode report = report(first, EvidenceReport.STAGING);
        assertThat(report.path("result").asText()).isEqualTo("FAIL");
        long invalid = report.path("output_contract").path("invalid").asLong();
        assertThat(invalid)
                .isPositive()
                .isLessThan(report.path("output_contract").path("checked").asLong());
        assertThat(report.path("output_contract")
                        .path("violations")
                        .path("$.score: must have a maximum value of 0.2")
                        .asLong())
                .isEqualTo(invalid);
        // Restore a passing report for the later steps.
        assertThat(cli("staging-report", "--model", first.toString(), "--date", DATE.toString())
                        .code())
                .isZero();
    }

    @Test
    @Order(3)
    void aCandidateThatFailsWhileScoringLeavesNothingCached() {
        CandidateScoring candidates = new CandidateScoring(
                spark,
                config,
                registry,
                PolicyBundle.fromConf(config.confDir()),
                EntityTokenizer.fromConfig(config),
                Clock.systemUTC());
        PipelineDefinition pipeline = new PipelineDefinitions(config.confDir()).load("vt_daily");
        long inputVersion = new PointInTimeRead(spark, config.warehouse()).currentVersion(pipeline.dataset());
        spark.catalog().clearCache();

        // fails in the executors while the scored rows are counted, after their cache was asked for: on the key, an
        // HMAC
        // token computed by a UDF, so the filter stays above the scan (a filter on no column fails earlier, in Delta's
        // file skipping while the scan is planned, before anything is cached)
        assertThatThrownBy(() -> {
                    try (CachedFrames cached = new CachedFrames()) {
                        candidates.score(
                                first,
                                pipeline,
                                DATE,
                                inputVersion,
                                expr(
                                        "CASE WHEN entity_key IS NOT NULL THEN raise_error('candidate rows unreadable') END IS NULL"),
                                "staging",
                                cached);
                    }
                })
                .hasMessageContaining("candidate rows unreadable");
        assertThat(spark.sharedState().cacheManager().isEmpty()).isTrue();
    }

    @Test
    @Order(4)
    void shadowOfAFirstReleasePassesWithANoteAndStaysOutOfConsumersViews() throws IOException {
        CliRunner.Result run = cli("shadow", "--model", first.toString(), "--date", DATE.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode report = report(first, EvidenceReport.SHADOW);
        assertThat(report.path("result").asText()).isEqualTo("PASS");
        assertThat(report.path("notes").toString()).contains("first release");
        assertThat(shadowRows(first)).isPositive();
        assertThat(spark.sql("SELECT count(*) FROM lake.scored.v_history WHERE model_name = '" + MODEL + "'")
                        .head()
                        .getLong(0))
                .isZero();
    }

    @Test
    @Order(5)
    void shadowComparesACandidateWithThePublishedChampionEntityByEntity() throws IOException {
        ReleasedModels.release(
                registry, first, PolicyBundle.fromConf(config.confDir()).digest(), "champion for the shadow test");
        CliRunner.Result scored = cli("score", "--pipeline", "vt_daily", "--date", DATE.toString());
        assertThat(scored.code()).as(scored.toString()).isZero();

        ModelRef good = train(false, 11);
        CliRunner.Result run = cli("shadow", "--model", good.toString(), "--date", DATE.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode report = report(good, EvidenceReport.SHADOW);
        assertThat(report.path("champion").asText()).isEqualTo(first.toString());
        JsonNode comparison = report.path("comparison");
        assertThat(comparison.path("matched_entities").asLong())
                .isEqualTo(comparison.path("champion_entities").asLong())
                .isPositive();
        assertThat(comparison.path("divergence_by_band").findValuesAsText("champion_decision"))
                .contains("approve", "deny");
        assertThat(comparison.path("score_delta").path("abs_p95").asDouble()).isPositive();

        // Re-running replaces the candidate's day in the shadow table instead of appending.
        long rows = shadowRows(good);
        assertThat(cli("shadow", "--model", good.toString(), "--date", DATE.toString())
                        .code())
                .isZero();
        assertThat(shadowRows(good))
                .isEqualTo(rows)
                .isEqualTo(comparison.path("matched_entities").asLong());

        ModelRef degraded = train(true, 7);
        CliRunner.Result bad = cli("shadow", "--model", degraded.toString(), "--date", DATE.toString());
        assertThat(bad.code()).as(bad.toString()).isEqualTo(3);
        assertThat(bad.err())
                .startsWith("scorehouse: shadow evaluation " + degraded + " — FAIL")
                .contains("decision_divergence");
        assertThat(report(degraded, EvidenceReport.SHADOW).path("result").asText())
                .isEqualTo("FAIL");
    }

    @Test
    @Order(6)
    void badArgumentsAreOneLineUsageErrors() {
        CliRunner.Result noDate = cli("shadow", "--model", first.toString());
        assertThat(noDate.code()).isEqualTo(2);
        assertThat(noDate.err()).contains("--date");
        CliRunner.Result unknownModel = cli("staging-report", "--model", "nosuch@1", "--date", DATE.toString());
        assertThat(unknownModel.code()).as(unknownModel.toString()).isEqualTo(2);
        assertThat(unknownModel.err().lines().toList()).hasSize(1);
        assertThat(unknownModel.err()).contains("no pipeline scores model nosuch");
    }

    private static ModelRef train(boolean degraded, long seed) {
        ModelSpec spec = TestModels.churnAs(MODEL, degraded, seed);
        return trainer.run(spec, DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
    }

    private static long shadowRows(ModelRef ref) {
        return spark.sql("SELECT count(*) FROM lake.scored.shadow_predictions WHERE model_name = '" + ref.name()
                        + "' AND model_version = " + ref.version() + " AND dt = DATE'" + DATE + "'")
                .head()
                .getLong(0);
    }

    private static JsonNode report(ModelRef ref, String file) throws IOException {
        return JSON.readTree(ArtifactStore.of(config)
                .release(ref.name(), ref.version())
                .resolve(file)
                .toFile());
    }

    private static CliRunner.Result cli(String... args) {
        return CliRunner.run(() -> config, spark, args);
    }
}

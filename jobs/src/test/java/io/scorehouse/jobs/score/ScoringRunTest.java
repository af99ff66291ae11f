package io.scorehouse.jobs.score;

import static io.scorehouse.jobs.testing.PrometheusSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.gates.testing.ReleasedModels;
import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.jobs.testing.TestConf;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.spark.CuratedTables;
import io.scorehouse.lakehouse.spark.ScoredStore;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import io.scorehouse.scoring.testing.TestModels;
import io.scorehouse.scoring.train.TrainingJob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scoring run's acceptance: the happy path and every bad input, each with its exit code,
 * one line, and nothing published. Scenarios read their own curated datasets through their own
 * pipelines in a test copy of conf/ (whose batch.data policy allow-lists those datasets).
 */
class ScoringRunTest {
    private static final LocalDate DATE = LocalDate.of(2026, 11, 20);
    private static final String AS_OF = "TIMESTAMP'2026-11-20 23:59:59.999999'";
    /** Every column of curated.customer_features, logins_30d as {@code %s}. */
    private static final String COLUMNS =
            "cust_id, tenant_id, email, full_name, tax_id, region, channel, segment, amount_30d, count_30d, tenure_days, "
                    + "avg_ticket, days_since_last_tx, balance_avg_90d, credit_limit, utilization_ratio, n_products, complaints_90d, "
                    + "%s, failed_payments_90d, age_years, event_ts, event_date";

    private static SparkSession spark;
    private static ScorehouseConfig config;
    private static Path conf;
    private static ModelRegistry registry;
    private static ModelRef champion;
    private static ModelRef spare;
    private static ModelRef otherBundle;
    private static ModelRef revocable;

    @BeforeAll
    static void lakehouseWithAnApprovedModel() throws IOException {
        spark = TestLakehouse.spark();
        conf = copyConf();
        config = new ConfigLoader(
                        TestLakehouse.environmentFor(TestLakehouse.config().home()))
                .load(conf);
        new DemoData(spark, config.warehouse()).write(DATE, 3_000, List.of("acme", "globex"), 42);
        new ScoredStore(spark, config.catalog().name()).ensure();
        registry = new ModelRegistry(
                new ControlPlane(config.catalog()),
                ArtifactStore.of(config),
                TrustStore.fromConfig(config),
                Clock.systemUTC());
        TrainingJob trainer = new TrainingJob(
                spark,
                config.warehouse(),
                registry,
                Signer.fromConfig(config),
                ArtifactStore.of(config).staging(),
                Clock.systemUTC());
        spare = trainer.run(TestModels.churn(false), DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
        otherBundle = trainer.run(TestModels.churn(false), DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
        ReleasedModels.release(registry, spare, bundleDigest(), "spare");
        // Released before the champion, so pipelines that follow "approved" never resolve to it.
        ReleasedModels.release(registry, otherBundle, "sha256:" + "e".repeat(64), "bound to another bundle");
        revocable = trainer.run(TestModels.churn(false), DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
        ReleasedModels.release(registry, revocable, bundleDigest(), "to be revoked");
        champion = trainer.run(TestModels.churn(false), DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
        ReleasedModels.release(registry, champion, bundleDigest(), "champion");
    }

    /** The digest of the policy bundle this test's runs load (its conf copy), which a release binds. */
    private static String bundleDigest() {
        return PolicyBundle.fromConf(conf).digest();
    }

    @Test
    void happyPathPublishesEveryEligibleEntityOnceAndVerifies() throws IOException {
        new ScoredStore(spark, "lake").ensure();
        spark.sql("ALTER TABLE lake.scored.predictions UNSET TBLPROPERTIES IF EXISTS ('classification', 'data_owner')");
        CliRunner.Result run = score("churn_daily", null);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("published churn_daily_2026-11-20/dt=2026-11-20");
        // The run labels the tables from conf/catalog.yaml as it starts, not only a retention run.
        assertThat(spark.sql("SHOW TBLPROPERTIES lake.scored.predictions").collectAsList().stream()
                        .collect(Collectors.toMap(row -> row.getString(0), row -> row.getString(1))))
                .containsEntry("classification", "operational")
                .containsEntry("data_owner", "risk-ml")
                .containsEntry("retention_days", "365");

        long eligible = spark.sql(
                        "SELECT count(DISTINCT tenant_id, cust_id) FROM curated.customer_features WHERE event_ts <= "
                                + AS_OF)
                .head()
                .getLong(0);
        Row stats = spark.sql(
                        "SELECT count(*), count_if(score BETWEEN 0 AND 1), count_if(entity_key RLIKE '^[0-9a-f]{64}$'), "
                                + "count(DISTINCT idempo_key), count_if(model_digest = '"
                                + registry.get(champion).modelDigest() + "'), "
                                + "count_if(policy_digest RLIKE '^sha256:[0-9a-f]{64}$'), "
                                // conf/pipelines/churn_daily.yaml explains adverse decisions only (hold, deny)
                                + "count_if((explanations IS NOT NULL AND size(explanations) = 3 AND reason_codes IS NOT NULL) "
                                + "= (decision IN ('hold', 'deny'))), "
                                + "count_if(runtime_meta['quality'] = 'ok') FROM lake.scored.predictions WHERE job_id = 'churn_daily_2026-11-20'")
                .head();
        assertThat(stats.getLong(0)).isEqualTo(eligible).isPositive();
        for (int i = 1; i < stats.size(); i++) {
            assertThat(stats.getLong(i)).as("column check %d", i).isEqualTo(eligible);
        }
        assertThat(spark.sql(
                                "SELECT count(*) FROM lake.scored.predictions.snapshots WHERE summary['scorehouse.run-key'] = "
                                        + "'churn_daily_2026-11-20/dt=2026-11-20'")
                        .head()
                        .getLong(0))
                .isPositive();
        assertThat(Files.exists(config.home().resolve("runs/churn_daily_2026-11-20/_SUCCESS")))
                .isTrue();
        assertThat(spark.sql(
                                "SELECT count(*) FROM lake.ops.events WHERE job_id = 'churn_daily_2026-11-20' AND event_type = 'AVAILABLE'")
                        .head()
                        .getLong(0))
                .isEqualTo(1);

        // Hot store: one last score per published entity; the manifest records the run-history flags.
        assertThat(controlPlaneCount("SELECT count(*) FROM last_scores WHERE job_id = 'churn_daily_2026-11-20'"))
                .isEqualTo(eligible);
        assertThat(Files.readString(config.home().resolve("runs/churn_daily_2026-11-20/manifest.json")))
                .contains("\"history\"", "\"anomaly\"");
        // ... and where it was computed: local mode's one executor, the driver, ran its tasks.
        com.fasterxml.jackson.databind.JsonNode executors = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(config.home()
                        .resolve("runs/churn_daily_2026-11-20/manifest.json")
                        .toFile())
                .at("/metrics/executors");
        assertThat(executors.findValuesAsText("id")).containsExactly("driver");
        assertThat(executors.get(0).get("tasks").asLong()).isPositive();
        // Its Prometheus metrics, next to the manifest they are read from.
        Path metrics = config.home().resolve("runs/churn_daily_2026-11-20/metrics.prom");
        String exposition = Files.readString(metrics);
        assertThat(sample(exposition, "scorehouse_job_exit_code")).isZero();
        assertThat(sample(exposition, "scorehouse_job_rows_out")).isEqualTo(eligible);
        assertThat(sample(exposition, "scorehouse_job_rows_in")).isEqualTo(eligible);
        assertThat(sample(exposition, "scorehouse_job_quality_degraded")).isZero();
        assertThat(sample(exposition, "scorehouse_job_failed_checks{partition=\"dt=2026-11-20\"}"))
                .isZero();
        com.fasterxml.jackson.databind.JsonNode manifestJson = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(config.home()
                        .resolve("runs/churn_daily_2026-11-20/manifest.json")
                        .toFile());
        // Both kinds of rows were published; the adverse ones carry the mapping's codes, and the manifest says so.
        Row explained = spark.sql("SELECT count_if(decision IN ('hold', 'deny')), count_if(decision = 'approve'), "
                        + "count_if(size(reason_codes) > 0), count_if(exists(reason_codes, c -> NOT c RLIKE '^C[0-9]{2}$')) "
                        + "FROM lake.scored.predictions WHERE job_id = 'churn_daily_2026-11-20'")
                .head();
        assertThat(explained.getLong(0)).isPositive();
        assertThat(explained.getLong(1)).isPositive();
        assertThat(explained.getLong(2)).isPositive();
        assertThat(explained.getLong(3)).isZero();
        assertThat(manifestJson.at("/explanations/mode").asText()).isEqualTo("adverse");
        assertThat(manifestJson.at("/explanations/method").asText()).isEqualTo("exact");
        assertThat(manifestJson.at("/explanations/reasons").asText()).isEqualTo("churn_v1");
        assertThat(manifestJson.at("/explanations/reasons_digest").asText()).startsWith("sha256:");
        assertThat(manifestJson.at("/explanations/rows_explained").asLong()).isEqualTo(explained.getLong(0));
        // the manifest's timings, as recorded (the metric drops the "_s" unit suffix)
        assertThat(sample(exposition, "scorehouse_job_phase_seconds{phase=\"score\"}"))
                .isEqualTo(manifestJson.at("/metrics/timings/score_s").asDouble());
        assertThat(sample(exposition, "scorehouse_job_duration_seconds"))
                .isEqualTo(manifestJson.at("/metrics/latency_sec_total").asDouble());
        assertThat(sample(
                        exposition,
                        "scorehouse_job_check_passed{check=\"null_rate\",family=\"sanity\",subject=\"logins_30d\"}"))
                .isEqualTo(1);
        assertThat(exposition)
                .containsPattern(
                        "scorehouse_job_run_info\\{job_id=\"churn_daily_2026-11-20\",model=\"churn\",model_version=\""
                                + champion.version() + "\","
                                + "partition=\"dt=2026-11-20\",snapshot_id=\"\\d+\"} 1(\\.0)?\n");

        // Its OpenLineage events: START, then COMPLETE naming the pinned input version and the published snapshot.
        List<com.fasterxml.jackson.databind.JsonNode> lineage = lineageEvents("score.churn_daily");
        com.fasterxml.jackson.databind.JsonNode complete = lineage.stream()
                .filter(e -> e.path("eventType").asText().equals("COMPLETE"))
                .filter(e -> e.at("/run/facets/scorehouse/jobId").asText().equals("churn_daily_2026-11-20"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no COMPLETE event for the run in " + lineage));
        assertThat(complete.at("/inputs/0/name").asText())
                .isEqualTo(manifestJson.at("/inputs/dataset").asText());
        assertThat(complete.at("/inputs/0/facets/version/datasetVersion").asText())
                .isEqualTo(manifestJson.at("/inputs/delta_version").asText());
        assertThat(complete.at("/outputs/0/name").asText())
                .isEqualTo(manifestJson.at("/output/table").asText());
        assertThat(complete.at("/outputs/0/facets/version/datasetVersion").asText())
                .isEqualTo(manifestJson.at("/output/snapshot_id").asText());
        assertThat(complete.at("/run/facets/scorehouse/modelDigest").asText())
                .isEqualTo(manifestJson.at("/model/digest").asText());
        assertThat(complete.at("/run/facets/scorehouse/policyDigest").asText())
                .isEqualTo(manifestJson.at("/policy_digest").asText());
        String runId = complete.at("/run/runId").asText();
        assertThat(lineage.stream()
                        .filter(e -> e.at("/run/runId").asText().equals(runId))
                        .map(e -> e.path("eventType").asText()))
                .containsExactly("START", "COMPLETE");

        CliRunner.Result verify = cli("verify", "--run", "churn_daily_2026-11-20");
        assertThat(verify.code()).as(verify.toString()).isZero();
        CliRunner.Result verifyBoth = cli("verify", "--run", "churn_daily_2026-11-20", "--run", "nosuch");
        assertExit(verifyBoth, 2, "no run with job id 'nosuch'");
        assertThat(verifyBoth.out())
                .as("the first run is verified before the second is refused")
                .isEqualTo(verify.out());
        CliRunner.Result replay = cli("replay", "--run", "churn_daily_2026-11-20");
        assertThat(replay.code()).as(replay.toString()).isZero();
        assertThat(replay.out()).startsWith("identical: " + eligible + " rows of churn_daily_2026-11-20");

        long snapshots = snapshots();
        CliRunner.Result again = score("churn_daily", null);
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains("already committed");
        assertThat(Files.readString(metrics))
                .as("the publishing run's metrics stay")
                .isEqualTo(exposition);
        assertThat(snapshots()).isEqualTo(snapshots);
        assertThat(rows("churn_daily_2026-11-20")).isEqualTo(eligible);
    }

    @Test
    void rowsAfterTheAsOfNeverCount() throws IOException {
        scenario(
                "late",
                "SELECT * FROM curated.customer_features UNION ALL SELECT cust_id, tenant_id, email, full_name, tax_id, "
                        + "region, channel, segment, -999.0D AS amount_30d, count_30d, tenure_days, avg_ticket, days_since_last_tx, "
                        + "balance_avg_90d, credit_limit, 7.0D AS utilization_ratio, n_products, complaints_90d, logins_30d, "
                        + "failed_payments_90d, age_years, TIMESTAMP'2026-11-21 00:00:00' AS event_ts, DATE'2026-11-21' AS event_date "
                        + "FROM curated.customer_features",
                "");
        // Had the later rows counted, their impossible values would fail the range checks (exit 4).
        CliRunner.Result run = score("late", null);
        assertThat(run.code()).as(run.toString()).isZero();
        long eligible = spark.sql(
                        "SELECT count(DISTINCT tenant_id, cust_id) FROM curated.customer_features WHERE event_ts <= "
                                + AS_OF)
                .head()
                .getLong(0);
        assertThat(rows("late_2026-11-20")).isEqualTo(eligible);
    }

    @Test
    void aFailedRunKeepsItsPinnedInputVersionOnRetry() throws IOException {
        scenario(
                "pinned",
                "SELECT cust_id, tenant_id, email, full_name, tax_id, region, channel, segment, amount_30d, count_30d, "
                        + "tenure_days, avg_ticket, days_since_last_tx, balance_avg_90d, credit_limit, "
                        + "CASE WHEN pmod(xxhash64(cust_id), 10) = 0 THEN 1.5D ELSE utilization_ratio END AS utilization_ratio, "
                        + "n_products, complaints_90d, logins_30d, failed_payments_90d, age_years, event_ts, event_date FROM curated.customer_features",
                "");
        assertExit(score("pinned", null), 4, "max_value(utilization_ratio)");
        // Fixing the data afterwards (a new Delta version) does not change the retried run: it reads its pinned
        // version.
        io.delta.tables.DeltaTable.forName(spark, "curated.pinned")
                .updateExpr("utilization_ratio > 1", java.util.Map.of("utilization_ratio", "0.5D"));
        assertExit(score("pinned", null), 4, "max_value(utilization_ratio)");
        assertThat(rows("pinned_2026-11-20")).isZero();
        // A new job id pins the new version and passes.
        assertThat(score("pinned", "pinned_fixed").code()).isZero();
    }

    @Test
    void badDataStopsTheRunBeforeScoringWithExitFour() throws IOException {
        String columns = COLUMNS;
        scenario(
                "nulls",
                "SELECT "
                        + columns.formatted(
                                "CASE WHEN pmod(xxhash64(cust_id), 20) = 0 THEN NULL ELSE logins_30d END AS logins_30d")
                        + " FROM curated.customer_features",
                "");
        CliRunner.Result nullsFailed = score("nulls", null);
        assertExit(nullsFailed, 4, "null_rate(logins_30d)");
        // a failed run opens one incident; its retry, failing the same way, names the same one
        java.util.regex.Matcher opened = java.util.regex.Pattern.compile(
                        "incident (inc-[0-9a-f]{16}) opened: scoring run nulls_2026-11-20 failed \\(exit 4\\): ")
                .matcher(nullsFailed.out());
        assertThat(opened.find()).as(nullsFailed.toString()).isTrue();

        scenario(
                "dupes",
                "SELECT * FROM curated.customer_features UNION ALL SELECT * FROM curated.customer_features "
                        + "WHERE pmod(xxhash64(cust_id), 50) = 0",
                "");
        assertExit(score("dupes", null), 4, "unique(tenant_id+entity_key)");

        scenario("missing", "SELECT " + columns.replace("%s, ", "") + " FROM curated.customer_features", "");
        assertExit(score("missing", null), 4, "out of contract (missing v1) — column_present(logins_30d)");

        scenario(
                "drifted",
                "SELECT " + columns.formatted("logins_30d").replace("amount_30d,", "amount_30d * 40 AS amount_30d,")
                        + " FROM curated.customer_features",
                "");
        assertExit(score("drifted", null), 4, "drift beyond the model baseline — mean_shift(amount_30d)");
        for (String job : List.of("nulls_2026-11-20", "dupes_2026-11-20", "missing_2026-11-20", "drifted_2026-11-20")) {
            assertThat(rows(job)).as(job).isZero();
            String exposition =
                    Files.readString(config.home().resolve("runs").resolve(job).resolve("metrics.prom"));
            assertThat(sample(exposition, "scorehouse_job_exit_code")).as(job).isEqualTo(4);
            assertThat(sample(exposition, "scorehouse_job_failed_partition{partition=\"dt=2026-11-20\"}"))
                    .as(job)
                    .isEqualTo(1);
            assertThat(exposition).as(job).doesNotContain("scorehouse_job_rows_out");
        }
        // the failure is in lineage too: START, then FAIL with the exit code
        List<com.fasterxml.jackson.databind.JsonNode> nulls = lineageEvents("score.nulls");
        assertThat(nulls.stream().map(e -> e.path("eventType").asText())).containsExactly("START", "FAIL");
        assertThat(nulls.get(1).at("/run/facets/scorehouse/exitCode").asInt()).isEqualTo(4);
        assertThat(nulls.get(1).at("/run/runId").asText())
                .isEqualTo(nulls.get(0).at("/run/runId").asText());
        CliRunner.Result nullsRetried = score("nulls", null);
        assertExit(nullsRetried, 4, "null_rate(logins_30d)");
        assertThat(nullsRetried.out()).contains("incident " + opened.group(1) + " is already open");
        spark.sql("REFRESH TABLE lake.ops.events");
        assertThat(spark
                        .sql("SELECT job_id, details['kind'] FROM lake.ops.events WHERE event_type = 'INCIDENT_OPENED'"
                                + " AND details['incident_id'] = '" + opened.group(1) + "'")
                        .collectAsList()
                        .stream()
                        .map(row -> row.getString(0) + " " + row.getString(1))
                        .toList())
                .containsExactly("nulls_2026-11-20 run.failed");
    }

    @Test
    void degradePolicyPublishesAndFlagsDriftedInput() throws IOException {
        scenario(
                "degraded",
                "SELECT cust_id, tenant_id, email, full_name, tax_id, region, channel, segment, amount_30d * 40 AS amount_30d, "
                        + "count_30d, tenure_days, avg_ticket, days_since_last_tx, balance_avg_90d, credit_limit, utilization_ratio, n_products, "
                        + "complaints_90d, logins_30d, failed_payments_90d, age_years, event_ts, event_date FROM curated.customer_features",
                "degrade");
        CliRunner.Result run = score("degraded", null);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out()).contains("quality degraded");
        assertThat(spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE job_id = 'degraded_2026-11-20' "
                                + "AND runtime_meta['quality'] <> 'degraded'")
                        .head()
                        .getLong(0))
                .isZero();
        assertThat(rows("degraded_2026-11-20")).isPositive();
        assertThat(spark.sql(
                                "SELECT count(*) FROM lake.ops.events WHERE job_id = 'degraded_2026-11-20' AND event_type = 'DEGRADED'")
                        .head()
                        .getLong(0))
                .isEqualTo(1);
    }

    @Test
    void aShiftedScoreDistributionFailsOrIsPublishedDegraded() throws IOException {
        // The riskiest third of the customers: every feature within the input drift limit, the scores not.
        String riskiest = "SELECT * FROM curated.customer_features WHERE utilization_ratio > 0.55";
        scenario("shifted", riskiest, "");
        spark.catalog().clearCache();
        assertExit(
                score("shifted", null),
                4,
                "score distribution drifted from the training scores — score_psi(score): observed");
        assertThat(rows("shifted_2026-11-20")).isZero();
        // refused after scoring, when both its input and its scores were cached: neither stays in the session
        assertThat(spark.sharedState().cacheManager().isEmpty()).isTrue();

        scenario("shifted_degraded", riskiest, "output-degrade");
        CliRunner.Result run = score("shifted_degraded", null);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(spark.sql(
                                "SELECT count(*), count_if(runtime_meta['quality'] = 'degraded') FROM lake.scored.predictions "
                                        + "WHERE job_id = 'shifted_degraded_2026-11-20'")
                        .head())
                .satisfies(r -> {
                    assertThat(r.getLong(0)).isPositive();
                    assertThat(r.getLong(1)).isEqualTo(r.getLong(0));
                });
        String manifest = Files.readString(config.home().resolve("runs/shifted_degraded_2026-11-20/manifest.json"));
        assertThat(manifest).contains("\"output\"", "\"score_psi\"", "\"quality\" : \"degraded\"");
    }

    @Test
    void aModelFeatureOutsideTheAllowListIsRefusedByPolicy() throws IOException {
        scenario("narrow", "SELECT * FROM curated.customer_features", "allow-list");
        assertExit(
                score("narrow", null),
                3,
                "refused by batch.data — columns_allowed: columns not allow-listed: [age_years]");
    }

    @Test
    void aWriterOutsideScoredWriteIsRefusedBeforeAnythingIsStaged() throws IOException {
        scenario("writer", "SELECT * FROM curated.customer_features", "service-account:svc-analyst");
        long before = snapshots();
        assertExit(
                score("writer", null),
                3,
                "publish as svc-analyst — refused by scored.write — caller_is_writer: the caller may not write scores");
        assertThat(snapshots()).isEqualTo(before);
        assertThat(spark.sql("SELECT count(*) FROM lake.scored.predictions.refs WHERE name LIKE '%writer%'")
                        .head()
                        .getLong(0))
                .isZero();
    }

    @Test
    void modelGateRefusals() throws IOException {
        ModelRef staged = new TrainingJob(
                        spark,
                        config.warehouse(),
                        registry,
                        Signer.fromConfig(config),
                        ArtifactStore.of(config).staging(),
                        Clock.systemUTC())
                .run(TestModels.churn(true), DATE, "trainer", "sha256:" + "0".repeat(64))
                .version()
                .ref();
        scenario("gate", "SELECT * FROM curated.customer_features", "pin:" + staged.version());
        assertExit(score("gate", null), 3, "refused by batch.model — approved: the model version is not Approved");

        ReleasedModels.release(registry, staged, bundleDigest(), "for the gate test");
        registry.setLifecycleDates(staged, "2026-10-01", "2026-11-01", "test", "expired");
        assertExit(score("gate", null), 3, "before_end_of_life: the model version is past its end of life");

        registry.setLifecycleDates(staged, null, null, "test", "back in life");
        registry.transition(staged, Stage.REVOKED, "security", "CVE", "sha256:" + "0".repeat(64));
        assertExit(score("gate", null), 3, "not_revoked: the model version is revoked");
        assertThat(rows("gate_2026-11-20")).isZero();
    }

    @Test
    void aReleaseBoundToAnotherPolicyBundleIsRefused() throws IOException {
        scenario("bound", "SELECT * FROM curated.customer_features", "pin:" + otherBundle.version());
        assertExit(score("bound", null), 3, "policy_snapshot_matches_release");
        assertThat(rows("bound_2026-11-20")).isZero();

        // spare's release bound this bundle
        scenario("rebound", "SELECT * FROM curated.customer_features", "pin:" + spare.version());
        CliRunner.Result run = score("rebound", null);
        assertThat(run.code()).as(run.toString()).isZero();
    }

    @Test
    void aPipelineMayPinItsModelByDigestAndTheFreshnessExpressionIsChecked() throws IOException {
        scenario(
                "by_digest",
                "SELECT * FROM curated.customer_features",
                "pin:" + registry.get(spare).modelDigest());
        CliRunner.Result run = score("by_digest", null);
        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(spark.sql("SELECT count(*), count_if(model_version = " + spare.version()
                                + ") FROM lake.scored.predictions WHERE job_id = 'by_digest_2026-11-20'")
                        .head())
                .satisfies(r -> assertThat(r.getLong(1)).isEqualTo(r.getLong(0)).isPositive());

        scenario("bad_freshness", "SELECT * FROM curated.customer_features", "");
        TestConf.edit(
                conf, "pipelines/bad_freshness.yaml", "day-expression: event_date", "day-expression: no_such_col");
        assertExit(score("bad_freshness", null), 2, "freshness.day-expression 'no_such_col' is not an expression");
    }

    @Test
    void aTamperedModelIsAnIntegrityFailure() throws IOException {
        scenario("tampered", "SELECT * FROM curated.customer_features", "pin:" + spare.version());
        Path model = registry.get(spare).artifactDir().resolve(ModelRegistry.MODEL_FILE);
        byte[] original = Files.readAllBytes(model);
        byte[] flipped = original.clone();
        flipped[flipped.length / 3] ^= 0x01;
        Files.write(model, flipped);
        try {
            assertExit(score("tampered", null), 5, "model.ubj changed since it was signed");
        } finally {
            Files.write(model, original);
        }
        assertThat(rows("tampered_2026-11-20")).isZero();
    }

    @Test
    void theDatasetContractRefusesExtraAndRetypedColumnsAndPiiInTheAllowList() throws IOException {
        scenario("extra", "SELECT *, 'nick' AS nickname FROM curated.customer_features", "");
        assertExit(score("extra", null), 4, "column_contracted(nickname): observed 0, expected listed in the contract");
        scenario(
                "retyped",
                "SELECT "
                        + COLUMNS.formatted("logins_30d")
                                .replace("tenure_days,", "CAST(tenure_days AS STRING) AS tenure_days,")
                        + " FROM curated.customer_features",
                "");
        assertExit(score("retyped", null), 4, "column_type(tenure_days): observed 0, expected int (is string)");
        scenario("piiread", "SELECT * FROM curated.customer_features", "pii");
        assertExit(score("piiread", null), 2, "allow-lists email, classified pii in the contract of curated.piiread");
        for (String job : List.of("extra_2026-11-20", "retyped_2026-11-20", "piiread_2026-11-20")) {
            assertThat(rows(job)).as(job).isZero();
        }
    }

    @Test
    void aDayWithoutInputIsNeverScoredFromStaleSnapshots() {
        long before = snapshots();
        assertExit(
                cli(
                        "score",
                        "--pipeline",
                        "churn_daily",
                        "--date",
                        DATE.plusDays(4).toString()),
                4,
                "input for 2026-11-24 not available — 0 rows of that day");
        assertThat(snapshots()).isEqualTo(before);
    }

    @Test
    void aRetryUnderAnEditedPipelineIsRefused() throws IOException {
        retryAfterAnEditIsRefused(
                "edited",
                "",
                () -> TestConf.edit(conf, "pipelines/edited.yaml", "max-null-rate: 0.01", "max-null-rate: 0.05"),
                "pipeline definition");
    }

    @Test
    void aRetryUnderAnEditedReasonCodeMappingIsRefused() throws IOException {
        Files.writeString(
                conf.resolve("reasons/retry_v1.yaml"),
                Files.readString(conf.resolve("reasons/churn_v1.yaml")).replace("name: churn_v1", "name: retry_v1"));
        // the same codes, another meaning: what a notice quoting C01 would say has changed
        retryAfterAnEditIsRefused(
                "rereasoned",
                "reasons:retry_v1",
                () -> TestConf.edit(
                        conf, "reasons/retry_v1.yaml", "No recent transactions", "No transactions this year"),
                "reason-code mapping");
    }

    private interface ConfEdit {
        void apply() throws IOException;
    }

    /** A first attempt refused by its checks (exit 4), {@code edit}, then the retry refused naming {@code what}. */
    private static void retryAfterAnEditIsRefused(String name, String variant, ConfEdit edit, String what)
            throws IOException {
        scenario(
                name,
                "SELECT " + COLUMNS.formatted("logins_30d").replace("utilization_ratio,", "1.5D AS utilization_ratio,")
                        + " FROM curated.customer_features",
                variant);
        assertExit(score(name, null), 4, "max_value(utilization_ratio)");
        edit.apply();
        assertExit(score(name, null), 5, what + " changed since the first attempt; a run is one configuration");
        assertThat(rows(name + "_2026-11-20")).isZero();
    }

    @Test
    void theStoreKeepsOneHmacKey(@TempDir Path secrets) throws IOException {
        ScoredStore store = new ScoredStore(spark, config.catalog().name());
        store.ensure();
        String storeKey = EntityTokenizer.fromConfig(config).keyId();
        store.requireEntityKeyId(storeKey);
        long before = snapshots();

        Path otherKey = secrets.resolve("other-hmac.key");
        Files.writeString(otherKey, "ab".repeat(32));
        CliRunner.Result rekeyed = cliWithHmacKey(otherKey, "rekeyed");
        assertExit(rekeyed, 5, "differs from " + storeKey);
        assertThat(rekeyed.err())
                .contains(EntityTokenizer.fromConfig(withHmacKey(otherKey)).keyId())
                .contains("key rotation is refused");
        assertThat(snapshots()).isEqualTo(before);
        assertThat(store.entityKeyId()).contains(storeKey);

        Path missing = secrets.resolve("vault/hmac.key");
        assertExit(cliWithHmacKey(missing, "unkeyed"), 2, "HMAC key file " + missing + " does not exist");
        assertThat(missing).doesNotExist();
        assertThat(missing.getParent()).doesNotExist();
    }

    private static CliRunner.Result cliWithHmacKey(Path keyFile, String jobId) {
        ScorehouseConfig other = withHmacKey(keyFile);
        return CliRunner.run(
                () -> other, spark, "score", "--pipeline", "churn_daily", "--date", DATE.toString(), "--job-id", jobId);
    }

    private static ScorehouseConfig withHmacKey(Path keyFile) {
        Map<String, String> env = new java.util.HashMap<>(TestLakehouse.environmentFor(config.home()));
        env.put("SCOREHOUSE_HMAC_KEY_FILE", keyFile.toString());
        return new ConfigLoader(env).load(conf);
    }

    @Test
    void aRevokedVersionIsNoLongerServedByVLastOrTheHotStore() throws IOException {
        scenario("before_revocation", "SELECT * FROM curated.customer_features", "pin:" + spare.version());
        assertThat(score("before_revocation", null).code()).isZero();
        scenario("revocable", "SELECT * FROM curated.customer_features", "pin:" + revocable.version());
        assertThat(score("revocable", null).code()).isZero();
        String ofRevocable = " WHERE model_name = 'churn' AND model_version = " + revocable.version();
        long served = controlPlaneCount("SELECT count(*) FROM last_scores" + ofRevocable);
        assertThat(served).isPositive();
        assertThat(vLast(ofRevocable)).isEqualTo(served);

        CliRunner.Result revoke = cli("revoke", revocable.toString(), "--reason", "CVE-2026-0001");
        assertThat(revoke.code()).as(revoke.toString()).isZero();
        assertThat(revoke.out())
                .contains("Revoked", "revocations synced: 1 version(s) newly hidden from v_last")
                .contains(served + " last scores removed, " + served + " fell back to an earlier valid score");
        assertThat(vLast(ofRevocable)).isZero();
        assertThat(controlPlaneCount("SELECT count(*) FROM last_scores" + ofRevocable))
                .isZero();
        // Every entity falls back to its previous valid score (the spare's run scored them all).
        assertThat(controlPlaneCount("SELECT count(*) FROM last_scores WHERE job_id = 'before_revocation_2026-11-20'"))
                .isEqualTo(served);
        assertThat(controlPlaneCount(
                        "SELECT count(*) FROM audit_chain WHERE action = 'scores.invalidated' AND subject = '"
                                + revocable + "'"))
                .isEqualTo(1);

        CliRunner.Result again = cli("sync-revocations");
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out()).contains("0 version(s) newly hidden from v_last; hot store: 0 last scores removed");
    }

    private static long vLast(String where) {
        return spark.sql("SELECT count(*) FROM lake.scored.v_last" + where)
                .head()
                .getLong(0);
    }

    @Test
    void aReplayOfARunWhosePublishedRowsWereAlteredIsAnIntegrityFailure() {
        assertThat(score("churn_daily", "altered").code()).isZero();
        spark.sql("UPDATE lake.scored.predictions SET score = least(1.0D, score + 0.01D) "
                + "WHERE job_id = 'altered' AND entity_key < '4'");
        long altered = spark.sql(
                        "SELECT count(*) FROM lake.scored.predictions WHERE job_id = 'altered' AND entity_key < '4'")
                .head()
                .getLong(0);
        assertThat(altered).isPositive();
        CliRunner.Result replay = cli("replay", "--run", "altered");
        assertExit(
                replay, 5, "replay altered — replayed rows differ from the published ones — 0 published rows missing");
        assertThat(replay.err()).contains("differing score: " + altered + " rows");
        assertExit(cli("replay", "--run", "nosuch"), 2, "no run with job id 'nosuch'");
    }

    @Test
    void unknownAndMalformedPipelinesAreUsageErrors() throws IOException {
        assertExit(score("nightly", null), 2, "unknown pipeline 'nightly'");
        Files.writeString(conf.resolve("pipelines/broken.yaml"), "name: broken\ncolumns: [unclosed\n");
        assertExit(score("broken", null), 2, "broken.yaml: not valid YAML");
    }

    @Test
    void noRawIdOrPiiReachesTheStoreRunsOrLogs() throws IOException {
        assertThat(score("churn_daily", "pii_check").code()).isZero();
        List<String> canaries = spark
                .sql("SELECT cust_id, email, full_name, tax_id FROM curated.customer_features LIMIT 200")
                .collectAsList()
                .stream()
                .flatMap(r -> Stream.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3)))
                .toList();
        for (String table :
                List.of("lake.scored.predictions", "lake.ops.events", "lake.ops.audit", "lake.ops.run_manifests")) {
            String dump = spark.table(table).collectAsList().toString();
            assertThat(dump).as(table).doesNotContain("CUST-", "@example.");
        }
        for (Path dir : List.of(
                config.home().resolve("warehouse/scored"),
                config.home().resolve("warehouse/ops"),
                config.home().resolve("runs"))) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                    assertThat(content).as(file.toString()).doesNotContain("CUST-");
                    for (String canary : canaries) {
                        assertThat(content).as(file.toString()).doesNotContain(canary);
                    }
                }
            }
        }
    }

    /** A curated dataset for a scenario, and a pipeline for it (optionally changed by {@code variant}). */
    private static void scenario(String name, String select, String variant) throws IOException {
        spark.sql("DROP TABLE IF EXISTS curated." + name);
        Path location = Path.of(CuratedTables.location(config.warehouse(), name));
        if (Files.exists(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        spark.sql(select).write().format("delta").save(location.toString());
        CuratedTables.register(spark, config.warehouse(), name);
        String pipeline = Files.readString(conf.resolve("pipelines/churn_daily.yaml"))
                .replace("name: churn_daily", "name: " + name)
                .replace("dataset: curated.customer_features", "dataset: curated." + name);
        if (variant.equals("degrade")) {
            pipeline = pipeline.replace("policy: fail ", "policy: degrade ");
        } else if (variant.equals("allow-list")) {
            pipeline = pipeline.replace("failed_payments_90d, age_years]", "failed_payments_90d]")
                    .replace("    age_years: {min: 18, max: 120}\n", "");
        } else if (variant.startsWith("service-account:")) {
            pipeline = pipeline.replace(
                    "# service-account: svc-batch-orchestrator",
                    "service-account: " + variant.substring("service-account:".length()));
        } else if (variant.equals("output-degrade")) {
            pipeline = pipeline.replaceFirst("(output-drift:[^\\n]*\\n  policy:) fail", "$1 degrade");
        } else if (variant.equals("pii")) {
            pipeline = pipeline.replace(
                    "allowed: [cust_id, tenant_id, event_ts,", "allowed: [cust_id, tenant_id, event_ts, email,");
        } else if (variant.startsWith("reasons:")) {
            pipeline = pipeline.replace("reasons: churn_v1", "reasons: " + variant.substring("reasons:".length()));
        } else if (variant.startsWith("pin:")) {
            pipeline = pipeline.replace("pin: approved", "pin: \"" + variant.substring(4) + "\"");
        }
        Files.writeString(conf.resolve("pipelines/" + name + ".yaml"), pipeline);
        Files.writeString(
                conf.resolve("contracts/" + name + ".yaml"),
                Files.readString(conf.resolve("contracts/customer_features.yaml"))
                        .replace("name: customer_features", "name: " + name));
    }

    private static Path copyConf() throws IOException {
        return TestConf.copy(List.of(
                "curated.late",
                "curated.pinned",
                "curated.nulls",
                "curated.dupes",
                "curated.missing",
                "curated.drifted",
                "curated.degraded",
                "curated.narrow",
                "curated.gate",
                "curated.tampered",
                "curated.bound",
                "curated.rebound",
                "curated.extra",
                "curated.retyped",
                "curated.piiread",
                "curated.edited",
                "curated.rereasoned",
                "curated.writer",
                "curated.before_revocation",
                "curated.revocable",
                "curated.shifted",
                "curated.shifted_degraded",
                "curated.by_digest",
                "curated.bad_freshness"));
    }

    @Test
    void anErasedEntityIsSkippedAndCountedInTheManifestUntilItsSuppressionIsLifted() throws Exception {
        String rawId = spark.sql(
                        "SELECT cust_id FROM curated.customer_features WHERE tenant_id = 'globex' ORDER BY cust_id LIMIT 1")
                .head()
                .getString(0);
        String key = EntityTokenizer.fromConfig(config).token("globex", rawId);
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        new io.scorehouse.lakehouse.controlplane.Erasures(controlPlane, Clock.systemUTC())
                .open("DSR-SCORE-1", "globex", io.scorehouse.lakehouse.Digests.sha256Hex(key), "test", "tester");
        try {
            CliRunner.Result run = score("churn_daily", "suppressed_run");
            assertThat(run.code()).as(run.toString()).isZero();
            assertThat(spark.sql(
                                    "SELECT count(*) FROM lake.scored.predictions WHERE job_id = 'suppressed_run' AND entity_key = '"
                                            + key + "'")
                            .head()
                            .getLong(0))
                    .isZero();
            assertThat(spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE job_id = 'suppressed_run'")
                            .head()
                            .getLong(0))
                    .isPositive();
            String manifest = Files.readString(config.home().resolve("runs/suppressed_run/manifest.json"));
            assertThat(manifest).contains("\"suppressed_entities\" : 1").doesNotContain(rawId, key);
            CliRunner.Result replay = cli("replay", "--run", "suppressed_run");
            assertThat(replay.code()).as(replay.toString()).isZero();
            assertThat(replay.out()).contains("identical", "1 erased entities skipped");
        } finally {
            try (java.sql.Connection connection = controlPlane.connect();
                    java.sql.Statement lift = connection.createStatement()) {
                lift.executeUpdate("DELETE FROM suppressed_keys WHERE request_id = 'DSR-SCORE-1'");
            }
        }
    }

    @Test
    void storeVerifySweepsRunsSnapshotsAndEvidenceAndNamesEachProblem() throws Exception {
        assertThat(score("churn_daily", "sweep_run").code()).isZero();
        assertThat(score("churn_daily", "sweep_run_2").code()).isZero();
        CliRunner.Result clean = cli("store", "verify", "--since", DATE.toString());
        assertThat(clean.code()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("; 0 problems; report ");

        // A flipped byte in a manifest, a deleted evidence file, a snapshot without its run: each named, exit 5.
        Path flipped = config.home().resolve("runs/sweep_run/manifest.json");
        Path deleted = config.home().resolve("runs/sweep_run_2/manifest.json");
        byte[] original = Files.readAllBytes(flipped);
        byte[] deletedBytes = Files.readAllBytes(deleted);
        byte[] changed = original.clone();
        changed[changed.length / 2] ^= 1;
        Files.write(flipped, changed);
        Files.delete(deleted);
        // A commit that claims a run key no run has (a score from a day no test reads).
        org.apache.iceberg.spark.CommitMetadata.withCommitProperties(
                Map.of("scorehouse.run-key", "ghost_run/dt=" + DATE),
                () -> {
                    spark.sql(
                            "INSERT INTO lake.scored.predictions SELECT request_id, tenant_id, entity_key, model_name, "
                                    + "model_version, model_digest, score, decision, TIMESTAMP'2000-01-01 00:00:00', "
                                    + "TIMESTAMP'2000-01-01 00:00:00', featureset_id, explanations, reason_codes, runtime_meta, "
                                    + "policy_digest, "
                                    + "'ghost_run', idempo_key, DATE'2000-01-01' FROM lake.scored.predictions WHERE job_id = 'sweep_run' LIMIT 1");
                    return null;
                },
                RuntimeException.class);
        try {
            CliRunner.Result broken = cli("store", "verify", "--since", DATE.toString());
            assertThat(broken.code()).as(broken.toString()).isEqualTo(5);
            assertThat(broken.out())
                    .contains(
                            "problem: run sweep_run: manifest of sweep_run — manifest.json changed since it was signed")
                    .contains(
                            "problem: run sweep_run_2: manifest of sweep_run_2 — signed file manifest.json is missing")
                    .contains("which no finalized run has");
            assertThat(broken.err().lines().toList())
                    .hasSize(1)
                    .first()
                    .asString()
                    .contains("store verify", "problem(s)");
            Path report = Path.of(
                    broken.err().substring(broken.err().indexOf("report ") + 7).strip());
            io.scorehouse.gates.signing.SignedFiles.verify(
                    TrustStore.fromConfig(config), report.getParent(), "sweep.sig.json", "sweep report");
            assertThat(Files.readString(report)).contains("sweep_run_2", "ghost_run");
        } finally {
            Files.write(flipped, original);
            Files.write(deleted, deletedBytes);
        }
    }

    private static CliRunner.Result score(String pipeline, String jobId) {
        return jobId == null
                ? cli("score", "--pipeline", pipeline, "--date", DATE.toString())
                : cli("score", "--pipeline", pipeline, "--date", DATE.toString(), "--job-id", jobId);
    }

    private static CliRunner.Result cli(String... args) {
        return CliRunner.run(() -> config, spark, args);
    }

    /** The OpenLineage events the home's runs wrote for one job, in the order written. */
    private static List<com.fasterxml.jackson.databind.JsonNode> lineageEvents(String job) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
        for (String line : Files.readAllLines(config.home().resolve("lineage/openlineage.jsonl"))) {
            com.fasterxml.jackson.databind.JsonNode event = json.readTree(line);
            if (event.at("/job/name").asText().equals(job)) {
                events.add(event);
            }
        }
        return events;
    }

    private static void assertExit(CliRunner.Result result, int code, String fragment) {
        assertThat(result.code()).as(result.toString()).isEqualTo(code);
        assertThat(result.err().lines().toList()).as(result.toString()).hasSize(1);
        assertThat(result.err()).startsWith("scorehouse: ").contains(fragment);
    }

    private static long rows(String jobId) {
        return spark.sql("SELECT count(*) FROM lake.scored.predictions WHERE job_id = '" + jobId + "'")
                .head()
                .getLong(0);
    }

    private static long controlPlaneCount(String sql) {
        try (java.sql.Connection connection = new ControlPlane(config.catalog()).connect();
                java.sql.ResultSet rs = connection.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long snapshots() {
        return spark.sql("SELECT count(*) FROM lake.scored.predictions.snapshots")
                .head()
                .getLong(0);
    }
}

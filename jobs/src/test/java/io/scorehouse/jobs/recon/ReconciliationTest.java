package io.scorehouse.jobs.recon;

import static io.scorehouse.jobs.testing.PrometheusSamples.sample;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.scorehouse.gates.Governance;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.gates.testing.ReleasedModels;
import io.scorehouse.jobs.cli.CliRunner;
import io.scorehouse.jobs.demo.DecisionsLedger;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.jobs.testing.LineageEvents;
import io.scorehouse.jobs.wiring.SparkWiring;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.IncidentOutbox;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import io.scorehouse.recon.ReportFiles;
import io.scorehouse.scoring.testing.TestModels;
import io.scorehouse.scoring.train.TrainingJob;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * D+1 reconciliation on demo data: scores published on D (a fixed clock pins as_of_out), the
 * decisions generator's injected anomalies, and the report checked against them.
 */
class ReconciliationTest {
    private static final LocalDate BUSINESS_DATE = LocalDate.of(2026, 5, 10);
    private static final LocalDate DAY = LocalDate.of(2026, 5, 11);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static SparkSession spark;
    private static ScorehouseConfig config;
    private static DecisionsLedger.Injected injected;

    @BeforeAll
    static void publishedScoresAndADecisionsLedger() {
        spark = TestLakehouse.spark();
        config = TestLakehouse.config();
        new DemoData(spark, config.warehouse()).write(BUSINESS_DATE, 4_000, List.of("acme", "globex"), 7);
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        ModelRegistry registry = new ModelRegistry(
                controlPlane, ArtifactStore.of(config), TrustStore.fromConfig(config), Clock.systemUTC());
        PolicyBundle policies = PolicyBundle.fromConf(config.confDir());
        ModelRef model = new TrainingJob(
                        spark,
                        config.warehouse(),
                        registry,
                        Signer.fromConfig(config),
                        ArtifactStore.of(config).staging(),
                        Clock.systemUTC())
                .run(TestModels.churn(false), BUSINESS_DATE, "trainer", policies.digest())
                .version()
                .ref();
        ReleasedModels.release(registry, model, policies.digest(), "recon test");
        Clock morningOfDay = Clock.fixed(Instant.parse("2026-05-11T06:00:00Z"), ZoneOffset.UTC);
        new SparkWiring(new Governance(() -> config, morningOfDay), spark, "test")
                .scoringRun(Duration.ofMinutes(15))
                .run(new PipelineDefinitions(config.confDir()).load("churn_daily"), BUSINESS_DATE, "recon_test_scores");
        injected = new DecisionsLedger(
                        spark, config.warehouse(), config.catalog().name())
                .write(DAY, 42, "", ArtifactStore.of(config).home().resolve("demo/decisions"));
    }

    @Test
    void everyCountInTheReportEqualsWhatTheGeneratorInjected() throws IOException {
        CliRunner.Result run = recon("--date", DAY.toString());
        assertThat(run.code()).as(run.toString()).isZero();
        JsonNode model = report().path("models").get(0);
        JsonNode truth = JSON.readTree(injected.countsFile().toFile());

        assertThat(truth.path("missing_scores").asLong()).isPositive();
        assertThat(model.path("missing_scores").asLong())
                .isEqualTo(truth.path("missing_scores").asLong());
        assertThat(model.path("surprise_versions").asLong())
                .isEqualTo(truth.path("surprise_versions").asLong())
                .isPositive();
        assertThat(model.path("duplicate_final_decisions").asLong())
                .isEqualTo(truth.path("duplicate_final_decisions").asLong())
                .isPositive();
        assertThat(model.path("late_in_watermark").asLong())
                .isEqualTo(truth.path("late_in_watermark").asLong())
                .isPositive();
        assertThat(model.path("late_beyond_watermark").asLong())
                .isEqualTo(truth.path("late_beyond_watermark").asLong())
                .isPositive();
        assertThat(model.path("out_of_window").asLong())
                .isEqualTo(truth.path("out_of_window").asLong())
                .isPositive();
        assertThat(model.path("unknown_request_ids").asLong())
                .isEqualTo(truth.path("unknown_request_ids").asLong())
                .isPositive();
        assertThat(model.path("decisions").asLong())
                .isEqualTo(truth.path("decisions_counted").asLong());
        long expectedMatched = expectedMatched(truth);
        assertThat(model.path("matched").asLong()).isEqualTo(expectedMatched);
        // The pipeline explains its adverse scores (hold, deny) with churn_v1: the matched ones' codes are counted,
        // at most top-k (3) per adverse score, none of another mapping.
        JsonNode codes = model.path("reason_codes");
        assertThat(codes.size()).as(codes.toString()).isPositive();
        codes.fieldNames().forEachRemaining(code -> assertThat(code).matches("C(0[1-9]|1[0-3])"));
        long adverseMatched = model.path("score_bands").path("hold").asLong()
                + model.path("score_bands").path("deny").asLong();
        long codesCounted = 0;
        for (JsonNode count : codes) {
            codesCounted += count.asLong();
        }
        assertThat(codesCounted).isPositive().isLessThanOrEqualTo(3 * adverseMatched);
        // Decisions citing their score are joined on it; the rest fall back to the time window.
        assertThat(model.path("matched_by").path("request_id").asLong())
                .isEqualTo(truth.path("matched_by_request_id").asLong())
                .isPositive();
        assertThat(model.path("matched_by").path("time_window").asLong())
                .isEqualTo(expectedMatched - truth.path("matched_by_request_id").asLong())
                .isPositive();
        assertThat(model.path("coverage").asDouble())
                .isEqualTo((double) expectedMatched
                        / truth.path("decisions_counted").asLong());
        // The day's Prometheus metrics say what its report says.
        String exposition = Files.readString(config.home().resolve("reports/recon/dt=" + DAY + "/metrics.prom"));
        String series = "{day=\"" + DAY + "\",model=\"churn\"}";
        assertThat(sample(exposition, "scorehouse_recon_coverage_ratio" + series))
                .isEqualTo(model.path("coverage").asDouble());
        assertThat(sample(exposition, "scorehouse_recon_decisions" + series))
                .isEqualTo(model.path("decisions").asLong());
        assertThat(sample(
                        exposition,
                        "scorehouse_recon_anomalies{day=\"" + DAY + "\",kind=\"no_score\",model=\"churn\"}"))
                .isEqualTo(model.path("missing_scores").asLong());
        assertThat(sample(exposition, "scorehouse_recon_guardrails_fired{day=\"" + DAY + "\"}"))
                .isZero();
        assertThat(sample(exposition, "scorehouse_job_exit_code")).isZero();
        // the query phase's duration is published for the day (its value is bench/recon.sh's business)
        assertThat(exposition).contains("scorehouse_recon_query_seconds{day=\"" + DAY + "\"}");
        // a series only for a rule the day missed (recon.targets: coverage_min 0.95); the seeds of this class's
        // ledgers put a day on either side of it
        assertThat(exposition.contains("rule=\"coverage_on_target\""))
                .isEqualTo(model.path("coverage").asDouble() < 0.95);
        // Generated request times lie 0..240 s after the score.
        assertThat(model.path("latency_seconds").path("p99").asDouble()).isBetween(0.0, 240.0);
        assertThat(model.path("latency_seconds").path("p95").asDouble())
                .isLessThanOrEqualTo(model.path("latency_seconds").path("p99").asDouble());

        long quarantined = spark.sql("SELECT count(*) FROM lake.recon.quarantine WHERE dt = DATE'" + DAY + "'")
                .head()
                .getLong(0);
        assertThat(quarantined)
                .isEqualTo(truth.path("missing_scores").asLong()
                        + truth.path("surprise_versions").asLong()
                        + truth.path("duplicate_final_decisions").asLong()
                        + truth.path("late_beyond_watermark").asLong()
                        + truth.path("out_of_window").asLong()
                        + truth.path("unknown_request_ids").asLong());
        assertThat(spark.sql("SELECT count(*) FROM lake.recon.quarantine WHERE dt = DATE'" + DAY
                                + "' AND reason = 'unknown_request_id' AND request_id IS NOT NULL")
                        .head()
                        .getLong(0))
                .isEqualTo(truth.path("unknown_request_ids").asLong());
        // The ledger itself is never altered by the quarantine.
        assertThat(spark.sql("SELECT count(*) FROM curated.decisions WHERE decision_date = DATE'" + DAY + "'")
                        .head()
                        .getLong(0))
                .isEqualTo(truth.path("ledger_rows").asLong());
    }

    @Test
    void smallSegmentsAreInsufficientAndAnUnshiftedDayTriggersNothing() throws IOException {
        assertThat(recon("--date", DAY.toString()).code()).isZero();
        JsonNode psi = report().path("psi");
        assertThat(psi).isNotEmpty();
        for (JsonNode p : psi) {
            if (p.path("sample_size").asLong() < 500) {
                assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("insufficient_sample");
                assertThat(p.path("psi").isNull()).isTrue();
            } else {
                assertThat(p.path("status").asText()).as(p.toString()).isEqualTo("ok");
            }
        }
        assertThat(psi.findValuesAsText("segment")).contains("partner");
        assertThat(conservativeEvents(report().path("recon_run_id").asText())).isZero();
    }

    @Test
    void aShiftedSegmentTriggersTheGuardrailEvent() throws IOException {
        LocalDate shiftedDay = DAY;
        try {
            new DecisionsLedger(spark, config.warehouse(), config.catalog().name())
                    .write(
                            shiftedDay,
                            42,
                            "smb",
                            ArtifactStore.of(config).home().resolve("demo/decisions-shifted"));
            CliRunner.Result run = recon("--date", shiftedDay.toString(), "--exit-on-guardrail");
            assertThat(run.code()).as(run.toString()).isEqualTo(6);
            assertThat(run.out()).contains("CONSERVATIVE_MODE churn@", "segment=smb");
            Row event = spark.sql(
                            "SELECT details['segment'], CAST(details['psi'] AS DOUBLE), model_name FROM lake.ops.events "
                                    + "WHERE event_type = 'CONSERVATIVE_MODE' AND dt = DATE'" + shiftedDay
                                    + "' AND details['segment'] = 'smb'")
                    .head();
            assertThat(event.getDouble(1)).isGreaterThan(0.25);
            assertThat(event.getString(2)).isEqualTo("churn");
            String exposition =
                    Files.readString(config.home().resolve("reports/recon/dt=" + shiftedDay + "/metrics.prom"));
            assertThat(sample(exposition, "scorehouse_recon_guardrails_fired{day=\"" + shiftedDay + "\"}"))
                    .isPositive();
            assertThat(sample(exposition, "scorehouse_job_exit_code")).isEqualTo(6);
        } finally {
            injected = new DecisionsLedger(
                            spark, config.warehouse(), config.catalog().name())
                    .write(DAY, 42, "", ArtifactStore.of(config).home().resolve("demo/decisions"));
        }
    }

    @Test
    void reRunningADayGivesIdenticalTablesAndReport() throws IOException {
        assertThat(recon("--date", DAY.toString()).code()).isZero();
        assertThat(spark.catalog().isCached("recon_matched"))
                .as("the match the recon cached is released when it ends")
                .isFalse();
        List<String> first = tables();
        JsonNode firstReport = withoutTime(report());
        List<Path> runsBefore = reportRuns();
        assertThat(recon("--date", DAY.toString()).code()).isZero();
        assertThat(tables()).isEqualTo(first);
        assertThat(withoutTime(report())).isEqualTo(firstReport);
        // Evidence is never overwritten: the re-run wrote its own signed set beside the first, untouched.
        List<Path> runsAfter = reportRuns();
        assertThat(runsAfter).hasSize(runsBefore.size() + 1).containsAll(runsBefore);
        for (Path run : runsAfter) {
            CliRunner.Result verified = CliRunner.run(() -> config, spark, "verify", "--report", run.toString());
            assertThat(verified.code()).as(verified.toString()).isZero();
        }
        assertThat(reportDir().resolve("latest").toRealPath())
                .isEqualTo(runsAfter.get(runsAfter.size() - 1).toRealPath());
    }

    @Test
    void theLedgerIsReadAndNumberedOnlyInsideTheCachedDay() throws Exception {
        List<String> plans = new CopyOnWriteArrayList<>();
        QueryExecutionListener planned = new QueryExecutionListener() {
            @Override
            public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
                plans.add(qe.executedPlan().toString());
            }

            @Override
            public void onFailure(String funcName, QueryExecution qe, Exception exception) {}
        };
        spark.listenerManager().register(planned);
        try {
            assertThat(recon("--date", DAY.toString()).code()).isZero();
            spark.sparkContext().listenerBus().waitUntilEmpty();
        } finally {
            spark.listenerManager().unregister(planned);
        }

        // The models, the match, the totals and the quarantine all read the day's rows the recon cached: every plan
        // that shows a scan of the ledger shows the cached one, with the attribute ids of its one analysis (a view
        // evaluated again would be analyzed again, with new ids).
        Pattern ledgerScan = Pattern.compile("FileScan parquet spark_catalog\\.curated\\.decisions\\[\\w+#(\\d+)");
        Set<String> scans = plans.stream()
                .flatMap(plan -> ledgerScan.matcher(plan).results().map(m -> m.group(1)))
                .collect(java.util.stream.Collectors.toSet());
        assertThat(plans).anySatisfy(plan -> assertThat(plan).contains("InMemoryRelation", "Window", "decisions"));
        assertThat(scans).as("analyses of the ledger's scan").hasSize(1);
    }

    private static List<Path> reportRuns() throws IOException {
        try (java.util.stream.Stream<Path> runs = Files.list(reportDir().resolve(ReportFiles.RUNS))) {
            return runs.filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void aLedgerThatCitesNoRequestIdIsMatchedByTimeAndAnOlderHomeGainsTheNewColumns() throws IOException {
        assertThat(recon("--date", DAY.toString()).code()).isZero();
        // a home whose recon tables predate decision ↔ score correlation
        spark.sql("ALTER TABLE lake.recon.daily DROP COLUMNS (matched_by_request_id, matched_by_time_window, "
                + "unknown_request_ids, reason_code_mix)");
        spark.sql("ALTER TABLE lake.recon.quarantine DROP COLUMN request_id");
        spark.sql("DROP TABLE IF EXISTS curated.decisions_uncited");
        String uncited = Stream.of(spark.table("curated.decisions").columns())
                .filter(c -> !c.equals("request_id"))
                .collect(java.util.stream.Collectors.joining(", "));
        spark.sql(
                "CREATE TABLE curated.decisions_uncited USING delta AS SELECT " + uncited + " FROM curated.decisions");
        try {
            CliRunner.Result run = recon("--date", DAY.toString(), "--decisions", "curated.decisions_uncited");
            assertThat(run.code()).as(run.toString()).isZero();
            JsonNode model = report().path("models").get(0);
            JsonNode truth = JSON.readTree(injected.countsFile().toFile());
            // Without citations, the decisions that cited an unknown id are matched to their entity's score by time.
            long expectedMatched = truth.path("decisions_counted").asLong()
                    - truth.path("missing_scores").asLong()
                    - truth.path("out_of_window").asLong();
            assertThat(model.path("matched").asLong()).isEqualTo(expectedMatched);
            assertThat(model.path("matched_by").path("time_window").asLong()).isEqualTo(expectedMatched);
            assertThat(model.path("matched_by").path("request_id").asLong()).isZero();
            assertThat(model.path("unknown_request_ids").asLong()).isZero();
            assertThat(List.of(spark.table("lake.recon.daily").columns()))
                    .contains(
                            "matched_by_request_id",
                            "matched_by_time_window",
                            "unknown_request_ids",
                            "reason_code_mix");
            Row mix = spark.sql("SELECT size(reason_code_mix), map_keys(reason_code_mix) = "
                            + "array_sort(map_keys(reason_code_mix)) FROM lake.recon.daily WHERE dt = DATE'" + DAY
                            + "'")
                    .head();
            assertThat(mix.getInt(0))
                    .as("the codes of the day's matched adverse scores")
                    .isEqualTo(model.path("reason_codes").size())
                    .isPositive();
            assertThat(mix.getBoolean(1))
                    .as("sorted by code, as the SQL built them")
                    .isTrue();
            assertThat(spark.sql("SELECT matched_by_time_window FROM lake.recon.daily WHERE dt = DATE'" + DAY + "'")
                            .head()
                            .getLong(0))
                    .isEqualTo(expectedMatched);
            assertThat(List.of(spark.table("lake.recon.quarantine").columns())).contains("request_id");
        } finally {
            spark.sql("DROP TABLE IF EXISTS curated.decisions_uncited");
        }
    }

    @Test
    void backfillBeyondSevenDaysIsRefused() {
        CliRunner.Result run = recon("--from", "2026-05-01", "--to", "2026-05-08");
        assertThat(run.code()).as(run.toString()).isEqualTo(3);
        assertThat(run.err()).startsWith("scorehouse: ").contains("refused by recon.limits", "window_within_limit");
    }

    @Test
    void reconRunsAsTheConfiguredCallerForADeclaredPurpose() throws IOException {
        assertRefused(recon("--date", DAY.toString(), "--purpose", "marketing"), "purpose_is_reconciliation");
        assertRefused(
                recon("--date", DAY.toString(), "--role", "audit"),
                "--role audit — ops-local holds [risk-ops]; flags may narrow the configured roles, never widen them");

        Path conf = io.scorehouse.jobs.testing.TestConf.copy(List.of());
        io.scorehouse.jobs.testing.TestConf.edit(conf, "scorehouse.yaml", "roles: [risk-ops]", "roles: [consumer]");
        ScorehouseConfig consumer =
                new io.scorehouse.lakehouse.config.ConfigLoader(TestLakehouse.environmentFor(config.home())).load(conf);
        assertRefused(
                CliRunner.run(() -> consumer, spark, "recon", "--date", DAY.toString()),
                "recon as ops-local [consumer] — refused by recon.access — role_allowed");
    }

    private static void assertRefused(CliRunner.Result run, String fragment) {
        assertThat(run.code()).as(run.toString()).isEqualTo(3);
        assertThat(run.err().lines().toList()).as(run.toString()).hasSize(1);
        assertThat(run.err()).startsWith("scorehouse: ").contains(fragment);
    }

    @Test
    void reportSignaturesVerifyAndAFlippedByteFails() throws IOException {
        // lineage posted to the configured OpenLineage endpoint: START, then COMPLETE naming what the report signs
        List<JsonNode> posted = new CopyOnWriteArrayList<>();
        HttpServer openLineage = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        openLineage.createContext("/api/v1/lineage", exchange -> {
            posted.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        openLineage.start();
        ScorehouseConfig withLineage;
        try {
            withLineage = config.withMetrics(new io.scorehouse.lakehouse.config.MetricsSettings(
                    null, "http://127.0.0.1:" + openLineage.getAddress().getPort() + "/")); // the base URL may end in /
            CliRunner.Result run = CliRunner.run(() -> withLineage, spark, "recon", "--date", DAY.toString());
            assertThat(run.code()).as(run.toString()).isZero();
        } finally {
            openLineage.stop(0);
        }
        Path dir = reportDir();
        JsonNode evidence =
                JSON.readTree(dir.resolve(ReportFiles.JSON).toFile()).path("evidence");
        assertThat(posted).extracting(event -> event.path("eventType").asText()).containsExactly("START", "COMPLETE");
        JsonNode complete = posted.get(1);
        assertThat(complete.path("job").path("name").asText()).isEqualTo("recon.daily");
        assertThat(complete.path("run").path("runId").asText())
                .isEqualTo(posted.get(0).path("run").path("runId").asText());
        assertThat(LineageEvents.versioned(complete.path("inputs")))
                .containsExactlyElementsOf(LineageEvents.reconInputs(evidence));
        assertThat(complete.path("outputs"))
                .extracting(output -> output.path("name").asText())
                .contains("lake.recon.daily", "lake.recon.psi", "lake.recon.quarantine");
        assertThat(complete.path("run")
                        .path("facets")
                        .path("scorehouse")
                        .path("reconRunId")
                        .asText())
                .isEqualTo(JSON.readTree(dir.resolve(ReportFiles.JSON).toFile())
                        .path("recon_run_id")
                        .asText());

        CliRunner.Result ok = CliRunner.run(() -> config, spark, "verify", "--report", dir.toString());
        assertThat(ok.code()).as(ok.toString()).isZero();
        for (String file : List.of(ReportFiles.JSON, ReportFiles.CSV, ReportFiles.HTML)) {
            Path path = dir.resolve(file);
            byte[] original = Files.readAllBytes(path);
            byte[] flipped = original.clone();
            flipped[flipped.length / 2] ^= 0x01;
            Files.write(path, flipped);
            try {
                CliRunner.Result bad = CliRunner.run(() -> config, spark, "verify", "--report", path.toString());
                assertThat(bad.code()).as(bad.toString()).isEqualTo(5);
                assertThat(bad.err()).contains(file + " changed since it was signed");
            } finally {
                Files.write(path, original);
            }
        }
    }

    @Test
    void noRawIdOrPiiReachesReconTablesReportsOrLogs() throws IOException {
        assertThat(recon("--date", DAY.toString()).code()).isZero();
        List<String> canaries = spark
                .sql("SELECT cust_id, email, full_name, tax_id FROM curated.customer_features LIMIT 300")
                .collectAsList()
                .stream()
                .flatMap(r -> Stream.of(r.getString(0), r.getString(1), r.getString(2), r.getString(3)))
                .toList();
        for (String table :
                List.of("lake.recon.daily", "lake.recon.psi", "lake.recon.quarantine", "lake.recon.guardrails")) {
            String dump = spark.table(table).collectAsList().toString();
            assertThat(dump).as(table).doesNotContain("CUST-", "@example.");
        }
        for (Path dir :
                List.of(config.home().resolve("warehouse/recon"), config.home().resolve("reports"), config.logsDir())) {
            if (!Files.exists(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String content = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
                    for (String canary : canaries) {
                        assertThat(content).as(file.toString()).doesNotContain(canary);
                    }
                }
            }
        }
    }

    @Test
    void aCoverageDropOpensOneIncidentThatTheOutboxDeliversOnceTheReceiverIsUp() throws Exception {
        byte[] secret = "incident-webhook-secret-for-tests".getBytes(StandardCharsets.UTF_8);
        Path secretFile = Files.write(Files.createTempFile("incident-secret", ".txt"), secret);
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort(); // the receiver is down: once closed, nothing listens on its port
        }
        String[] withWebhook = {
            "--date", DAY.toString(),
            "--incident-webhook-url", "http://127.0.0.1:" + port + "/incidents",
            "--incident-webhook-secret-file", secretFile.toString()
        };

        // the day's coverage as the generator made it (everyCountInTheReportEqualsWhatTheGeneratorInjected)
        JsonNode truth = JSON.readTree(injected.countsFile().toFile());
        double before = (double) expectedMatched(truth)
                / truth.path("decisions_counted").asLong();
        // the coverage drop: one decision in ten more, each for an entity no score exists for
        spark.sql("INSERT INTO curated.decisions SELECT concat('DROP-', decision_id), tenant_id,"
                + " sha2(concat('never-scored-drop|', entity_key), 256), model_name, model_version_used, request_id,"
                + " decision, request_ts, ingested_at, segment, region, channel, reason_codes, is_final, decision_date"
                + " FROM curated.decisions WHERE decision_date = DATE'" + DAY
                + "' AND is_final AND pmod(xxhash64(decision_id), 10) = 0");
        try {
            incidentsAfterACoverageDrop(secret, port, withWebhook, before);
        } finally {
            injected = new DecisionsLedger(
                            spark, config.warehouse(), config.catalog().name())
                    .write(DAY, 42, "", ArtifactStore.of(config).home().resolve("demo/decisions"));
        }
    }

    private static void incidentsAfterACoverageDrop(byte[] secret, int port, String[] withWebhook, double before)
            throws Exception {
        CliRunner.Result down = recon(withWebhook);

        assertThat(down.code())
                .as("an undelivered incident never changes the exit code: " + down)
                .isZero();
        assertThat(report().path("models").get(0).path("coverage").asDouble())
                .isLessThan(before)
                .isLessThan(0.95);
        // the day's metrics carry the policy's decision, which the coverage alert follows
        String exposition = Files.readString(config.home().resolve("reports/recon/dt=" + DAY + "/metrics.prom"));
        assertThat(sample(
                        exposition,
                        "scorehouse_recon_target_missed{day=\"" + DAY
                                + "\",model=\"churn\",rule=\"coverage_on_target\"}"))
                .isEqualTo(1);
        String id = incidentId(down.out(), "opened|is already open");
        IncidentOutbox outbox = new IncidentOutbox(new ControlPlane(config.catalog()), Clock.systemUTC());
        IncidentOutbox.Entry waiting = outbox.find(id).orElseThrow();
        assertThat(waiting.kind()).isEqualTo("recon.coverage_on_target");
        assertThat(waiting.deliveredAt()).isEmpty();
        assertThat(waiting.attempts()).isGreaterThanOrEqualTo(3);
        assertThat(down.out()).contains("waiting in the outbox");

        List<String[]> received = new CopyOnWriteArrayList<>();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        receiver.createContext("/incidents", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {exchange.getRequestHeaders().getFirst(ReleaseWebhook.SIGNATURE_HEADER), body});
            // each incident's first delivery attempt meets a receiver still warming up
            exchange.sendResponseHeaders(seen.add(body) ? 503 : 200, -1);
            exchange.close();
        });
        receiver.start();
        try {
            CliRunner.Result later = recon(withWebhook);
            assertThat(later.code()).as(later.toString()).isZero();
            assertThat(later.out()).contains("incident " + id + " is already open");
        } finally {
            receiver.stop(0);
        }

        List<JsonNode> coverage = new ArrayList<>();
        for (String[] delivery : received) {
            assertThat(delivery[0]).as("signed").isEqualTo(ReleaseWebhook.signature(secret, delivery[1]));
            JsonNode alert = JSON.readTree(delivery[1]).path("alerts").get(0);
            if (alert.path("labels").path("alertname").asText().equals("recon.coverage_on_target")) {
                coverage.add(alert);
            }
        }
        assertThat(coverage).as("two attempts of one incident: 503, then 200").hasSize(2);
        assertThat(coverage)
                .allSatisfy(alert -> assertThat(
                                alert.path("labels").path("incident_id").asText())
                        .isEqualTo(id));
        IncidentOutbox.Entry delivered = outbox.find(id).orElseThrow();
        assertThat(delivered.deliveredAt()).isPresent();
        assertThat(delivered.attempts()).isEqualTo(waiting.attempts() + 2);
        assertThat(spark.sql("SELECT count(*) FROM lake.ops.events WHERE event_type = 'INCIDENT_OPENED'"
                                + " AND details['incident_id'] = '" + id + "'")
                        .head()
                        .getLong(0))
                .as("one INCIDENT_OPENED event however often the day is reconciled")
                .isEqualTo(1);
    }

    /** The decisions the generator left matchable: all counted, less those without a score or a window. */
    private static long expectedMatched(JsonNode truth) {
        return truth.path("decisions_counted").asLong()
                - truth.path("missing_scores").asLong()
                - truth.path("out_of_window").asLong()
                - truth.path("unknown_request_ids").asLong();
    }

    private static String incidentId(String out, String verbs) {
        Matcher line = Pattern.compile("incident (inc-[0-9a-f]{16}) (?:" + verbs + ").*coverage below")
                .matcher(out);
        assertThat(line.find()).as(out).isTrue();
        return line.group(1);
    }

    private static CliRunner.Result recon(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "recon";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRunner.run(() -> config, spark, all);
    }

    private static Path reportDir() {
        return ArtifactStore.of(config).reconReport(DAY);
    }

    private static JsonNode report() throws IOException {
        return JSON.readTree(reportDir().resolve(ReportFiles.JSON).toFile());
    }

    private static JsonNode withoutTime(JsonNode report) {
        ObjectNode copy = report.deepCopy();
        copy.remove("generated_at");
        copy.remove("provisional");
        ((com.fasterxml.jackson.databind.node.ArrayNode) copy.path("pending_items")).removeAll();
        return copy;
    }

    private static List<String> tables() {
        return Stream.of("daily", "psi", "quarantine", "guardrails")
                .map(t -> spark.sql(
                                "SELECT * FROM lake.recon." + t + " WHERE dt = DATE'" + DAY + "' ORDER BY 1, 2, 3, 4")
                        .collectAsList()
                        .toString())
                .toList();
    }

    private static long conservativeEvents(String reconRunId) {
        return spark.sql("SELECT count(*) FROM lake.ops.events WHERE event_type = 'CONSERVATIVE_MODE' AND dt = DATE'"
                        + DAY + "' " + "AND job_id = '" + reconRunId + "'")
                .head()
                .getLong(0);
    }
}

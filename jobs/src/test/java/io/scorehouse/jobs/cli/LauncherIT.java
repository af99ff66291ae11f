package io.scorehouse.jobs.cli;

import static io.scorehouse.jobs.testing.LineageEvents.versioned;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.jobs.testing.DemoHome;
import io.scorehouse.jobs.testing.Launcher;
import io.scorehouse.jobs.testing.LineageEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** bin/scorehouse end to end, as the README tells a newcomer to use it. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LauncherIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path home;
    private static Launcher launcher;

    @BeforeAll
    static void freshHome() {
        home = DemoHome.home();
        launcher = new Launcher(home, Map.of());
    }

    @Test
    @Order(1)
    void demoCreatesTheLakehouseAndSaysWhatItCreated() throws Exception {
        Launcher.Result demo = DemoHome.build();

        assertThat(demo.code()).as(demo.toString()).isZero();
        assertThat(demo.out())
                .contains(
                        "curated.customer_features",
                        "curated.churn_labels",
                        "== Created",
                        "home           " + home,
                        "warehouse      " + home.resolve("warehouse"),
                        "registered churn@1  stage Staging",
                        "signature      verified",
                        "churn@1: Staging -> Approved",
                        "verified churn_daily_2026-11-20: manifest signature ok",
                        "staging-report --model churn@1",
                        "shadow --model churn@2",
                        "canary plan churn@2",
                        "canary evaluate churn@2",
                        "== 9. What consumers read",
                        "== 11. Reconcile D+1",
                        // the API step: served a search, refused a read without a purpose
                        "GET /api/scored/v1/search -> 200",
                        "without X-Purpose -> 403");
        assertThat(demo.err()).contains("WARNING: generated a DEVELOPMENT signing key");
        assertThat(demo.err()).contains("demo-data: generating " + DemoHome.ROWS + " entities");
        assertThat(Files.exists(home.resolve("control.db"))).isTrue();
        assertThat(Files.isDirectory(home.resolve("warehouse/curated/customer_features/_delta_log")))
                .isTrue();
        assertThat(home.resolve("artifacts/registry/churn/1/model_card.md")).isRegularFile();
        // XGBoost's per-round evaluation lines stay out of the console (two trainings of 20+ rounds each)
        assertThat(demo.out() + demo.err()).doesNotContain("train-logloss");
    }

    @Test
    @Order(2)
    void everyJobOfTheDemoLeavesLineageThatNamesTheVersionsItsEvidenceRecords() throws Exception {
        Map<String, JsonNode> completed = new java.util.HashMap<>();
        for (String line : Files.readAllLines(home.resolve("lineage/openlineage.jsonl"))) {
            JsonNode event = JSON.readTree(line);
            if ("COMPLETE".equals(event.path("eventType").asText())) {
                completed.putIfAbsent(event.path("job").path("name").asText(), event); // the first of each job
            }
        }
        assertThat(completed).containsKeys("train.churn", "staging-report.churn", "shadow.churn", "recon.daily");

        JsonNode training = JSON.readTree(
                        home.resolve("artifacts/registry/churn/1/model.json").toFile())
                .path("training");
        assertThat(versioned(completed.get("train.churn").path("inputs")))
                .containsExactly(
                        training.path("features_dataset").asText() + "@"
                                + training.path("features_delta_version").asText(),
                        training.path("labels_dataset").asText() + "@"
                                + training.path("labels_delta_version").asText());
        assertThat(versioned(completed.get("train.churn").path("outputs"))).containsExactly("registry/churn@1");

        for (String gate : List.of("staging-report.churn", "shadow.churn")) {
            JsonNode event = completed.get(gate);
            JsonNode outputs = event.path("outputs");
            JsonNode report = JSON.readTree(
                    home.resolve(outputs.get(outputs.size() - 1).path("name").asText())
                            .toFile());
            assertThat(versioned(event.path("inputs")))
                    .as(gate)
                    .containsExactly(report.path("input").path("dataset").asText() + "@"
                            + report.path("input").path("delta_version").asText());
            assertThat(event.path("run")
                            .path("facets")
                            .path("scorehouse")
                            .path("result")
                            .asText())
                    .isEqualTo(report.path("result").asText());
        }

        JsonNode recon = completed.get("recon.daily");
        JsonNode reconOutputs = recon.path("outputs");
        JsonNode evidence = JSON.readTree(home.resolve(reconOutputs
                                .get(reconOutputs.size() - 1)
                                .path("name")
                                .asText())
                        .resolve("report.json")
                        .toFile())
                .path("evidence");
        assertThat(versioned(recon.path("inputs"))).containsExactlyElementsOf(LineageEvents.reconInputs(evidence));
    }

    @Test
    @Order(2)
    void sqlPrintsATableInANewProcess() throws Exception {
        Launcher.Result sql =
                launcher.run("sql", "SELECT tenant_id, count(*) FROM curated.customer_features GROUP BY 1 ORDER BY 1");

        assertThat(sql.code()).as(sql.toString()).isZero();
        List<String> lines = sql.out().lines().toList();
        assertThat(lines.get(0)).matches("tenant_id \\| count\\(1\\)");
        assertThat(lines).anySatisfy(line -> assertThat(line).matches("acme +\\| +\\d+"));
        assertThat(lines).contains("(2 rows)");
    }

    @Test
    @Order(3)
    void registryCommandsRunOnAPlainJvm() throws Exception {
        long started = System.nanoTime();
        Launcher.Result list = launcher.run("registry", "list");
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(list.code()).as(list.toString()).isZero();
        assertThat(list.out()).contains("churn@1 | Approved");
        // Measured, not asserted (timings vary by machine); see BENCHMARKS.md.
        System.out.println("registry list took " + millis + " ms");

        Launcher.Result show = launcher.run("registry", "show", "churn@1");
        assertThat(show.code()).as(show.toString()).isZero();
        assertThat(show.out()).contains("signature          verified", "holdout            AUC 0.");

        Path model = home.resolve("artifacts/registry/churn/1/model.ubj");
        byte[] original = Files.readAllBytes(model);
        byte[] flipped = original.clone();
        flipped[flipped.length / 2] ^= 0x01;
        Files.write(model, flipped);
        Launcher.Result tampered = launcher.run("registry", "show", "churn@1");
        Files.write(model, original);
        assertThat(tampered.code()).as(tampered.toString()).isEqualTo(5);
        assertThat(tampered.errLines()).hasSize(1).first().asString().contains("model.ubj changed since it was signed");
    }

    @Test
    @Order(4)
    void jsonLogHasOneObjectPerLineWithContext() throws Exception {
        Path log = home.resolve("logs/scorehouse.jsonl");
        assertThat(log).exists();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        boolean sawCommand = false;
        for (String line : lines) {
            JsonNode event = json.readTree(line);
            assertThat(event.has("ts") && event.has("level") && event.has("logger") && event.has("message"))
                    .as(line)
                    .isTrue();
            sawCommand |= "demo".equals(event.path("context").path("command").asText());
        }
        assertThat(sawCommand).as("a line logged with context.command=demo").isTrue();
        // a scoring run's lines carry what is known of it: the end of its publish stage names all of it
        List<JsonNode> published = lines.stream()
                .map(line -> {
                    try {
                        return json.readTree(line).path("context");
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                })
                .filter(context -> "publish".equals(context.path("stage").asText()))
                .filter(context -> context.has("latency_ms"))
                .toList();
        assertThat(published)
                .isNotEmpty()
                .allSatisfy(context -> assertThat(context.fieldNames())
                        .toIterable()
                        .contains("run_key", "job_id", "writer", "model", "model_digest", "latency_ms"));
        assertThat(lines).anyMatch(line -> line.contains("\"snapshot_id\""));
        // The demo's raw ids and PII stay in the curated zone: none in the log.
        assertThat(String.join("\n", lines)).doesNotContain("CUST-", "@example.");
    }

    @Test
    @Order(5)
    void badInputExitsTwoWithOneLine() throws Exception {
        Launcher.Result badOption = launcher.run("score", "--nonsense");
        assertThat(badOption.code()).as(badOption.toString()).isEqualTo(2);
        assertThat(badOption.errLines()).hasSize(1).first().asString().startsWith("scorehouse: score — ");

        Launcher.Result unknown = launcher.run("scroe");
        assertThat(unknown.code()).as(unknown.toString()).isEqualTo(2);
        assertThat(unknown.errLines()).hasSize(1).first().asString().startsWith("scorehouse: scroe — unknown command");

        Launcher.Result badDate = launcher.run("demo-data", "--date", "2026-02-30");
        assertThat(badDate.code()).as(badDate.toString()).isEqualTo(2);
        assertThat(badDate.errLines()).hasSize(1).first().asString().contains("'2026-02-30' is not a date");
    }

    @Test
    @Order(6)
    void malformedConfigExitsTwoWithOneLineNamingTheKey() throws Exception {
        Launcher.Result production =
                new Launcher(home, Map.of("SCOREHOUSE_PROFILE", "production")).run("sql", "SELECT 1");
        assertThat(production.code()).as(production.toString()).isEqualTo(2);
        assertThat(production.errLines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("scorehouse: config — missing required value 'profiles.production.catalog.uri'");
    }

    @Test
    @Order(7)
    void helpNeedsNoSpark() throws Exception {
        Launcher.Result help = launcher.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: scorehouse");
    }
}

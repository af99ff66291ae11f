package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** trino-rules: scored.read decides each analyst's grants; the rules file says exactly that. No Spark. */
class TrinoRulesCliTest {
    private ScorehouseConfig config;
    private Path dir;

    @BeforeEach
    void home() throws IOException {
        Path home = TestLakehouse.newHome();
        config = new ConfigLoader(TestLakehouse.environmentFor(home)).load(TestLakehouse.confDir());
        dir = Files.createDirectories(home.resolve("trino"));
    }

    @Test
    void grantsFollowScoredReadRowsAreFilteredToTheTenantAndMasksFollowTheRole() throws IOException {
        Path analysts = analysts("""
                analysts:
                  - {user: ana, tenant: acme, roles: [analyst], purpose: portfolio-analysis}
                  - {user: rita, tenant: acme, roles: [risk-analyst], purpose: model-risk-review}
                  - {user: carl, tenant: acme, roles: [consumer], purpose: credit-decision}
                  - {user: pat, tenant: globex, roles: [analyst], purpose: marketing}
                """);
        Path rules = dir.resolve("rules.json");
        CliRunner.Result run = run("trino-rules", "--analysts", analysts.toString(), "--out", rules.toString());

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out())
                .contains(
                        "granted ana scored.v_history (masked: entity_key, explanations, reason_codes)",
                        "granted ana scored.v_last (masked: entity_key, explanations, reason_codes)",
                        "granted rita scored.v_history (masked: none)",
                        "refused carl scored.v_history — route_allowed",
                        "refused pat scored.v_last — purpose_allowed");
        JsonNode json = new ObjectMapper().readTree(rules.toFile());
        List<JsonNode> tables = new ArrayList<>();
        json.get("tables").forEach(tables::add);

        JsonNode anaHistory = ruleFor(tables, "ana", "v_history");
        assertThat(anaHistory.get("filter").asText()).isEqualTo("tenant_id = 'acme'");
        assertThat(anaHistory.get("privileges").toString()).isEqualTo("[\"SELECT\"]");
        assertThat(anaHistory.get("columns").findValuesAsText("name"))
                .containsExactly("entity_key", "explanations", "reason_codes");
        JsonNode ritaHistory = ruleFor(tables, "rita", "v_history");
        assertThat(ritaHistory.get("filter").asText()).isEqualTo("tenant_id = 'acme'");
        assertThat(ritaHistory.has("columns")).isFalse();
        // Nobody but the views' owner is granted anything else: no raw table, no refused analyst.
        assertThat(tables)
                .filteredOn(
                        rule -> rule.has("user") && !rule.get("user").asText().equals("scorehouse"))
                .allSatisfy(rule -> assertThat(rule.get("table").asText()).isIn("v_last", "v_history"))
                .noneSatisfy(rule -> assertThat(rule.get("user").asText()).isIn("carl", "pat"));
        assertThat(tables)
                .filteredOn(rule -> rule.path("user").asText().equals("scorehouse"))
                .singleElement()
                .satisfies(rule -> assertThat(rule.get("privileges").toString()).contains("GRANT_SELECT"));
    }

    @Test
    void aMalformedAnalystsFileIsAOneLineConfigError() throws IOException {
        CliRunner.Result unknownRole = run(
                "trino-rules",
                "--analysts",
                analysts("analysts:\n  - {user: ana, tenant: acme, roles: [analysts], purpose: x}\n")
                        .toString(),
                "--out",
                dir.resolve("r.json").toString());
        assertThat(unknownRole.code()).isEqualTo(2);
        assertThat(unknownRole.err().lines()).singleElement().asString().contains("names 'analysts'");

        CliRunner.Result twice = run(
                "trino-rules",
                "--analysts",
                analysts("analysts:\n  - {user: ana, tenant: acme, roles: [analyst], purpose: x}\n"
                                + "  - {user: ana, tenant: globex, roles: [analyst], purpose: x}\n")
                        .toString(),
                "--out",
                dir.resolve("r.json").toString());
        assertThat(twice.code()).isEqualTo(2);
        assertThat(twice.err()).contains("'ana' is listed twice");

        CliRunner.Result regex = run(
                "trino-rules",
                "--analysts",
                analysts("analysts:\n  - {user: '.*', tenant: acme, roles: [analyst], purpose: x}\n")
                        .toString(),
                "--out",
                dir.resolve("r.json").toString());
        assertThat(regex.code()).isEqualTo(2);
        assertThat(regex.err()).contains("must match");

        CliRunner.Result missing = run(
                "trino-rules",
                "--analysts",
                dir.resolve("nope.yaml").toString(),
                "--out",
                dir.resolve("r.json").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err().lines()).singleElement().asString().contains("does not exist");
        assertThat(dir.resolve("r.json")).doesNotExist();
    }

    private static JsonNode ruleFor(List<JsonNode> tables, String user, String view) {
        return tables.stream()
                .filter(rule -> rule.path("user").asText().equals(user)
                        && rule.path("table").asText().equals(view))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no rule for " + user + " on " + view + " in " + tables));
    }

    private Path analysts(String yaml) throws IOException {
        return Files.writeString(Files.createTempFile(dir, "analysts-", ".yaml"), yaml);
    }

    private CliRunner.Result run(String... args) {
        return CliRunner.runWithoutSpark(() -> config, args);
    }
}

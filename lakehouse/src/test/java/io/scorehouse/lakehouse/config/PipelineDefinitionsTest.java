package io.scorehouse.lakehouse.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineDefinitionsTest {
    @TempDir
    Path conf;

    private String original;

    @BeforeEach
    void copyTheProjectPipeline() throws IOException {
        Files.createDirectories(conf.resolve("pipelines"));
        original = Files.readString(TestLakehouse.confDir().resolve("pipelines/churn_daily.yaml"));
        Files.writeString(conf.resolve("pipelines/churn_daily.yaml"), original);
    }

    @Test
    void loadsTheProjectsPipeline() {
        PipelineDefinition pipeline = new PipelineDefinitions(TestLakehouse.confDir()).load("churn_daily");
        assertThat(pipeline.dataset()).isEqualTo("curated.customer_features");
        assertThat(pipeline.columns().entityId()).isEqualTo("cust_id");
        assertThat(pipeline.columns().allowed())
                .contains("amount_30d", "tenant_id")
                .doesNotContain("email", "full_name", "tax_id");
        assertThat(pipeline.model().followsApproved()).isTrue();
        assertThat(pipeline.drift().policy()).isEqualTo(PipelineDefinition.DriftAction.FAIL);
        assertThat(pipeline.checks().ranges().get("utilization_ratio"))
                .isEqualTo(new PipelineDefinition.Range(0.0, 1.0));
        assertThat(pipeline.decisionBands())
                .last()
                .extracting(PipelineDefinition.DecisionBand::maxScore)
                .isEqualTo(1.0);
    }

    @Test
    void unknownPipelineListsTheDefinedOnes() {
        assertFails("nightly", "unknown pipeline 'nightly'", "churn_daily");
        assertFails("../etc/passwd", "unknown pipeline '../etc/passwd'");
    }

    @Test
    void malformedYamlNamesFileAndLine() throws IOException {
        write("name: churn_daily\ncolumns: [unclosed\n");
        assertFails("churn_daily", "churn_daily.yaml: not valid YAML", "line");
    }

    @Test
    void unknownKeysAndWrongTypesAreNamed() throws IOException {
        write(original.replace("max-null-rate: 0.01", "max-null-ratio: 0.01"));
        assertFails("churn_daily", "unknown key 'checks.max-null-ratio'");
        write(original.replace("max-rows-per-second: 0", "max-rows-per-second: four"));
        assertFails("churn_daily", "key 'max-rows-per-second'", "expects an integer", "'four'");
        write(original.replace("policy: fail ", "policy: panic "));
        assertFails("churn_daily", "drift.policy");
    }

    @Test
    void inconsistentValuesAreExplained() throws IOException {
        write(original.replace("entity-id: cust_id", "entity-id: customer"));
        assertFails("churn_daily", "key 'columns.entity-id'", "must name an allowed column");
        write(original.replace("critical-columns: [amount_30d,", "critical-columns: [email, amount_30d,"));
        assertFails("churn_daily", "key 'checks.critical-columns'", "'email' is not an allowed column");
        write(original.replace("pin: approved", "pin: latest"));
        assertFails("churn_daily", "key 'model.pin'", "'approved', a version number or a sha256:<64 hex> model digest");
        write(original.replace("pin: approved", "pin: \"sha256:abc\""));
        assertFails("churn_daily", "key 'model.pin'", "'sha256:abc'");
        write(original.replace("min-rows: 100\n\ndrift", "min-rows: 0\n\ndrift"));
        assertFails("churn_daily", "key 'freshness.min-rows'", "must be a positive integer");
        write(original.replace("max-psi: 0.25", "max-psi: -1"));
        assertFails("churn_daily", "key 'output-drift.max-psi'", "must be positive");
        write(original.replace("# service-account: svc-batch-orchestrator", "service-account: Batch Bot"));
        assertFails("churn_daily", "key 'service-account'", "'Batch Bot'");
        write(original.replace("{max-score: 1.0, decision: deny}", "{max-score: 0.9, decision: deny}"));
        assertFails("churn_daily", "the last band must end at max-score 1.0");
        write(original.replace("min-runs: 5 ", "min-runs: 1 "));
        assertFails("churn_daily", "key 'history.min-runs'", "at least 2");
        write(original.replace("max-rows-per-second: 0 ", "max-rows-per-second: -5 "));
        assertFails("churn_daily", "key 'max-rows-per-second'", "must be >= 0");
        write(original.replace("name: churn_daily", "name: other"));
        assertFails("churn_daily", "key 'name'", "must be 'churn_daily'");
    }

    private void write(String content) throws IOException {
        Files.writeString(conf.resolve("pipelines/churn_daily.yaml"), content);
    }

    private void assertFails(String name, String... fragments) {
        assertThatThrownBy(() -> new PipelineDefinitions(conf).load(name))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
                    assertThat(e.getMessage()).doesNotContain("\n").contains(fragments);
                });
    }
}

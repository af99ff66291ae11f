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
    private String reasons;

    @BeforeEach
    void copyTheProjectPipeline() throws IOException {
        Files.createDirectories(conf.resolve("pipelines"));
        original = Files.readString(TestLakehouse.confDir().resolve("pipelines/churn_daily.yaml"));
        Files.writeString(conf.resolve("pipelines/churn_daily.yaml"), original);
        Files.createDirectories(conf.resolve("contracts"));
        Files.copy(
                TestLakehouse.confDir().resolve("contracts/customer_features.yaml"),
                conf.resolve("contracts/customer_features.yaml"));
        Files.createDirectories(conf.resolve("reasons"));
        reasons = Files.readString(TestLakehouse.confDir().resolve("reasons/churn_v1.yaml"));
        Files.writeString(conf.resolve("reasons/churn_v1.yaml"), reasons);
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
    void theProjectsPipelineExplainsAdverseDecisionsWithReasonCodes() {
        PipelineDefinition.Explanations explanations = new PipelineDefinitions(TestLakehouse.confDir())
                .load("churn_daily")
                .explanations();
        assertThat(explanations.mode()).isEqualTo(PipelineDefinition.ExplainMode.ADVERSE);
        assertThat(explanations.adverseDecisions()).containsExactly("hold", "deny");
        assertThat(explanations.reasons()).isEqualTo("churn_v1");
        assertThat(new ReasonCodeSets(TestLakehouse.confDir()).load("churn_v1").reasons())
                .extracting(ReasonCodes.Reason::code)
                .doesNotHaveDuplicates()
                .isNotEmpty();
    }

    @Test
    void aPipelineThatSaysNothingExplainsEveryRowAsBefore() throws IOException {
        write(original.substring(0, original.indexOf("explanations:")));
        PipelineDefinition.Explanations explanations =
                new PipelineDefinitions(conf).load("churn_daily").explanations();
        assertThat(explanations.mode()).isEqualTo(PipelineDefinition.ExplainMode.ALL);
        assertThat(explanations.topK()).isEqualTo(3);
        assertThat(explanations.method()).isEqualTo(PipelineDefinition.ExplainMethod.EXACT);
        assertThat(explanations.reasons()).isNull();
    }

    @Test
    void explanationsAndTheirReasonCodesAreValidated() throws IOException {
        write(original.replace("top-k: 3 ", "top-k: 0 "));
        assertFails("churn_daily", "key 'explanations.top-k'", "must be 1..20");
        write(original.replace("mode: adverse ", "mode: sometimes "));
        assertFails("churn_daily", "explanations.mode");
        write(original.replace("adverse-decisions: [hold, deny]", "adverse-decisions: [hold, reject]"));
        assertFails("churn_daily", "key 'explanations.adverse-decisions'", "'reject' is not a decision band");
        write(original.replace("adverse-decisions: [hold, deny]", "adverse-decisions: []"));
        assertFails("churn_daily", "key 'explanations.adverse-decisions'", "when mode is adverse");
        write(original.replace("reasons: churn_v1 ", "reasons: churn_v9 "));
        assertFails("churn_daily", "unknown reason-code mapping 'churn_v9'", "churn_v1");
        write(original.replace("mode: adverse ", "mode: none "));
        assertFails("churn_daily", "key 'explanations.reasons'", "mode none");
        write(original);
        // a mapping may name feature columns of the dataset's contract only: never an unknown column, a key or PII
        writeReasons(reasons.replace("feature: logins_30d", "feature: shoe_size"));
        assertFails(
                "churn_daily",
                "key 'explanations.reasons'",
                "'shoe_size'",
                "not a feature column of curated.customer_features");
        writeReasons(reasons.replace("feature: logins_30d", "feature: email"));
        assertFails("churn_daily", "'email'", "not a feature column");
        writeReasons(reasons.replace("feature: logins_30d", "feature: cust_id"));
        assertFails("churn_daily", "'cust_id'", "not a feature column");
        writeReasons(reasons.replace("direction: up, code: C02", "direction: sideways, code: C02"));
        assertFails("churn_daily", "direction");
        writeReasons(reasons.replace("code: C02", "code: c-02"));
        assertFails("churn_daily", "churn_v1.yaml", "reasons.logins_30d", "'c-02'");
        writeReasons(reasons.replace("feature: logins_30d", "feature: days_since_last_tx"));
        assertFails("churn_daily", "reasons.days_since_last_tx", "maps direction up twice");
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
        write(original.replace("utilization_ratio: {min: 0, max: 1}", "utilization_ratio: {min: 0, max: 1e400}"));
        assertFails("churn_daily", "key 'checks.ranges.utilization_ratio'", "bounds must be finite numbers");
        write(original.replace("utilization_ratio: {min: 0, max: 1}", "utilization_ratio: {min: -1e400}"));
        assertFails("churn_daily", "key 'checks.ranges.utilization_ratio'", "bounds must be finite numbers");
        write(original.replace("name: churn_daily", "name: other"));
        assertFails("churn_daily", "key 'name'", "must be 'churn_daily'");
    }

    private void writeReasons(String content) throws IOException {
        Files.writeString(conf.resolve("reasons/churn_v1.yaml"), content);
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

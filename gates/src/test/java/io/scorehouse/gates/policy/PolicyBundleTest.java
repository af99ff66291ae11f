package io.scorehouse.gates.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBundleTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyTheProjectPolicies() throws IOException {
        try (Stream<Path> files = Files.list(TestLakehouse.confDir().resolve(PolicyBundle.DIRECTORY))) {
            for (Path file : files.toList()) {
                Files.copy(file, dir.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void digestIsStableAndIndependentOfWhereTheFilesLive() {
        PolicyBundle here = PolicyBundle.load(dir);
        PolicyBundle project = PolicyBundle.fromConf(TestLakehouse.confDir());
        assertThat(here.digest()).matches("sha256:[0-9a-f]{64}").isEqualTo(project.digest());
        assertThat(PolicyBundle.load(dir).digest()).isEqualTo(here.digest());
    }

    @Test
    void digestChangesWhenAnyPolicyFileChanges() throws IOException {
        String before = PolicyBundle.load(dir).digest();
        Path file = dir.resolve("canary.proceed.yaml");
        String original = Files.readString(file);
        assertThat(original).contains("max_error_rate: 0.005");
        Files.writeString(file, original.replace("max_error_rate: 0.005", "max_error_rate: 0.006"));
        String after = PolicyBundle.load(dir).digest();
        assertThat(after).isNotEqualTo(before);

        Files.writeString(file, original);
        assertThat(PolicyBundle.load(dir).digest()).isEqualTo(before);

        Files.delete(dir.resolve("recon.access.yaml"));
        assertThat(PolicyBundle.load(dir).digest()).isNotEqualTo(before);
    }

    @Test
    void filesThatAreNotPoliciesDoNotCount() throws IOException {
        String before = PolicyBundle.load(dir).digest();
        Files.writeString(dir.resolve("README.md"), "notes");
        assertThat(PolicyBundle.load(dir).digest()).isEqualTo(before);
    }

    @Test
    void undeclaredVariableFailsAtLoadNamingFileAndRule() throws IOException {
        replace("batch.model.yaml", "model.stage == 'Approved'", "modle.stage == 'Approved'");
        assertLoadFails("batch.model.yaml: rule 'approved' does not compile", "modle");
    }

    @Test
    void syntaxErrorFailsAtLoadNamingFileAndRule() throws IOException {
        replace("recon.limits.yaml", "purpose == 'reconciliation'", "purpose == ");
        assertLoadFails("recon.limits.yaml: rule 'purpose_is_reconciliation' does not compile");
    }

    @Test
    void nonBooleanRuleFailsAtLoad() throws IOException {
        replace("scored.retention.yaml", "expr: retention_days > 0", "expr: retention_days - 1");
        assertLoadFails(
                "scored.retention.yaml: rule 'retention_configured' must be boolean, but its expression is int");
    }

    @Test
    void unknownKeyAndBadStructureFailAtLoad() throws IOException {
        replace("recon.access.yaml", "rules:", "rulez:");
        assertLoadFails("recon.access.yaml: unknown key 'rulez'");
    }

    @Test
    void nameMustMatchTheFile() throws IOException {
        replace("scored.write.yaml", "name: scored.write", "name: scored.writer");
        assertLoadFails("scored.write.yaml: name must be 'scored.write'");
    }

    @Test
    void unknownInputTypeAndDuplicateRulesFail() throws IOException {
        replace("batch.run.yaml", "hour_utc: int ", "hour_utc: integer ");
        assertLoadFails("batch.run.yaml: input 'hour_utc' has unknown type 'integer'");
        replace("batch.run.yaml", "hour_utc: integer ", "hour_utc: int ");
        replace("batch.run.yaml", "- name: inside_run_window", "- name: not_already_committed");
        assertLoadFails("batch.run.yaml: rule 'not_already_committed' is defined twice");
    }

    @Test
    void malformedYamlFailsNamingTheFile() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "name: [unclosed\n");
        assertLoadFails("broken.yaml: not a valid policy file");
    }

    private void replace(String file, String from, String to) throws IOException {
        Path path = dir.resolve(file);
        String content = Files.readString(path);
        assertThat(content).contains(from);
        Files.writeString(path, content.replace(from, to));
    }

    private void assertLoadFails(String... fragments) {
        assertThatThrownBy(() -> PolicyBundle.load(dir)).isInstanceOfSatisfying(PolicyException.class, e -> {
            assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(e.getMessage()).doesNotContain("\n").contains(fragments);
        });
    }
}

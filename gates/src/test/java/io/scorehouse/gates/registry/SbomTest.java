package io.scorehouse.gates.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomTest {
    @TempDir
    Path dir;

    @Test
    void listsTheModelAndTheMavenLibrariesOfTheClasspath() {
        ObjectNode bom = Sbom.build(
                "churn",
                "ab".repeat(32),
                "/root/.m2/repository/org/apache/spark/spark-sql_2.12/3.5.7/spark-sql_2.12-3.5.7.jar:/work/app/target/classes:"
                        + "/root/.m2/repository/ml/dmlc/xgboost4j_2.12/3.2.0/xgboost4j_2.12-3.2.0.jar",
                Instant.parse("2026-11-20T00:00:00Z"));

        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("metadata").path("component").path("type").asText()).isEqualTo("machine-learning-model");
        assertThat(bom.path("metadata")
                        .path("component")
                        .path("hashes")
                        .get(0)
                        .path("content")
                        .asText())
                .isEqualTo("ab".repeat(32));
        assertThat(bom.path("components"))
                .extracting(c -> c.path("purl").asText())
                .containsExactly(
                        "pkg:maven/ml.dmlc/xgboost4j_2.12@3.2.0", "pkg:maven/org.apache.spark/spark-sql_2.12@3.5.7");
    }

    @Test
    void countsOnlyUnclearedCriticalAndHighVulnerabilities() {
        ObjectNode bom = Sbom.build("churn", "ab".repeat(32), "", Instant.EPOCH);
        ArrayNode vulnerabilities = (ArrayNode) bom.get("vulnerabilities");
        vulnerabilities
                .addObject()
                .put("id", "CVE-1")
                .putArray("ratings")
                .addObject()
                .put("severity", "critical");
        vulnerabilities
                .addObject()
                .put("id", "CVE-2")
                .putArray("ratings")
                .addObject()
                .put("severity", "medium");
        ObjectNode cleared = vulnerabilities.addObject().put("id", "CVE-3");
        cleared.putArray("ratings").addObject().put("severity", "high");
        cleared.putObject("analysis").put("state", "not_affected");
        vulnerabilities
                .addObject()
                .put("id", "CVE-4")
                .putArray("ratings")
                .addObject()
                .put("severity", "HIGH");
        Path file = dir.resolve("sbom.cdx.json");
        Sbom.write(bom, file);

        assertThat(Sbom.blockingVulnerabilities(file)).isEqualTo(2);
    }
}

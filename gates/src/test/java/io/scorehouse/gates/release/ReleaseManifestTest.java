package io.scorehouse.gates.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.testing.EvidenceChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReleaseManifestTest {
    @Test
    void roundTripsWithTheKeysReleaseToolingReads() throws IOException {
        EvidenceChecks.roundTrips(sample(), ReleaseManifest.class);
        assertThat(EvidenceChecks.keys(sample()))
                .containsExactly(
                        "model",
                        "name",
                        "version",
                        "stage",
                        "run_id",
                        "registry_uri",
                        "model_digest",
                        "security_decision",
                        "signatures",
                        "attestation",
                        "sbom_digest",
                        "advisories",
                        "dataset",
                        "slos",
                        "guardrails",
                        "drift_thresholds",
                        "fairness_watchlist",
                        "revalidation",
                        "end_of_support",
                        "end_of_life",
                        "policy_digest",
                        "policy_snapshot",
                        "previous_approved",
                        "promoted_at",
                        "promoted_by",
                        "gate_inputs",
                        "evidence");
        JsonNode json = EvidenceChecks.tree(sample());
        assertThat(json.path("signatures").path("artifacts.dsse.json").asText()).startsWith("sha256:");
        assertThat(json.path("revalidation").path("due").asText()).isEqualTo("2027-05-20");
        assertThat(EvidenceChecks.keys(json.path("guardrails"))).isSorted();
        assertThat(new String(EvidenceJson.bytes(sample()))).contains("\"promoted_by\" : \"carol\"");
    }

    @Test
    void theRevalidationDateIsReadBackFromTheFileAndAnUnreadableOneIsNone() throws IOException {
        Path dir = Files.createTempDirectory("release-");
        assertThat(ReleaseManifest.revalidationDue(dir)).isEmpty();
        EvidenceJson.write(dir.resolve(ReleaseFiles.MANIFEST), sample());
        assertThat(ReleaseManifest.revalidationDue(dir)).contains(LocalDate.of(2027, 5, 20));
        Files.writeString(dir.resolve(ReleaseFiles.MANIFEST), "{\"revalidation\": ");
        assertThat(ReleaseManifest.revalidationDue(dir)).isEmpty();
    }

    @Test
    void anotherJvmWritesTheSameBytes() throws IOException, InterruptedException {
        EvidenceChecks.sameBytesInAnotherJvm(ReleaseManifestTest.class, "sample", EvidenceJson.bytes(sample()));
    }

    static ReleaseManifest sample() {
        return new ReleaseManifest(
                "churn@2",
                "churn",
                2,
                "Approved",
                "train-churn-20261120T080000Z-1a2b3c4d",
                "file:///home/artifacts/registry/churn/2/",
                new ModelDigest("sha256:" + "a".repeat(64)),
                "PASS",
                new ReleaseManifest.Signatures("sha256:" + "d".repeat(64), true),
                new ReleaseManifest.Attestation("attestation.dsse.json", "sha256:" + "e".repeat(64)),
                "sha256:" + "f".repeat(64),
                Map.of("updated", "2026-11-01T00:00:00Z", "files", Map.of(), "matches", List.of()),
                "curated.customer_features@3",
                new ReleaseManifest.Slos(1000.0, 0.01),
                Map.of("psi_threshold", 0.25, "min_sample", 200),
                new ReleaseManifest.DriftThresholds(0.2, 0.25),
                List.of("segment=smb"),
                new ReleaseManifest.Revalidation(180, LocalDate.of(2027, 5, 20)),
                "2027-11-20",
                "2028-11-20",
                new PolicyDigest("sha256:" + "b".repeat(64)),
                "policy_snapshot/",
                "churn@1",
                Instant.parse("2026-11-21T09:30:00Z"),
                "carol",
                Map.of("stage", "Staging", "staging_result", "PASS", "canary", Map.of("percent", 100)),
                Map.of(
                        "staging_report.json",
                        "sha256:" + "1".repeat(64),
                        "shadow_eval.json",
                        "sha256:" + "2".repeat(64)));
    }
}

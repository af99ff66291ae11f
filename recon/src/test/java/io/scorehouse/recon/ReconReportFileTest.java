package io.scorehouse.recon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.testing.EvidenceChecks;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconReportFileTest {
    @Test
    void roundTripsWithTheKeysNotebooksAndTheHtmlRead() throws IOException {
        EvidenceChecks.roundTrips(sample(Instant.parse("2026-11-22T03:00:00Z")), ReconReportFile.class);
        assertThat(EvidenceChecks.keys(sample(Instant.parse("2026-11-22T03:00:00Z"))))
                .containsExactly(
                        "report",
                        "dt",
                        "recon_run_id",
                        "purpose",
                        "provisional",
                        "window",
                        "models",
                        "psi",
                        "psi_note",
                        "guardrails",
                        "quarantine",
                        "pending_items",
                        "evidence",
                        "generated_at");
        JsonNode model = EvidenceChecks.tree(sample(Instant.parse("2026-11-22T03:00:00Z")))
                .path("models")
                .get(0);
        assertThat(EvidenceChecks.keys(model))
                .contains(
                        "missing_scores",
                        "unknown_request_ids",
                        "matched_by",
                        "duplicate_final_decisions",
                        "late_in_watermark");
        assertThat(model.path("matched_by").path("request_id").asLong()).isEqualTo(3100);
        assertThat(model.path("latency_seconds").path("p95").asDouble()).isEqualTo(41.5);
        assertThat(model.path("score_histogram").path("bin_edges").size()).isEqualTo(11);
        assertThat(model.path("reason_codes").path("C01").asLong()).isEqualTo(900);
    }

    @Test
    void aRerunDiffersOnlyInItsGenerationTime() throws IOException {
        JsonNode first = EvidenceChecks.tree(sample(Instant.parse("2026-11-22T03:00:00Z")));
        JsonNode rerun = EvidenceChecks.tree(sample(Instant.parse("2026-11-22T05:30:00Z")));
        assertThat(first).isNotEqualTo(rerun);
        ((com.fasterxml.jackson.databind.node.ObjectNode) first).remove("generated_at");
        ((com.fasterxml.jackson.databind.node.ObjectNode) rerun).remove("generated_at");
        assertThat(first).isEqualTo(rerun);
    }

    @Test
    void anotherJvmWritesTheSameBytes() throws IOException, InterruptedException {
        EvidenceChecks.sameBytesInAnotherJvm(
                ReconReportFileTest.class, "generatedAtThree", EvidenceJson.bytes(generatedAtThree()));
    }

    static ReconReportFile generatedAtThree() {
        return sample(Instant.parse("2026-11-22T03:00:00Z"));
    }

    static ReconReportFile sample(Instant generatedAt) {
        ReconReportFile.Psi smb = new ReconReportFile.Psi("churn@1", "segment", "smb", 640, 0.31, "CONSERVATIVE_MODE");
        ReconReportFile.Psi tiny =
                new ReconReportFile.Psi("churn@1", "region", "north", 12, null, "INSUFFICIENT_SAMPLE");
        return new ReconReportFile(
                ReconReportFile.TITLE,
                LocalDate.of(2026, 11, 21),
                "recon-20261121-1a2b3c4d",
                "reconciliation",
                false,
                new ReconReportFile.Window(
                        Instant.parse("2026-11-21T00:00:00Z"),
                        Instant.parse("2026-11-22T00:00:00Z"),
                        Instant.parse("2026-11-22T02:00:00Z"),
                        300),
                List.of(new ReconReportFile.ModelDay(
                        "churn",
                        4000,
                        3900,
                        new ReconReportFile.MatchedBy(3100, 800),
                        0.975,
                        60,
                        40,
                        12,
                        5,
                        3,
                        20,
                        7,
                        new ReconReportFile.Latency(12.0, 41.5, 80.25),
                        Map.of("1", 3800L, "2", 100L),
                        new ReconReportFile.Histogram(
                                List.of(0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0),
                                List.of(400L, 390L, 380L, 370L, 360L, 350L, 340L, 330L, 320L, 310L)),
                        Map.of("approve", 2000L, "hold", 1200L, "deny", 700L),
                        Map.of("approve", 2100L, "deny", 1800L),
                        Map.of("C01", 900L, "C05", 650L),
                        2,
                        new ReconReportFile.WorstPsi(0.31, "segment=smb"))),
                List.of(smb, tiny),
                "PSI = sum over the 10 baseline score bins ...",
                new ReconReportFile.Guardrails(
                        "recon.guardrails", Map.of("psi_threshold", 0.25, "min_sample", 200), List.of(smb)),
                new ReconReportFile.Quarantine(9, Map.of("duplicate_final", 3L, "non_final", 6L)),
                List.of("churn: 60 decisions without a score — check Z6 availability / SLO"),
                new ReconReportFile.Evidence(
                        new PolicyDigest("sha256:" + "b".repeat(64)),
                        new ReconReportFile.Decisions("curated.decisions", 4),
                        new ReconReportFile.Scores("lake.scored.v_recon", 8464901290021932708L),
                        List.of(new ReconReportFile.ModelVersion(
                                "churn@1", "sha256:" + "a".repeat(64), "sha256:" + "c".repeat(64))),
                        Map.of("03_match.sql", "0".repeat(64), "05_psi.sql", "1".repeat(64))),
                generatedAt);
    }
}

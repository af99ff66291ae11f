package io.scorehouse.scoring.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorehouse.gates.release.EvidenceReport;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.testing.EvidenceChecks;
import io.scorehouse.scoring.run.ScoreLatency;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** staging_report.json and shadow_eval.json: round trip, the keys the promotion gate and the shell read, same bytes in any JVM. */
class GateReportFilesTest {
    private static final List<String> VERDICT =
            List.of("model", "kind", "date", "result", "reasons", "policy", "policy_digest", "generated_at");

    @Test
    void stagingReportRoundTripsWithItsKeysInOrder() throws IOException {
        EvidenceChecks.roundTrips(staging(), StagingReportFile.class);
        assertThat(EvidenceChecks.keys(staging()))
                .startsWith(VERDICT.toArray(String[]::new))
                .endsWith("input", "output_contract", "scores", "performance", "fairness");
        JsonNode json = EvidenceChecks.tree(staging());
        assertThat(json.path("date").asText()).isEqualTo("2026-11-20");
        assertThat(json.path("performance").path("latency").path("p95_ms").asText())
                .isEqualTo("NaN");
        assertThat(json.path("output_contract")
                        .path("violations")
                        .path("$.score: must have a maximum value of 0.2")
                        .asLong())
                .isEqualTo(7);
        assertThat(json.path("scores").path("min").isNull()).isTrue();
    }

    @Test
    void shadowReportRoundTripsWithAndWithoutAChampion() throws IOException {
        EvidenceChecks.roundTrips(shadow(true), ShadowReportFile.class);
        EvidenceChecks.roundTrips(shadow(false), ShadowReportFile.class);
        assertThat(EvidenceChecks.keys(shadow(true)))
                .startsWith(VERDICT.toArray(String[]::new))
                .endsWith("champion", "notes", "input", "shadow_table", "comparison", "latency", "policy_inputs");
        JsonNode json = EvidenceChecks.tree(shadow(true));
        assertThat(json.path("comparison").path("score_delta").path("abs_p95").asDouble())
                .isEqualTo(0.031);
        assertThat(json.path("comparison").path("divergence_by_band").findValuesAsText("champion_decision"))
                .containsExactly("approve", "deny");
        assertThat(json.path("policy_inputs").path("decision_divergence_pp").asDouble())
                .isEqualTo(6.25);
        assertThat(EvidenceChecks.tree(shadow(false)).path("champion").isNull()).isTrue();
    }

    @Test
    void thePromotionGateReadsWhatTheJobsWrite() throws IOException {
        Path release = Files.createTempDirectory("release-");
        EvidenceJson.write(release.resolve(EvidenceReport.STAGING), staging());
        EvidenceJson.write(release.resolve(EvidenceReport.SHADOW), shadow(true));
        EvidenceReport stagingRead =
                EvidenceReport.read(release, EvidenceReport.STAGING, "churn@2").orElseThrow();
        assertThat(stagingRead.passed()).isFalse();
        assertThat(stagingRead.reasons()).containsExactly("latency_p95: p95 latency per 1,000 rows above 1000.0 ms");
        assertThat(stagingRead.policyDigest()).isEqualTo("sha256:" + "b".repeat(64));
        assertThat(stagingRead.fairnessWatchlist()).containsExactly("segment=smb");
        assertThat(EvidenceReport.read(release, EvidenceReport.SHADOW, "churn@2")
                        .orElseThrow()
                        .passed())
                .isTrue();
    }

    @Test
    void anotherJvmWritesTheSameBytes() throws IOException, InterruptedException {
        EvidenceChecks.sameBytesInAnotherJvm(GateReportFilesTest.class, "staging", EvidenceJson.bytes(staging()));
        EvidenceChecks.sameBytesInAnotherJvm(
                GateReportFilesTest.class, "shadowWithChampion", EvidenceJson.bytes(shadow(true)));
    }

    static ShadowReportFile shadowWithChampion() {
        return shadow(true);
    }

    private static GateVerdict verdict(String kind, boolean passed) {
        return new GateVerdict(
                "churn@2",
                kind,
                LocalDate.of(2026, 11, 20),
                passed ? "PASS" : "FAIL",
                passed ? List.of() : List.of("latency_p95: p95 latency per 1,000 rows above 1000.0 ms"),
                kind.equals("staging") ? "staging.report" : "shadow.evaluate",
                new PolicyDigest("sha256:" + "b".repeat(64)),
                Instant.parse("2026-11-21T08:00:00.123Z"));
    }

    static StagingReportFile staging() {
        return new StagingReportFile(
                verdict("staging", false),
                new GateInput("churn_daily", "curated.customer_features", 3, 3000),
                new StagingReportFile.OutputContractCheck(
                        "conf/contracts/score-output.schema.json",
                        3000,
                        7,
                        Map.of(
                                "$.score: must have a maximum value of 0.2",
                                7L,
                                "$.decision: does not have a value in the enumeration",
                                2L)),
                new StagingReportFile.Scores(0, 0, 0, null, null, null),
                new StagingReportFile.Performance(
                        new ScoreLatency.Evidence("ms per batch of 1000 rows", 0, Double.NaN, Double.NaN, Double.NaN),
                        4200,
                        0.71,
                        812),
                new StagingReportFile.FairnessCheck(
                        0.42,
                        12.5,
                        List.of(new StagingReportFile.Segment("segment=smb", 400, 0.295, 12.5, true)),
                        List.of("segment=smb")));
    }

    static ShadowReportFile shadow(boolean withChampion) {
        ShadowReportFile.Comparison comparison = withChampion
                ? new ShadowReportFile.Comparison(
                        3000,
                        2990,
                        new ShadowReportFile.ScoreDelta(0.0012, 0.004, 0.031, 0.08, 0.2),
                        6.25,
                        List.of(
                                new ShadowReportFile.BandDivergence("approve", 2000, 100, 5.0),
                                new ShadowReportFile.BandDivergence("deny", 990, 87, 8.7879)),
                        0.0031,
                        List.of(10L, 20L, 30L, 40L, 50L, 60L, 70L, 80L, 90L, 100L),
                        List.of(11L, 19L, 30L, 41L, 50L, 59L, 70L, 80L, 91L, 99L))
                : null;
        return new ShadowReportFile(
                verdict("shadow", true),
                withChampion ? "churn@1" : null,
                withChampion
                        ? List.of()
                        : List.of(
                                "first release of churn: no Approved champion to compare with; only latency is judged"),
                new GateInput("churn_daily", "curated.customer_features", 3, 3000),
                "lake.scored.shadow_predictions",
                comparison,
                new ScoreLatency.Evidence("ms per batch of 1000 rows", 3, 180.5, 240.25, 250.0),
                new ShadowReportFile.PolicyInputs(withChampion, 0.9967, 0.0031, 6.25, 8.7879, 0.031, 240.25));
    }
}

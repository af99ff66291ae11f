package io.scorehouse.scoring.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import io.scorehouse.lakehouse.testing.EvidenceChecks;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunManifestTest {
    @Test
    void roundTripsThroughTheEvidenceFormat() throws IOException {
        EvidenceChecks.roundTrips(sample(), RunManifest.class);
        EvidenceChecks.roundTrips(withoutCanary(), RunManifest.class);
    }

    @Test
    void keepsTheKeysAndOrderVerifyCiAndNotebooksReadFrom() throws IOException {
        assertThat(EvidenceChecks.keys(sample()))
                .containsExactly(
                        "job_id",
                        "run_key",
                        "pipeline",
                        "model",
                        "inputs",
                        "policy_digest",
                        "configuration",
                        "rows_in",
                        "rows_out",
                        "quality",
                        "sanity_checks",
                        "checks",
                        "metrics",
                        "as_of",
                        "as_of_out",
                        "attempt",
                        "output",
                        "artifact_store",
                        "canary",
                        "explanations");
        JsonNode json = EvidenceChecks.tree(sample());
        assertThat(json.path("explanations").path("mode").asText()).isEqualTo("adverse");
        assertThat(json.path("explanations").path("rows_explained").asLong()).isEqualTo(120);
        assertThat(json.path("output").path("snapshot_id").asLong()).isEqualTo(8464901290021932708L);
        assertThat(json.path("model").path("digest").asText()).isEqualTo("sha256:" + "a".repeat(64));
        assertThat(json.path("as_of_out").asText()).isEqualTo("2026-11-21T01:02:03.456789Z");
        assertThat(json.path("as_of").asText()).isEqualTo("2026-11-20T23:59:59.999999Z");
        assertThat(json.path("checks").path("drift").get(0).path("observed").asText())
                .isEqualTo("NaN");
        assertThat(EvidenceChecks.keys(json.path("checks"))).containsExactly("contract", "drift", "history", "sanity");
        assertThat(EvidenceChecks.keys(withoutCanary())).doesNotContain("canary");
        assertThat(json.path("configuration").path("entity_key_id").asText()).isEqualTo("hk-0123456789abcdef");
        assertThat(json.path("configuration").path("contract").path("version").asInt())
                .isEqualTo(1);
        // What CI greps for: the policy digest the release bound.
        assertThat(new String(EvidenceJson.bytes(sample()))).containsPattern("\"policy_digest\" *: *\"sha256:b{64}\"");
    }

    @Test
    void anotherJvmWritesTheSameBytes() throws IOException, InterruptedException {
        EvidenceChecks.sameBytesInAnotherJvm(RunManifestTest.class, "sample", EvidenceJson.bytes(sample()));
    }

    static RunManifest sample() {
        RunManifest base = withoutCanary();
        return new RunManifest(
                base.jobId(),
                base.runKey(),
                base.pipeline(),
                base.model(),
                base.inputs(),
                base.policyDigest(),
                base.configuration(),
                base.rowsIn(),
                base.rowsOut(),
                base.quality(),
                base.sanityChecks(),
                base.checks(),
                base.metrics(),
                base.asOf(),
                base.asOfOut(),
                base.attempt(),
                base.output(),
                base.artifactStore(),
                new RunManifest.Canary(
                        new RunManifest.Model("churn", 2, new ModelDigest("sha256:" + "c".repeat(64))),
                        5,
                        "pmod(hash(entity_key), 100) < percent",
                        new RunManifest.Rows(950, 50)),
                new RunManifest.Explanations(
                        "adverse", "exact", 3, List.of("deny", "hold"), "churn_v1", "sha256:" + "5".repeat(64), 120));
    }

    private static RunManifest withoutCanary() {
        Map<String, List<RunManifest.Check>> checks = new LinkedHashMap<>();
        // Inserted in run order; written sorted by family.
        checks.put("contract", List.of(new RunManifest.Check("column_present", "amount_30d", true, 1, "present")));
        checks.put("sanity", List.of(new RunManifest.Check("null_rate", "amount_30d", true, 0.0, "<= 0.01")));
        checks.put("drift", List.of(new RunManifest.Check("mean_shift", "amount_30d", true, Double.NaN, "<= 3.0")));
        checks.put("history", List.of());
        Map<String, Double> timings = new LinkedHashMap<>();
        timings.put("total_s", 12.5);
        timings.put("gates_s", 0.5);
        return new RunManifest(
                "churn_daily_2026-11-20",
                "churn_daily_2026-11-20/dt=2026-11-20",
                "churn_daily",
                new RunManifest.Model("churn", 1, new ModelDigest("sha256:" + "a".repeat(64))),
                new RunManifest.Inputs("curated.customer_features", "dt=2026-11-20", 3, 0),
                new PolicyDigest("sha256:" + "b".repeat(64)),
                new RunManifest.Configuration(
                        "sha256:" + "1".repeat(64),
                        "hk-0123456789abcdef",
                        "sha256:" + "2".repeat(64),
                        new RunManifest.Contract("customer_features", 1, "sha256:" + "3".repeat(64)),
                        "none",
                        "sha256:" + "4".repeat(64),
                        Map.of("home", "/var/lib/scorehouse")),
                1000,
                990,
                "ok",
                new RunManifest.SanityChecks(0.0, List.of(0.01, 0.97)),
                checks,
                new RunManifest.Metrics(12.5, 79.2, timings, List.of(new RunManifest.Executor("0", "127.0.0.1", 42))),
                Instant.parse("2026-11-20T23:59:59.999999Z"),
                Instant.parse("2026-11-21T01:02:03.456789Z"),
                1,
                new RunManifest.Output("lake.scored.predictions", 8464901290021932708L, "scorehouse.run-key"),
                "/home/scorehouse/runs/churn_daily_2026-11-20",
                null,
                null);
    }
}

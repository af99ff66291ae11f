package io.scorehouse.gates.release;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryGate;
import io.scorehouse.gates.canary.CanaryPlan;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Evidence a version needs before {@code registry.promote} allows it, written the way the jobs write it. */
public final class ReleaseFixtures {
    private ReleaseFixtures() {}

    /** A staging and a shadow report with {@code result} under {@code policyDigest} (through EvidenceJson, as the jobs write them). */
    public static void gateReports(Path releaseDir, ModelRef ref, String result, String policyDigest) {
        for (String file : List.of(EvidenceReport.STAGING, EvidenceReport.SHADOW)) {
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("model", ref.toString());
            report.put("result", result);
            report.put("reasons", List.of());
            report.put("policy_digest", policyDigest);
            report.put("fairness", Map.of("watchlist", List.of("segment=smb")));
            EvidenceJson.write(releaseDir.resolve(file), report);
        }
    }

    /** Plans the canary of {@code challenger} and lets every step PROCEED on healthy observations. */
    public static void canaryToFullTraffic(Canary canary, ModelRef challenger, String actor) {
        canary.plan(challenger, actor);
        for (int step = 1; step <= CanaryPlan.STEPS.size(); step++) {
            canary.evaluate(challenger, healthy(step), actor);
        }
    }

    /** A canary step whose metrics pass {@code canary.proceed} and whose two arms score alike. */
    public static CanaryGate.Observation healthy(int seed) {
        return new CanaryGate.Observation(
                Map.of(
                        "latency_p95_ms",
                        40.0,
                        "error_rate",
                        0.0,
                        "psi",
                        0.02,
                        "delta_decision_pp",
                        0.3,
                        "sample_size",
                        500.0),
                0,
                scores(300, seed),
                scores(300, seed + 500));
    }

    private static double[] scores(int n, long seed) {
        Random random = new Random(seed);
        double[] scores = new double[n];
        for (int i = 0; i < n; i++) {
            scores[i] = Math.min(1.0, Math.max(0.0, 0.3 + 0.15 * random.nextGaussian()));
        }
        return scores;
    }
}

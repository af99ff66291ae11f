package io.scorehouse.gates.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The content of {@code release_manifest.json} (spec Z4-2.11) and {@code dashboards_links.json}. */
final class ReleaseManifest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseManifest() {}

    static Map<String, Object> of(
            ModelVersion version,
            Optional<ModelVersion> previous,
            PromotionGate.Assessment assessment,
            PolicyBundle policies,
            String actor,
            Instant at,
            LocalDate revalidationDue,
            Path dir,
            ArtifactStore artifacts) {
        Map<String, Object> canary = policies.params(DecisionPoint.CANARY_PROCEED);
        Map<String, Object> guardrails = policies.params(DecisionPoint.RECON_GUARDRAILS);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("model", version.ref().toString());
        manifest.put("name", version.ref().name());
        manifest.put("version", version.ref().version());
        manifest.put("stage", version.stage().label());
        manifest.put("run_id", version.trainingRunId());
        manifest.put("registry_uri", version.artifactDir().toUri().toString());
        manifest.put("model_digest", version.modelDigest());
        manifest.put("security_decision", version.securityDecision());
        manifest.put(
                "signatures",
                Map.of(
                        ModelRegistry.ARTIFACTS_SIGNATURE,
                        Digests.of(version.artifactDir().resolve(ModelRegistry.ARTIFACTS_SIGNATURE)),
                        "verified_at_promotion",
                        assessment.verified().isPresent()));
        manifest.put("attestation", Map.of("file", ModelRegistry.ATTESTATION, "digest", version.attestationDigest()));
        manifest.put("sbom_digest", version.sbomDigest());
        manifest.put("dataset", version.trainingDataset() + "@" + version.trainingDatasetVersion());
        manifest.put(
                "slos",
                Map.of("latency_p95_ms", canary.get("max_latency_p95_ms"), "error_rate", canary.get("max_error_rate")));
        manifest.put("guardrails", guardrails);
        manifest.put(
                "drift_thresholds",
                Map.of("canary_output_psi", canary.get("max_psi"), "recon_psi", guardrails.get("psi_threshold")));
        manifest.put(
                "fairness_watchlist",
                assessment.staging().map(EvidenceReport::fairnessWatchlist).orElse(List.of()));
        manifest.put(
                "revalidation",
                Map.of(
                        "window_days",
                        policies.params(DecisionPoint.REGISTRY_PROMOTE).get("revalidation_days"),
                        "due",
                        revalidationDue.toString()));
        manifest.put("end_of_support", version.endOfSupport());
        manifest.put("end_of_life", version.endOfLife());
        manifest.put("policy_digest", policies.digest());
        manifest.put("policy_snapshot", ReleaseFiles.POLICY_SNAPSHOT + "/");
        manifest.put("previous_approved", previous.map(v -> v.ref().toString()).orElse(null));
        manifest.put("promoted_at", at.toString());
        manifest.put("promoted_by", actor);
        manifest.put("gate_inputs", assessment.inputs());
        Map<String, Object> evidence = new LinkedHashMap<>();
        assessment.staging().ifPresent(r -> evidence.put(r.file(), r.digest()));
        assessment.shadow().ifPresent(r -> evidence.put(r.file(), r.digest()));
        for (String file : List.of(Canary.PLAN_FILE, Canary.DECISIONS_FILE)) {
            if (Files.isRegularFile(dir.resolve(file))) {
                evidence.put(file, Digests.of(dir.resolve(file)));
            }
        }
        manifest.put("evidence", evidence);
        return manifest;
    }

    /** Where operators look at this release: local paths in the embedded profile, the same layout elsewhere. */
    static Map<String, Object> dashboards(ModelRef ref, ArtifactStore artifacts) {
        Map<String, Object> links = new LinkedHashMap<>();
        links.put(
                "release", artifacts.release(ref.name(), ref.version()).toUri().toString());
        links.put(
                "registry",
                artifacts.registryVersion(ref.name(), ref.version()).toUri().toString());
        links.put("recon_reports", artifacts.reconReports().toUri().toString());
        links.put("runs", artifacts.runs().toUri().toString());
        links.put(
                "last_scores_view",
                "lake.scored.v_last WHERE model_name = '" + ref.name() + "' AND model_version = " + ref.version());
        links.put("recon_daily_table", "lake.recon.daily WHERE model_name = '" + ref.name() + "'");
        return links;
    }

    /** The revalidation date a release manifest in {@code dir} recorded, if there is one. */
    static Optional<LocalDate> revalidationDue(Path dir) {
        Path manifest = dir.resolve(ReleaseFiles.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            JsonNode due = JSON.readTree(manifest.toFile()).path("revalidation").path("due");
            return due.isTextual() ? Optional.of(LocalDate.parse(due.asText())) : Optional.empty();
        } catch (IOException | java.time.format.DateTimeParseException e) {
            return Optional.empty();
        }
    }
}

package io.scorehouse.gates.release;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Digests;
import io.scorehouse.lakehouse.ModelDigest;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code release_manifest.json} (spec Z4-2.11), signed with the other release files: the released
 * version and its digests, signatures and attestation, the advisory feed the security gate matched
 * against its SBOM (and what matched), training dataset, SLOs, guardrails and
 * drift thresholds, fairness watchlist, revalidation and end-of-support/life dates, the bound
 * policy bundle, who promoted it when, the promotion gate's inputs and the digests of the evidence
 * it judged. Written through {@code EvidenceJson} (snake_case, this order). Also builds
 * {@code dashboards_links.json}.
 */
public record ReleaseManifest(
        String model,
        String name,
        int version,
        String stage,
        String runId,
        String registryUri,
        ModelDigest modelDigest,
        String securityDecision,
        Signatures signatures,
        Attestation attestation,
        String sbomDigest,
        Map<String, Object> advisories,
        String dataset,
        Slos slos,
        Map<String, Object> guardrails,
        DriftThresholds driftThresholds,
        List<String> fairnessWatchlist,
        Revalidation revalidation,
        String endOfSupport,
        String endOfLife,
        PolicyDigest policyDigest,
        String policySnapshot,
        String previousApproved,
        Instant promotedAt,
        String promotedBy,
        Map<String, Object> gateInputs,
        Map<String, String> evidence) {

    /** @param artifactsSignature digest of the artifacts' DSSE signature file */
    public record Signatures(
            @JsonProperty(ModelRegistry.ARTIFACTS_SIGNATURE) String artifactsSignature, boolean verifiedAtPromotion) {}

    public record Attestation(String file, String digest) {}

    /** The canary's service levels the release promises (from {@code canary.proceed}). */
    public record Slos(Number latencyP95Ms, Number errorRate) {}

    public record DriftThresholds(Number canaryOutputPsi, Number reconPsi) {}

    public record Revalidation(Number windowDays, LocalDate due) {}

    static ReleaseManifest of(
            ModelVersion version,
            Optional<ModelVersion> previous,
            PromotionGate.Assessment assessment,
            PolicyBundle policies,
            String actor,
            Instant at,
            LocalDate revalidationDue,
            Path dir,
            List<Path> canaryDecisions,
            Path home) {
        Map<String, Object> canary = policies.params(DecisionPoint.CANARY_PROCEED);
        Map<String, Object> guardrails = policies.params(DecisionPoint.RECON_GUARDRAILS);
        Map<String, String> evidence = new LinkedHashMap<>();
        assessment.staging().ifPresent(r -> evidence.put(r.file(), r.digest()));
        assessment.shadow().ifPresent(r -> evidence.put(r.file(), r.digest()));
        if (Files.isRegularFile(dir.resolve(Canary.PLAN_FILE))) {
            evidence.put(Canary.PLAN_FILE, Digests.of(dir.resolve(Canary.PLAN_FILE)));
        }
        for (Path decision : canaryDecisions) {
            evidence.put(decision.toString(), Digests.of(home.resolve(decision)));
        }
        return new ReleaseManifest(
                version.ref().toString(),
                version.ref().name(),
                version.ref().version(),
                version.stage().label(),
                version.trainingRunId(),
                version.artifactDir().toUri().toString(),
                new ModelDigest(version.modelDigest()),
                version.securityDecision(),
                new Signatures(
                        Digests.of(version.artifactDir().resolve(ModelRegistry.ARTIFACTS_SIGNATURE)),
                        assessment.verified().isPresent()),
                new Attestation(ModelRegistry.ATTESTATION, version.attestationDigest()),
                version.sbomDigest(),
                assessment.advisoryFeed(),
                version.trainingDataset() + "@" + version.trainingDatasetVersion(),
                new Slos((Number) canary.get("max_latency_p95_ms"), (Number) canary.get("max_error_rate")),
                guardrails,
                new DriftThresholds((Number) canary.get("max_psi"), (Number) guardrails.get("psi_threshold")),
                assessment.staging().map(EvidenceReport::fairnessWatchlist).orElse(List.of()),
                new Revalidation(
                        (Number) policies.params(DecisionPoint.REGISTRY_PROMOTE).get("revalidation_days"),
                        revalidationDue),
                version.endOfSupport(),
                version.endOfLife(),
                new PolicyDigest(policies.digest()),
                ReleaseFiles.POLICY_SNAPSHOT + "/",
                previous.map(v -> v.ref().toString()).orElse(null),
                at,
                actor,
                assessment.inputs(),
                evidence);
    }

    /** What the {@code model.released} audit entry and the release webhook carry. */
    Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", "model.released");
        event.put("model", model);
        event.put("version", version);
        event.put("promoted_at", promotedAt.toString());
        event.put("promoted_by", promotedBy);
        event.put("policy_digest", policyDigest.value());
        event.put("model_digest", modelDigest.value());
        event.put("previous_approved", previousApproved);
        event.put("registry_uri", registryUri);
        return event;
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

    /** The revalidation date a release manifest in {@code dir} recorded, if there is a readable one. */
    static Optional<LocalDate> revalidationDue(Path dir) {
        Path manifest = dir.resolve(ReleaseFiles.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(
                            EvidenceJson.read(manifest, ReleaseManifest.class).revalidation())
                    .map(Revalidation::due);
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }
}

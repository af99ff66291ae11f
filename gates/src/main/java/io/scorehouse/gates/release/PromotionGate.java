package io.scorehouse.gates.release;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelCard;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Sbom;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ScorehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers the real inputs of {@code registry.promote} for one version — signatures and the
 * attestation re-verified now, the security decision, the SBOM's blocking vulnerabilities, the
 * staging and shadow reports, the canary's state — and decides. The policy snapshot counts as
 * bound when every piece of evidence was produced under the bundle being released.
 */
public final class PromotionGate {

    private final ModelRegistry registry;
    private final CanaryRollouts rollouts;
    private final PolicyBundle policies;
    private final ArtifactStore artifacts;

    public PromotionGate(
            ModelRegistry registry, CanaryRollouts rollouts, PolicyBundle policies, ArtifactStore artifacts) {
        this.registry = requireNonNull(registry, "registry is null");
        this.rollouts = requireNonNull(rollouts, "rollouts is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
    }

    public Assessment assess(ModelRef ref) {
        ModelVersion version = registry.get(ref);
        List<String> notes = new ArrayList<>();
        Optional<VerifiedModel> verified = verify(ref, notes);
        Path dir = artifacts.release(ref.name(), ref.version());
        Optional<EvidenceReport> staging = EvidenceReport.read(dir, EvidenceReport.STAGING, ref.toString());
        Optional<EvidenceReport> shadow = EvidenceReport.read(dir, EvidenceReport.SHADOW, ref.toString());
        Optional<Rollout> canary = rollouts.find(ref);
        staging.filter(r -> !r.passed())
                .ifPresent(r -> notes.add("staging report: " + r.result() + " — " + String.join("; ", r.reasons())));
        shadow.filter(r -> !r.passed())
                .ifPresent(r -> notes.add("shadow evaluation: " + r.result() + " — " + String.join("; ", r.reasons())));
        if (staging.isEmpty()) {
            notes.add("no staging report for " + ref + " in " + dir + " (run staging-report)");
        }
        if (shadow.isEmpty()) {
            notes.add("no shadow evaluation for " + ref + " in " + dir + " (run shadow)");
        }
        List<String> unbound = unboundEvidence(staging, shadow, canary);
        unbound.forEach(
                what -> notes.add(what + " was produced under another policy bundle than " + policies.digest()));

        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("stage_from", version.stage().label());
        inputs.put("stage_to", Stage.APPROVED.label());
        inputs.put("signatures_valid", verified.isPresent());
        inputs.put(
                "attestation_present",
                verified.map(v -> !v.provenance().isEmpty()).orElse(false));
        inputs.put("security_decision", version.securityDecision());
        Advisories feed = Advisories.fromConf(policies.directory().getParent());
        List<Advisories.Match> advisories = advisories(version, feed, notes);
        inputs.put(
                "blocking_cves",
                saturatedSum(
                        blockingCves(version, notes),
                        advisories.stream().filter(Advisories.Match::blocking).count()));
        inputs.put("staging_result", staging.map(EvidenceReport::result).orElse(EvidenceReport.MISSING));
        inputs.put("shadow_result", shadow.map(EvidenceReport::result).orElse(EvidenceReport.MISSING));
        inputs.put(
                "canary_result",
                canary.flatMap(Rollout::lastDecision).map(Enum::name).orElse("NONE"));
        inputs.put(
                "canary_percent",
                canary.map(r -> r.status() == Rollout.Status.ROLLED_BACK ? 0 : r.percent())
                        .orElse(0));
        inputs.put("policies_bound", unbound.isEmpty());
        inputs.put("model_card_valid", modelCardValid(verified, notes));
        Decision decision = policies.decide(DecisionPoint.REGISTRY_PROMOTE, inputs);
        Map<String, Object> advisoryFeed = feed.describe();
        advisoryFeed.put("matches", advisories);
        return new Assessment(ref, decision, inputs, notes, staging, shadow, canary, verified, advisoryFeed);
    }

    private Optional<VerifiedModel> verify(ModelRef ref, List<String> notes) {
        try {
            return Optional.of(registry.verify(ref));
        } catch (ScorehouseException e) {
            notes.add("verification: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** A signed, verified model card stating intended use, limitations and owner. */
    private static boolean modelCardValid(Optional<VerifiedModel> verified, List<String> notes) {
        Optional<java.nio.file.Path> card = verified.flatMap(VerifiedModel::modelCard);
        if (card.isEmpty()) {
            notes.add("no signed model card (" + ModelCard.JSON_FILE + ")");
            return false;
        }
        List<String> missing;
        try {
            missing = ModelCard.read(card.get()).purpose().missing();
        } catch (RuntimeException unreadable) {
            notes.add("the model card is unreadable: " + unreadable.getMessage());
            return false;
        }
        if (!missing.isEmpty()) {
            notes.add("the model card lacks " + String.join(", ", missing));
        }
        return missing.isEmpty();
    }

    /** Set by the launcher: the application's own SBOM (CycloneDX, built with the app). */
    static final String APP_SBOM_PROPERTY = "scorehouse.app.sbom";

    /**
     * The advisories of the feed that affect a library the model's SBOM or the application's SBOM
     * lists; blocking ones become notes.
     */
    private static List<Advisories.Match> advisories(ModelVersion version, Advisories feed, List<String> notes) {
        java.util.Set<String> components = new java.util.TreeSet<>();
        Path sbom = version.artifactDir().resolve(ModelRegistry.SBOM_FILE);
        if (Files.isRegularFile(sbom)) {
            components.addAll(Sbom.components(sbom));
        }
        String appSbom = System.getProperty(APP_SBOM_PROPERTY, "");
        if (!appSbom.isEmpty() && Files.isRegularFile(Path.of(appSbom))) {
            components.addAll(Sbom.components(Path.of(appSbom)));
        }
        List<Advisories.Match> matches = feed.matches(components);
        matches.stream()
                .filter(Advisories.Match::blocking)
                .forEach(m -> notes.add("advisory " + m.id() + " (" + m.severity() + ") affects " + m.purl()));
        return matches;
    }

    private static int saturatedSum(int sbomBlocking, long advisoryBlocking) {
        return (int) Math.min(Integer.MAX_VALUE, (long) sbomBlocking + advisoryBlocking);
    }

    private static int blockingCves(ModelVersion version, List<String> notes) {
        Path sbom = version.artifactDir().resolve(ModelRegistry.SBOM_FILE);
        if (!Files.isRegularFile(sbom)) {
            notes.add("no SBOM at " + sbom);
            return Integer.MAX_VALUE;
        }
        return Sbom.blockingVulnerabilities(sbom);
    }

    private List<String> unboundEvidence(
            Optional<EvidenceReport> staging, Optional<EvidenceReport> shadow, Optional<Rollout> canary) {
        List<String> unbound = new ArrayList<>();
        String digest = policies.digest();
        staging.filter(r -> !digest.equals(r.policyDigest())).ifPresent(r -> unbound.add("the staging report"));
        shadow.filter(r -> !digest.equals(r.policyDigest())).ifPresent(r -> unbound.add("the shadow evaluation"));
        canary.filter(r -> !digest.equals(r.policyDigest())).ifPresent(r -> unbound.add("the canary's last decision"));
        return unbound;
    }

    /** The decision with the inputs it saw and notes saying where each failed input came from. */
    public record Assessment(
            ModelRef ref,
            Decision decision,
            Map<String, Object> inputs,
            List<String> notes,
            Optional<EvidenceReport> staging,
            Optional<EvidenceReport> shadow,
            Optional<Rollout> canary,
            Optional<VerifiedModel> verified,
            Map<String, Object> advisoryFeed) {
        public Assessment {
            inputs = new LinkedHashMap<>(inputs);
            advisoryFeed = new LinkedHashMap<>(advisoryFeed);
            notes = List.copyOf(notes);
        }

        public boolean allowed() {
            return decision.allowed();
        }
    }
}

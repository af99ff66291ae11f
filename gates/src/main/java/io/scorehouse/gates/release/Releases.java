package io.scorehouse.gates.release;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.canary.CanaryDecisions;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelCard;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.Transition;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release side of the model lifecycle (docs/ARCHITECTURE.md §4): promotion through {@code registry.promote}
 * with the release artifacts, deprecation (EoS), revocation, rollback to N-1, and the listing
 * of versions due for revalidation or near their end of support/life.
 */
public final class Releases {
    /** The rule of {@code registry.promote} that only a Staging version passes. */
    static final String STAGE_RULE = "from_staging_to_approved";

    private final ModelRegistry registry;
    private final CanaryRollouts rollouts;
    private final PolicyBundle policies;
    private final ArtifactStore artifacts;
    private final CanaryDecisions canaryDecisions;
    private final Signer signer;
    private final Clock clock;

    public Releases(
            ModelRegistry registry,
            CanaryRollouts rollouts,
            PolicyBundle policies,
            ArtifactStore artifacts,
            CanaryDecisions canaryDecisions,
            Signer signer,
            Clock clock) {
        this.registry = requireNonNull(registry, "registry is null");
        this.rollouts = requireNonNull(rollouts, "rollouts is null");
        this.policies = requireNonNull(policies, "policies is null");
        this.artifacts = requireNonNull(artifacts, "artifacts is null");
        this.canaryDecisions = requireNonNull(canaryDecisions, "canaryDecisions is null");
        this.signer = requireNonNull(signer, "signer is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** What {@code registry.promote} would decide now, with the inputs it saw. */
    public PromotionGate.Assessment assess(ModelRef ref) {
        return new PromotionGate(registry, rollouts, policies, artifacts).assess(ref);
    }

    /**
     * Promotes Staging → Approved when {@code registry.promote} allows it (else exit 3 naming
     * every failed rule), binds the policy bundle to the version and writes the release
     * artifacts. Returns the release event (also appended to the audit chain).
     *
     * <p>Resumable: the stage change and the artifacts cannot share one transaction, so a crash
     * between them leaves a version Approved and bound to this bundle without a signed release.
     * Promoting it again re-checks every other gate now and writes the artifacts
     * ({@link Release#resumed()}); a completely released version is refused as before.
     */
    public Release promote(ModelRef ref, String actor) {
        PromotionGate.Assessment assessment = assess(ref);
        if (interruptedRelease(ref, assessment)) {
            ModelVersion approved = registry.get(ref);
            Optional<ModelVersion> previous = registry.list(ref.name()).stream()
                    .filter(v -> v.stage() == Stage.APPROVED && v.ref().version() < ref.version())
                    .reduce((first, second) -> second);
            return release(approved, previous, assessment, actor, true);
        }
        if (!assessment.allowed()) {
            throw new PromotionRefusedException(ref, assessment);
        }
        Optional<ModelVersion> previous = registry.currentApproved(ref.name());
        ModelVersion approved =
                registry.approveRelease(ref, policies.digest(), actor, "promoted through registry.promote");
        return release(approved, previous, assessment, actor, false);
    }

    private boolean interruptedRelease(ModelRef ref, PromotionGate.Assessment assessment) {
        ModelVersion version = registry.get(ref);
        return version.stage() == Stage.APPROVED
                && policies.digest().equals(version.boundPolicyDigest())
                && !Files.isRegularFile(releaseDir(ref).resolve(ReleaseFiles.SIGNATURE))
                && assessment.decision().failedRules().equals(List.of(STAGE_RULE));
    }

    private Release release(
            ModelVersion approved,
            Optional<ModelVersion> previous,
            PromotionGate.Assessment assessment,
            String actor,
            boolean resumed) {
        ModelRef ref = approved.ref();
        LocalDate today = LocalDate.now(clock);
        Map<String, Object> lifecycle = policies.params(DecisionPoint.REGISTRY_PROMOTE);
        if (approved.endOfLife() == null) {
            approved = registry.setLifecycleDates(
                    ref,
                    today.plusDays(days(lifecycle, "support_days")).toString(),
                    today.plusDays(days(lifecycle, "life_days")).toString(),
                    actor,
                    "release lifecycle from registry.promote");
        }
        Path dir = artifacts.release(ref.name(), ref.version());
        ReleaseManifest manifest = ReleaseManifest.of(
                approved,
                previous,
                assessment,
                policies,
                actor,
                Instant.now(clock),
                today.plusDays(days(lifecycle, "revalidation_days")),
                dir,
                canaryDecisions.files(ref).stream()
                        .map(file -> artifacts.home().relativize(file))
                        .toList(),
                artifacts.home());
        ReleaseFiles.write(
                dir,
                manifest,
                ReleaseNotes.render(approved, previous, assessment, policies.digest()),
                ReleaseCard.render(
                        ref,
                        ModelCard.read(assessment
                                .verified()
                                .flatMap(v -> v.modelCard())
                                .orElseThrow()),
                        assessment,
                        dir),
                ReleaseManifest.dashboards(ref, artifacts),
                policies,
                signer);
        Map<String, Object> event = manifest.event();
        if (resumed) {
            event.put("resumed", true);
        }
        registry.recordEvent(actor, "model.released", ref, event);
        return new Release(
                approved,
                previous.map(ModelVersion::ref),
                dir,
                policies.digest(),
                ReleaseFiles.compactJson(event),
                resumed);
    }

    /** Approved → Deprecated (end of support from today); scoring keeps working until EoL. */
    public ModelVersion deprecate(ModelRef ref, String actor, String reason) {
        ModelVersion version = registry.transition(ref, Stage.DEPRECATED, actor, reason, policies.digest());
        return registry.setLifecycleDates(
                ref, LocalDate.now(clock).toString(), version.endOfLife(), actor, "end of support: " + reason);
    }

    /** Any stage → Revoked (final): scoring refuses it at once; an active canary of it stops (share 0). */
    public ModelVersion revoke(ModelRef ref, String actor, String reason) {
        ModelVersion revoked = registry.transition(ref, Stage.REVOKED, actor, reason, policies.digest());
        rollouts.find(ref)
                .filter(r -> r.status() == Rollout.Status.ACTIVE)
                .ifPresent(r -> rollouts.save(
                        r.stopped(policies.digest(), Instant.now(clock).toString(), actor),
                        "canary.stopped",
                        Map.of("reason", "revoked: " + reason)));
        return revoked;
    }

    /**
     * Rolls {@code model} back to its previous release: the current Approved version N becomes
     * Deprecated and N-1 is Approved (re-approved if it had been deprecated), so N-1 is what
     * "current Approved" resolves to for the next run. Refused (exit 3) without an N-1.
     */
    public Rollback rollback(String model, String actor, String reason) {
        Rollback plan = rollbackPlan(model);
        ModelVersion current = registry.get(plan.from());
        ModelVersion target = plan.to();
        if (target.stage() == Stage.DEPRECATED) {
            registry.reinstate(
                    target.ref(), actor, "rollback from " + current.ref() + ": " + reason, policies.digest());
        }
        registry.transition(
                current.ref(),
                Stage.DEPRECATED,
                actor,
                "rolled back to " + target.ref() + ": " + reason,
                policies.digest());
        return new Rollback(current.ref(), registry.get(target.ref()));
    }

    /** What {@link #rollback} would do now (from N, to N-1), changing nothing; refused (exit 3) as it would be. */
    public Rollback rollbackPlan(String model) {
        ModelVersion current = registry.currentApproved(model)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED, "rollback " + model, "no Approved version to roll back from"));
        ModelVersion target = previousRelease(model, current)
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.POLICY_REFUSED,
                        "rollback " + model,
                        "no earlier release of " + model + " to roll back to (" + current.ref() + " is the first)"));
        return new Rollback(current.ref(), target);
    }

    /** Versions in use (Approved/Deprecated) whose revalidation, EoS or EoL falls within {@code withinDays} of {@code today}. */
    public List<Due> due(LocalDate today, int withinDays) {
        if (withinDays < 0) {
            throw new ScorehouseException(
                    ExitCode.USAGE, "release due", "--within-days must be >= 0, got " + withinDays);
        }
        LocalDate horizon = today.plusDays(withinDays);
        List<Due> due = new ArrayList<>();
        for (ModelVersion version : registry.list(null)) {
            if (version.stage() != Stage.APPROVED && version.stage() != Stage.DEPRECATED) {
                continue;
            }
            ReleaseManifest.revalidationDue(artifacts.release(
                            version.ref().name(), version.ref().version()))
                    .filter(date -> !date.isAfter(horizon))
                    .ifPresent(date -> due.add(new Due(version.ref(), version.stage(), "revalidation", date)));
            dateOf(version.endOfSupport())
                    .filter(date -> version.stage() == Stage.APPROVED && !date.isAfter(horizon))
                    .ifPresent(date -> due.add(new Due(version.ref(), version.stage(), "end of support", date)));
            dateOf(version.endOfLife())
                    .filter(date -> !date.isAfter(horizon))
                    .ifPresent(date -> due.add(new Due(version.ref(), version.stage(), "end of life", date)));
        }
        due.sort(java.util.Comparator.comparing(Due::date)
                .thenComparing(d -> d.ref().toString()));
        return due;
    }

    /** Where a version's release artifacts live. */
    public Path releaseDir(ModelRef ref) {
        return artifacts.release(ref.name(), ref.version());
    }

    private Optional<ModelVersion> previousRelease(String model, ModelVersion current) {
        return registry.list(model).stream()
                .filter(v -> v.ref().version() < current.ref().version())
                .filter(v -> v.stage() == Stage.APPROVED || (v.stage() == Stage.DEPRECATED && wasReleased(v)))
                .reduce((first, second) -> second);
    }

    private boolean wasReleased(ModelVersion version) {
        return registry.transitions(version.ref()).stream().map(Transition::to).anyMatch(Stage.APPROVED::equals)
                && dateOf(version.endOfLife())
                        .map(eol -> LocalDate.now(clock).isBefore(eol))
                        .orElse(true);
    }

    private static long days(Map<String, Object> params, String name) {
        return ((Number) params.get(name)).longValue();
    }

    private static Optional<LocalDate> dateOf(String text) {
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(LocalDate.parse(text));
    }

    /** {@code resumed}: the version was already Approved and bound; only the artifacts of an interrupted promotion were written now. */
    public record Release(
            ModelVersion version,
            Optional<ModelRef> previous,
            Path dir,
            String policyDigest,
            String eventJson,
            boolean resumed) {}

    public record Rollback(ModelRef from, ModelVersion to) {}

    public record Due(ModelRef ref, Stage stage, String what, LocalDate date) {}

    /** Promotion refused: exit 3, the message names every failed rule; the notes say where each input came from. */
    public static final class PromotionRefusedException extends ScorehouseException {
        private final transient PromotionGate.Assessment assessment;

        PromotionRefusedException(ModelRef ref, PromotionGate.Assessment assessment) {
            super(
                    ExitCode.POLICY_REFUSED,
                    "promote " + ref,
                    "refused by " + DecisionPoint.REGISTRY_PROMOTE + " — "
                            + assessment.decision().reasons());
            this.assessment = assessment;
        }

        public PromotionGate.Assessment assessment() {
            return assessment;
        }
    }
}

package io.scorehouse.gates.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryOutcome;
import io.scorehouse.gates.canary.CanaryPlan;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.registry.RegistryHome;
import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.Transition;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.controlplane.AuditChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleasesTest {
    @TempDir
    Path dir;

    private RegistryHome home;
    private Canary canary;
    private Releases releases;

    @BeforeEach
    void freshRegistry() {
        home = new RegistryHome(dir);
        CanaryRollouts rollouts = new CanaryRollouts(home.controlPlane, home.clock);
        canary = home.canary(rollouts);
        releases = new Releases(
                home.registry,
                rollouts,
                home.policies,
                home.artifacts,
                home.canaryDecisions(),
                home.signer,
                home.clock);
    }

    @Test
    void aFirstReleaseWithEveryGateHeldIsApprovedBoundAndWritesTheReleaseArtifacts() throws IOException {
        ModelRef v1 = home.register().ref();
        passStagingAndShadow(v1, home.policies.digest());
        canary.plan(v1, "alice");

        Releases.Release release = releases.promote(v1, "carol");

        ModelVersion approved = home.registry.get(v1);
        assertThat(approved.stage()).isEqualTo(Stage.APPROVED);
        assertThat(approved.boundPolicyDigest()).isEqualTo(home.policies.digest());
        assertThat(approved.endOfLife()).isNotNull();
        assertThat(home.registry.currentApproved("churn"))
                .map(ModelVersion::ref)
                .contains(v1);
        Path out = release.dir();
        assertThat(Files.readString(out.resolve("policy_snapshot.sha256")).strip())
                .isEqualTo(home.policies.digest());
        assertThat(PolicyBundle.load(out.resolve("policy_snapshot")).digest()).isEqualTo(home.policies.digest());
        String manifest = Files.readString(out.resolve("release_manifest.json"));
        assertThat(manifest)
                .contains(
                        "\"model\" : \"churn@1\"",
                        "\"security_decision\" : \"PASS\"",
                        "\"promoted_by\" : \"carol\"",
                        "\"dataset\" : \"curated.customer_features@3\"",
                        "\"slos\"",
                        "\"guardrails\"",
                        "\"drift_thresholds\"",
                        "\"fairness_watchlist\" : [ \"segment=smb\" ]",
                        "\"revalidation\"",
                        "\"end_of_life\"",
                        "staging_report.json");
        assertThat(Files.readString(out.resolve("release_notes.md")))
                .contains("# Release churn@1", "none (first release)", "| auc |");
        assertThat(Files.readString(out.resolve("dashboards_links.json"))).contains("recon_reports", "v_last");
        assertThat(Files.readString(out.resolve("release_card.md")))
                .contains("# Release card — churn@1", "Intended use: retention outreach", "## Fairness by segment")
                .contains("| model_card_valid | true |", "Result: ALLOWED");
        assertThat(Files.readString(approved.artifactDir().resolve("model_card.md")))
                .contains("# Model card — churn@1", "## Limitations", "`curated.customer_features` at Delta version 3");
        assertThat(SignedFiles.verify(home.trust, out, "release.dsse.json", "release")
                        .digestOf("release_card.md"))
                .isNotNull();
        assertThat(release.eventJson())
                .contains("\"type\":\"model.released\"", "\"policy_digest\":\"" + home.policies.digest());

        Transition promotion =
                home.registry.transitions(v1).get(home.registry.transitions(v1).size() - 1);
        assertThat(promotion.to()).isEqualTo(Stage.APPROVED);
        assertThat(promotion.actor()).isEqualTo("carol");
        assertThat(home.registry.audit().tail(20))
                .extracting(AuditChain.AuditEntry::action)
                .contains("model.policy-bound", "model.released");
        assertThat(home.registry.audit().verify()).isPositive();
    }

    @Test
    void aPromotionInterruptedAfterItsTransitionIsCompletedByPromotingAgainAndOnlyThen() throws IOException {
        ModelRef v1 = home.register().ref();
        Path dir = promotedThenCrashedBeforeSigning(v1);
        Files.delete(dir.resolve(ReleaseFiles.MANIFEST));

        Releases.Release resumed = releases.promote(v1, "dave");

        assertThat(resumed.resumed()).isTrue();
        assertThat(ReleaseText.promoted(resumed, "dave")).contains("the interrupted release was completed (by dave)");
        assertThat(Files.readString(dir.resolve(ReleaseFiles.MANIFEST))).contains("\"promoted_by\" : \"dave\"");
        SignedFiles.verify(home.trust, dir, ReleaseFiles.SIGNATURE, "release");
        assertThat(home.registry.audit().tail(1).get(0).details()).contains("\"resumed\"");
        assertThat(home.registry.transitions(v1))
                .filteredOn(t -> t.to() == Stage.APPROVED)
                .hasSize(1);
        assertRefused(v1, Releases.STAGE_RULE);
    }

    @Test
    void anInterruptedPromotionIsNotCompletedWhenAnotherGateNowFails() throws IOException {
        ModelRef v1 = home.register().ref();
        Path dir = promotedThenCrashedBeforeSigning(v1);
        writeReport(v1, EvidenceReport.SHADOW, "FAIL", home.policies.digest(), "late finding");

        assertRefused(v1, Releases.STAGE_RULE, "shadow_pass");
        assertThat(dir.resolve(ReleaseFiles.SIGNATURE)).doesNotExist();
    }

    @Test
    void promotionIsRefusedForEachMissingOrFailedGateNamingEveryReason() throws IOException {
        ModelRef v1 = home.register().ref();
        assertRefused(v1, "staging_pass", "shadow_pass", "canary_proceed_full");

        passStagingAndShadow(v1, home.policies.digest());
        writeReport(
                v1, EvidenceReport.SHADOW, "FAIL", home.policies.digest(), "decision divergence 4.1 pp in band high");
        canary.plan(v1, "alice");
        assertRefused(v1, "shadow_pass");
        assertThat(releases.assess(v1).notes()).anySatisfy(n -> assertThat(n).contains("decision divergence 4.1 pp"));

        passStagingAndShadow(v1, "sha256:" + "0".repeat(64));
        assertRefused(v1, "policies_bound");

        passStagingAndShadow(v1, home.policies.digest());
        Path model = home.registry.get(v1).artifactDir().resolve(ModelRegistry.MODEL_FILE);
        byte[] original = Files.readAllBytes(model);
        byte[] tampered = original.clone();
        tampered[0] ^= 1;
        Files.write(model, tampered);
        assertRefused(v1, "signatures_valid", "attestation_present", "model_card_valid");
        Files.write(model, original);

        assertThat(home.registry.get(v1).stage()).isEqualTo(Stage.STAGING);
        assertThat(releases.releaseDir(v1).resolve("release_manifest.json")).doesNotExist();
        releases.promote(v1, "carol");
        assertThat(home.registry.get(v1).stage()).isEqualTo(Stage.APPROVED);
    }

    @Test
    void aCriticalVulnerabilityInTheSbomBlocksPromotion() throws IOException {
        Files.writeString(
                home.staged.resolve(ModelRegistry.SBOM_FILE),
                "{\"bomFormat\":\"CycloneDX\",\"vulnerabilities\":[{\"id\":"
                        + "\"CVE-2026-0001\",\"ratings\":[{\"severity\":\"critical\"}]}]}");
        ModelRef v1 = home.register().ref();
        passStagingAndShadow(v1, home.policies.digest());
        canary.plan(v1, "alice");
        assertRefused(v1, "no_blocking_cves");
    }

    @Test
    void aPlantedBlockingAdvisoryBlocksPromotionUnlessSuppressed() throws IOException {
        Files.writeString(
                home.staged.resolve(ModelRegistry.SBOM_FILE),
                "{\"bomFormat\":\"CycloneDX\",\"components\":["
                        + "{\"type\":\"library\",\"purl\":\"pkg:maven/com.example/parser@1.4.2\"},"
                        + "{\"type\":\"library\",\"purl\":\"pkg:maven/com.example/other@2.0.0\"}]}");
        ModelRef v1 = home.register().ref();
        passStagingAndShadow(v1, home.policies.digest());
        canary.plan(v1, "alice");

        Path conf = dir.resolve("conf-with-advisories");
        Files.createDirectories(conf.resolve("policies"));
        for (Path policy : home.policies.files()) {
            Files.copy(policy, conf.resolve("policies").resolve(policy.getFileName()));
        }
        Path advisories = Files.createDirectories(conf.resolve("advisories"));
        Files.writeString(
                advisories.resolve("GHSA-plnt-0001.json"), advisory("GHSA-plnt-0001", "1.0", "1.5.0", "HIGH"));
        // Fixed before the version in use: listed in the feed, never matched.
        Files.writeString(
                advisories.resolve("GHSA-plnt-0002.json"), advisory("GHSA-plnt-0002", "0", "1.4.0", "CRITICAL"));
        PolicyBundle planted = PolicyBundle.fromConf(conf);
        assertThat(planted.digest()).isEqualTo(home.policies.digest());
        CanaryRollouts rollouts = new CanaryRollouts(home.controlPlane, home.clock);
        Releases withFeed = new Releases(
                home.registry, rollouts, planted, home.artifacts, home.canaryDecisions(), home.signer, home.clock);

        PromotionGate.Assessment blocked = withFeed.assess(v1);
        assertThat(blocked.decision().failedRules()).contains("no_blocking_cves");
        assertThat(blocked.notes())
                .contains("advisory GHSA-plnt-0001 (HIGH) affects pkg:maven/com.example/parser@1.4.2");
        assertThat(blocked.notes()).noneMatch(note -> note.contains("GHSA-plnt-0002"));
        assertThat(blocked.advisoryFeed()).containsEntry("updated", "2026-11-02T00:00:00Z");

        Files.writeString(
                advisories.resolve("suppressions.json"),
                "{\"suppressions\":[{\"id\":\"GHSA-plnt-0001\",\"reason\":\"parser is never fed untrusted input\"}]}");
        PromotionGate.Assessment suppressed = new Releases(
                        home.registry,
                        rollouts,
                        PolicyBundle.fromConf(conf),
                        home.artifacts,
                        home.canaryDecisions(),
                        home.signer,
                        home.clock)
                .assess(v1);
        assertThat(suppressed.inputs()).containsEntry("blocking_cves", 0);
        assertThat(suppressed.decision().failedRules()).doesNotContain("no_blocking_cves");
    }

    private static String advisory(String id, String introduced, String fixed, String severity) {
        return """
                {"id": "%s", "modified": "2026-11-02T00:00:00Z", "summary": "planted for a test",
                 "affected": [{"package": {"ecosystem": "Maven", "name": "com.example:parser"},
                               "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "%s"}, {"fixed": "%s"}]}]}],
                 "database_specific": {"severity": "%s"}}
                """.formatted(id, introduced, fixed, severity);
    }

    @Test
    void aVersionWithoutAValidSignedModelCardIsNotPromoted() throws IOException {
        ModelRef v1 = home.register().ref();
        passStagingAndShadow(v1, home.policies.digest());
        canary.plan(v1, "alice");
        // Editing the card after registration breaks the artifact signature: no verified card, no promotion.
        Path card = home.registry.get(v1).artifactDir().resolve("model_card.json");
        Files.writeString(card, Files.readString(card).replace("retention outreach", "credit decisions"));
        assertThatThrownBy(() -> releases.promote(v1, "carol"))
                .isInstanceOfSatisfying(Releases.PromotionRefusedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.POLICY_REFUSED);
                    assertThat(e.assessment().decision().failedRules()).contains("model_card_valid");
                    assertThat(e.assessment().notes()).contains("no signed model card (model_card.json)");
                });
    }

    @Test
    void aChallengerIsPromotedOnlyAfterItsCanaryReachedFullTrafficAndRollbackRestoresTheChampion() throws IOException {
        ModelRef v1 = release(home.register().ref());
        ModelRef v2 = home.register(Map.of("auc", 0.84, "logloss", 0.41)).ref();
        passStagingAndShadow(v2, home.policies.digest());
        canary.plan(v2, "alice");
        canary.evaluate(v2, ReleaseFixtures.healthy(1), "bob");
        assertRefused(v2, "canary_proceed_full");
        for (int step = 2; step <= CanaryPlan.STEPS.size(); step++) {
            assertThat(canary.evaluate(v2, ReleaseFixtures.healthy(step), "bob").outcome())
                    .isEqualTo(CanaryOutcome.PROCEED);
        }
        Releases.Release release = releases.promote(v2, "carol");
        assertThat(release.previous()).contains(v1);
        assertThat(home.registry.currentApproved("churn"))
                .map(ModelVersion::ref)
                .contains(v2);
        assertThat(Files.readString(release.dir().resolve("release_notes.md")))
                .contains("previous Approved: churn@1", "| auc | 0.8100 | 0.8400 | +0.0300 |");
        assertThat(Files.readString(release.dir().resolve("release_manifest.json")))
                .contains(
                        "evidence/canary/churn/2/001-PLANNED/decision.json",
                        "evidence/canary/churn/2/002-PROCEED/decision.json");

        Releases.Rollback rollback = releases.rollback("churn", "dave", "complaints");
        assertThat(rollback.from()).isEqualTo(v2);
        assertThat(rollback.to().ref()).isEqualTo(v1);
        assertThat(home.registry.get(v2).stage()).isEqualTo(Stage.DEPRECATED);
        assertThat(home.registry.currentApproved("churn"))
                .map(ModelVersion::ref)
                .contains(v1);
        assertThat(home.registry.transitions(v2))
                .last()
                .satisfies(t -> assertThat(t.actor()).isEqualTo("dave"));

        assertThatThrownBy(() -> releases.rollback("churn", "dave", "again"))
                .isInstanceOfSatisfying(ScorehouseException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.POLICY_REFUSED);
                    assertThat(e.getMessage())
                            .contains("no earlier release of churn to roll back to (churn@1 is the first)");
                });
    }

    @Test
    void revokingAChallengerStopsItsCanaryAndDeprecationSetsEndOfSupport() {
        ModelRef v1 = release(home.register().ref());
        ModelRef v2 = home.register().ref();
        canary.plan(v2, "alice");
        releases.revoke(v2, "sec", "CVE found");
        assertThat(home.registry.get(v2).stage()).isEqualTo(Stage.REVOKED);
        assertThat(canary.status(v2).orElseThrow().challengerPercent()).isZero();

        ModelVersion deprecated = releases.deprecate(v1, "ops", "superseded");
        assertThat(deprecated.stage()).isEqualTo(Stage.DEPRECATED);
        assertThat(deprecated.endOfSupport())
                .isEqualTo(LocalDate.now(home.clock).toString());
    }

    @Test
    void theDueListingShowsRevalidationAndEndOfLifeWithinTheHorizon() {
        ModelRef v1 = release(home.register().ref());
        LocalDate today = LocalDate.now(home.clock);
        assertThat(releases.due(today, 30)).isEmpty();
        List<Releases.Due> due = releases.due(today, 100);
        assertThat(due)
                .extracting(Releases.Due::ref, Releases.Due::what)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(v1, "revalidation"));
        assertThat(releases.due(today, 600))
                .extracting(Releases.Due::what)
                .containsExactly("revalidation", "end of support", "end of life");
    }

    /** What a crash after the Approved transaction, before the signed artifacts, leaves on disk. */
    private Path promotedThenCrashedBeforeSigning(ModelRef ref) throws IOException {
        passStagingAndShadow(ref, home.policies.digest());
        canary.plan(ref, "alice");
        Path dir = releases.promote(ref, "carol").dir();
        Files.delete(dir.resolve(ReleaseFiles.SIGNATURE));
        return dir;
    }

    private ModelRef release(ModelRef ref) {
        passStagingAndShadow(ref, home.policies.digest());
        if (home.registry.currentApproved(ref.name()).isEmpty()) {
            canary.plan(ref, "alice");
        }
        releases.promote(ref, "carol");
        return ref;
    }

    private void assertRefused(ModelRef ref, String... rules) {
        assertThatThrownBy(() -> releases.promote(ref, "carol"))
                .isInstanceOfSatisfying(Releases.PromotionRefusedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.POLICY_REFUSED);
                    assertThat(e.getMessage()).startsWith("promote " + ref + " — refused by registry.promote — ");
                    assertThat(e.assessment().decision().failedRules()).containsExactlyInAnyOrder(rules);
                    Arrays.stream(rules)
                            .forEach(rule -> assertThat(e.getMessage()).contains(rule + ": "));
                });
    }

    private void passStagingAndShadow(ModelRef ref, String policyDigest) {
        ReleaseFixtures.gateReports(releases.releaseDir(ref), ref, "PASS", policyDigest);
    }

    private void writeReport(ModelRef ref, String file, String result, String policyDigest, String reason) {
        try {
            Path out = Files.createDirectories(releases.releaseDir(ref)).resolve(file);
            Files.writeString(
                    out,
                    "{\"model\":\"" + ref + "\",\"result\":\"" + result + "\",\"reasons\":["
                            + (reason == null ? "" : "\"" + reason + "\"") + "],\"policy_digest\":\"" + policyDigest
                            + "\",\"fairness\":{\"watchlist\":[\"segment=smb\"]}}");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

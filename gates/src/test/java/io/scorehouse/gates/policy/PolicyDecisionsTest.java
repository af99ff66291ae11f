package io.scorehouse.gates.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every decision point of conf/policies: one allowed input, then each deny reason on its own. */
class PolicyDecisionsTest {
    private static final PolicyBundle BUNDLE = PolicyBundle.fromConf(TestLakehouse.confDir());

    @Test
    void coversEveryExamplePolicyOfTheSpecification() {
        assertThat(BUNDLE.decisionPoints())
                .containsExactlyInAnyOrder(
                        "batch.model",
                        "batch.data",
                        "batch.run",
                        "canary.proceed",
                        "registry.promote",
                        "scored.read",
                        "scored.write",
                        "scored.retention",
                        "recon.guardrails",
                        "recon.targets",
                        "recon.limits",
                        "recon.access",
                        "staging.report",
                        "shadow.evaluate");
    }

    @Test
    void batchModel() {
        Map<String, Object> ok = Map.of(
                "model",
                        Map.of(
                                "name",
                                "churn",
                                "version",
                                1,
                                "stage",
                                "Approved",
                                "revoked",
                                false,
                                "digest",
                                "sha256:aa",
                                "eol",
                                "2027-01-01"),
                "expected_digest", "sha256:aa",
                "today", "2026-11-20",
                "bound_policy_digest", "sha256:p1",
                "policy_digest", "sha256:p1",
                "canary_percent", 0);
        assertAllowed("batch.model", ok);
        // A Staging version scores only as the challenger of an active canary (its share > 0).
        assertAllowed("batch.model", with(with(ok, "model.stage", "Staging"), "canary_percent", 5));
        assertDenied("batch.model", with(with(ok, "model.stage", "Candidate"), "canary_percent", 5), "approved");
        // An Approved version always has its release's snapshot; only a Staging challenger may have none.
        assertDenied("batch.model", with(ok, "bound_policy_digest", ""), "policy_snapshot_matches_release");
        assertAllowed(
                "batch.model",
                with(with(with(ok, "model.stage", "Staging"), "canary_percent", 5), "bound_policy_digest", ""));
        assertDenied("batch.model", with(ok, "policy_digest", "sha256:p2"), "policy_snapshot_matches_release");
        assertAllowed("batch.model", with(ok, "model.eol", ""));
        assertDenied("batch.model", with(ok, "model.stage", "Staging"), "approved");
        assertDenied("batch.model", with(ok, "model.revoked", true), "not_revoked");
        assertDenied("batch.model", with(ok, "expected_digest", "sha256:bb"), "digest_matches_pin");
        assertDenied("batch.model", with(ok, "today", "2027-01-01"), "before_end_of_life");
    }

    @Test
    void batchData() {
        Map<String, Object> ok = Map.of(
                "dataset", "curated.customer_features",
                "columns", List.of("amount_30d", "tenure_days"),
                "allowed_columns", List.of("amount_30d", "tenure_days", "count_30d"));
        assertAllowed("batch.data", ok);
        assertDenied("batch.data", with(ok, "dataset", "curated.raw_dump"), "dataset_allowed");
        Decision extra = BUNDLE.decide("batch.data", with(ok, "columns", List.of("amount_30d", "email")));
        assertThat(extra.failedRules()).containsExactly("columns_allowed");
        assertThat(extra.reasons()).isEqualTo("columns_allowed: columns not allow-listed: [email]");
    }

    @Test
    void batchRun() {
        Map<String, Object> ok =
                Map.of("already_committed", false, "window", Map.of("start_hour", 0, "end_hour", 6), "hour_utc", 2);
        assertAllowed("batch.run", ok);
        assertAllowed("batch.run", with(ok, "window", Map.of("start_hour", 0, "end_hour", 0)));
        assertAllowed("batch.run", with(with(ok, "window", Map.of("start_hour", 22, "end_hour", 4)), "hour_utc", 23));
        assertDenied("batch.run", with(ok, "already_committed", true), "not_already_committed");
        assertDenied("batch.run", with(ok, "hour_utc", 6), "inside_run_window");
        assertDenied(
                "batch.run",
                with(with(ok, "window", Map.of("start_hour", 22, "end_hour", 4)), "hour_utc", 12),
                "inside_run_window");
    }

    @Test
    void canaryProceed() {
        Map<String, Object> ok = Map.of(
                "metrics",
                Map.of(
                        "latency_p95_ms",
                        80.0,
                        "error_rate",
                        0.001,
                        "psi",
                        0.05,
                        "delta_decision_pp",
                        0.4,
                        "sample_size",
                        500.0),
                "policy_violations",
                0);
        assertAllowed("canary.proceed", ok);
        assertAllowed("canary.proceed", with(ok, "metrics.latency_p95_ms", 1000));
        assertDenied("canary.proceed", with(ok, "metrics.latency_p95_ms", 1000.5), "latency_p95");
        assertDenied("canary.proceed", with(ok, "metrics.error_rate", 0.02), "error_rate");
        assertDenied("canary.proceed", with(ok, "metrics.delta_decision_pp", 5.5), "decision_delta");
        // On a small arm, PSI and decision delta are noise: not judged unless gross (see critical below).
        Map<String, Object> small = with(ok, "metrics.sample_size", 55.0);
        assertAllowed("canary.proceed", with(with(small, "metrics.psi", 0.45), "metrics.delta_decision_pp", 9.0));
        assertDenied("canary.proceed", with(ok, "policy_violations", 1), "no_policy_violations");
        assertDenied("canary.proceed", with(ok, "metrics.psi", 0.3), "output_drift");
        assertThat(BUNDLE.decide("canary.proceed", ok).outputs()).containsEntry("critical", false);
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "metrics.error_rate", 0.02))
                        .outputs())
                .containsEntry("critical", false);
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "metrics.error_rate", 0.05))
                        .outputs())
                .containsEntry("critical", true);
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "policy_violations", 1))
                        .outputs())
                .containsEntry("critical", true);
        // A gross output shift is critical too: no amount of further observation would excuse it.
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "metrics.psi", 0.5)).outputs())
                .containsEntry("critical", false);
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "metrics.psi", 1.0)).outputs())
                .containsEntry("critical", true);
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "metrics.delta_decision_pp", 20.0))
                        .outputs())
                .containsEntry("critical", true);
        assertThat(BUNDLE.decide("canary.proceed", with(with(ok, "metrics.psi", 5.0), "metrics.sample_size", 10.0))
                        .outputs())
                .containsEntry("critical", false);
        assertThat(BUNDLE.decide("canary.proceed", with(ok, "metrics.latency_p95_ms", 1000.5))
                        .reasons())
                .isEqualTo("latency_p95: p95 latency per 1,000 rows above 1000.0 ms");
    }

    @Test
    void registryPromote() {
        Map<String, Object> ok = new HashMap<>();
        ok.put("stage_from", "Staging");
        ok.put("stage_to", "Approved");
        ok.put("signatures_valid", true);
        ok.put("attestation_present", true);
        ok.put("security_decision", "PASS");
        ok.put("blocking_cves", 0);
        ok.put("staging_result", "PASS");
        ok.put("shadow_result", "PASS");
        ok.put("canary_result", "PROCEED");
        ok.put("canary_percent", 100);
        ok.put("policies_bound", true);
        ok.put("model_card_valid", true);
        assertAllowed("registry.promote", ok);
        assertDenied("registry.promote", with(ok, "stage_from", "Candidate"), "from_staging_to_approved");
        assertDenied("registry.promote", with(ok, "signatures_valid", false), "signatures_valid");
        assertDenied("registry.promote", with(ok, "attestation_present", false), "attestation_present");
        assertDenied("registry.promote", with(ok, "security_decision", "FAIL"), "security_pass");
        assertDenied("registry.promote", with(ok, "blocking_cves", 2), "no_blocking_cves");
        assertDenied("registry.promote", with(ok, "staging_result", "MISSING"), "staging_pass");
        assertDenied("registry.promote", with(ok, "shadow_result", "FAIL"), "shadow_pass");
        assertDenied("registry.promote", with(ok, "canary_percent", 50), "canary_proceed_full");
        assertDenied("registry.promote", with(ok, "canary_result", "HOLD"), "canary_proceed_full");
        assertDenied("registry.promote", with(ok, "policies_bound", false), "policies_bound");
        assertDenied("registry.promote", with(ok, "model_card_valid", false), "model_card_valid");
        Decision everythingWrong =
                BUNDLE.decide("registry.promote", with(with(ok, "shadow_result", "FAIL"), "blocking_cves", 1));
        assertThat(everythingWrong.failedRules()).containsExactly("no_blocking_cves", "shadow_pass");
    }

    @Test
    void scoredReadAndItsMask() {
        Map<String, Object> ok = Map.of(
                "action",
                "read",
                "tenant",
                "acme",
                "claims",
                Map.of("sub", "crm", "tenant", "acme", "roles", List.of("consumer")),
                "route",
                "/api/scored/v1/last",
                "purpose",
                "credit-decision");
        Decision allowed = assertAllowed("scored.read", ok);
        assertThat(allowed.outputs().get("masked_fields"))
                .isEqualTo(List.of("entity_key", "explanations", "reason_codes"));
        Decision analyst = assertAllowed("scored.read", with(ok, "claims.roles", List.of("risk-analyst")));
        assertThat(analyst.outputs().get("masked_fields")).isEqualTo(List.of());
        assertDenied("scored.read", with(ok, "action", "delete"), "action_is_read");
        assertDenied("scored.read", with(ok, "claims.tenant", "globex"), "tenant_matches_claim");
        assertDenied("scored.read", with(ok, "route", "/api/scored/v1/dump"), "route_allowed");
        assertDenied("scored.read", with(ok, "purpose", ""), "purpose_declared");
        assertDenied("scored.read", with(ok, "purpose", "marketing"), "purpose_allowed");
        // the auditor may search for an audit, never look up a last score
        Map<String, Object> auditor = with(with(ok, "claims.roles", List.of("auditor")), "purpose", "audit");
        assertDenied("scored.read", auditor, "route_allowed");
        assertAllowed("scored.read", with(auditor, "route", "/api/scored/v1/search"));
        // Trino's analysts: a governed view, never the API; a consumer never a view
        Map<String, Object> trino = with(
                with(with(ok, "claims.roles", List.of("analyst")), "purpose", "portfolio-analysis"),
                "route",
                "trino:scored.v_history");
        assertThat(assertAllowed("scored.read", trino).outputs().get("masked_fields"))
                .isEqualTo(List.of("entity_key", "explanations", "reason_codes"));
        assertDenied("scored.read", with(trino, "route", "/api/scored/v1/last"), "route_allowed");
        assertDenied("scored.read", with(trino, "route", "trino:scored.predictions"), "route_allowed");
        assertDenied("scored.read", with(ok, "route", "trino:scored.v_history"), "route_allowed");
    }

    @Test
    void scoredWrite() {
        Map<String, Object> ok = Map.of("caller", "svc-batch-orchestrator", "action", "write", "store", "scored");
        assertAllowed("scored.write", ok);
        assertDenied("scored.write", with(ok, "caller", "svc-analyst"), "caller_is_writer");
        assertDenied("scored.write", with(ok, "action", "read"), "action_is_write");
        assertDenied("scored.write", with(ok, "store", "core"), "store_is_scored");
    }

    @Test
    void scoredRetention() {
        Map<String, Object> ok = Map.of("classification", "operational", "retention_days", 365);
        assertAllowed("scored.retention", ok);
        assertAllowed("scored.retention", with(ok, "classification", "recon"));
        assertDenied("scored.retention", with(ok, "classification", "audit"), "not_audit");
        assertDenied("scored.retention", with(ok, "classification", "regulatory"), "lifecycle_classified");
        assertDenied("scored.retention", with(ok, "retention_days", 0), "retention_configured");
    }

    @Test
    void reconGuardrails() {
        Map<String, Object> ok = Map.of("psi", 0.08, "sample_size", 5_000);
        Decision stable = assertAllowed("recon.guardrails", ok);
        assertThat(stable.outputs())
                .containsEntry("conservative_mode", false)
                .containsEntry("insufficient_sample", false);
        Decision drifted = assertDenied("recon.guardrails", with(ok, "psi", 0.31), "stable_distribution");
        assertThat(drifted.outputs()).containsEntry("conservative_mode", true);
        Decision small = assertAllowed("recon.guardrails", Map.of("psi", 0.9, "sample_size", 40));
        assertThat(small.outputs())
                .containsEntry("conservative_mode", false)
                .containsEntry("insufficient_sample", true);
    }

    @Test
    void reconTargets() {
        Map<String, Object> ok = Map.of("coverage", 0.97, "decisions", 1_000L, "invariant_breaches", 40L);
        assertAllowed("recon.targets", ok);
        Decision low = assertDenied("recon.targets", with(ok, "coverage", 0.94), "coverage_on_target");
        assertThat(low.reasons()).contains("coverage below 0.95");
        assertDenied("recon.targets", with(ok, "invariant_breaches", 101L), "invariants_hold");
        assertAllowed("recon.targets", Map.of("coverage", 0.0, "decisions", 0L, "invariant_breaches", 0L));
    }

    @Test
    void reconLimits() {
        Map<String, Object> ok = Map.of("window_days", 7, "purpose", "reconciliation");
        assertAllowed("recon.limits", ok);
        assertDenied("recon.limits", with(ok, "window_days", 8), "window_within_limit");
        assertDenied("recon.limits", with(ok, "window_days", 0), "window_within_limit");
        assertDenied("recon.limits", with(ok, "purpose", "marketing"), "purpose_is_reconciliation");
    }

    @Test
    void reconAccess() {
        Map<String, Object> ok =
                Map.of("caller", "ops-local", "roles", List.of("consumer", "audit"), "contains_pii", false);
        assertAllowed("recon.access", ok);
        assertDenied("recon.access", with(ok, "roles", List.of("consumer")), "role_allowed");
        assertDenied("recon.access", with(ok, "roles", List.of()), "role_allowed");
        assertDenied("recon.access", with(ok, "caller", ""), "caller_identified");
        assertDenied("recon.access", with(ok, "contains_pii", true), "no_pii");
    }

    @Test
    void everyRoleAPolicyNamesIsInTheVocabulary() throws java.io.IOException {
        assertThat(BUNDLE.roles().names())
                .containsExactly("analyst", "audit", "auditor", "consumer", "risk-analyst", "risk-ops");
        java.nio.file.Path copy = java.nio.file.Files.createTempDirectory("policies-");
        for (java.nio.file.Path file : BUNDLE.files()) {
            java.nio.file.Files.copy(file, copy.resolve(file.getFileName()));
        }
        java.nio.file.Path access = copy.resolve("recon.access.yaml");
        java.nio.file.Files.writeString(
                access, java.nio.file.Files.readString(access).replace("\"risk-ops\"", "\"risk-opz\""));
        assertThatThrownBy(() -> PolicyBundle.load(copy))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("recon.access.yaml: params.roles names role 'risk-opz'");
        java.nio.file.Path read = copy.resolve("scored.read.yaml");
        java.nio.file.Files.writeString(
                access, java.nio.file.Files.readString(access).replace("\"risk-opz\"", "\"risk-ops\""));
        java.nio.file.Files.writeString(
                read, java.nio.file.Files.readString(read).replace("    auditor:", "    auditors:"));
        assertThatThrownBy(() -> PolicyBundle.load(copy))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("scored.read.yaml: params.grants names role 'auditors'");
    }

    @Test
    void missingOrExtraInputsAreCallerErrors() {
        assertThatThrownBy(() -> BUNDLE.decide("recon.limits", Map.of("window_days", 3)))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("needs input 'purpose'");
        assertThatThrownBy(() -> BUNDLE.decide("recon.limits", Map.of("window_days", 3, "purpose", "x", "who", "me")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("has no input 'who'");
        assertThatThrownBy(() -> BUNDLE.decide("nope", Map.of()))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("no policy for decision point 'nope'");
    }

    @Test
    void stagingReport() {
        Map<String, Object> ok = Map.of(
                "rows",
                3000L,
                "contract_invalid",
                0L,
                "invalid_scores",
                0L,
                "latency_p95_ms",
                150.0,
                "fairness_max_gap_pp",
                4.0);
        assertAllowed("staging.report", ok);
        assertDenied("staging.report", with(ok, "contract_invalid", 1L), "output_contract");
        assertDenied("staging.report", with(ok, "invalid_scores", 2L), "scores_valid");
        assertDenied("staging.report", with(ok, "rows", 99L), "min_rows");
        assertDenied("staging.report", with(ok, "latency_p95_ms", 1000.5), "latency_p95");
        assertDenied("staging.report", with(ok, "fairness_max_gap_pp", 20.5), "fairness_gap");
    }

    @Test
    void shadowEvaluate() {
        Map<String, Object> ok = Map.of(
                "champion_present",
                true,
                "coverage",
                1.0,
                "psi",
                0.01,
                "decision_divergence_pp",
                7.5,
                "max_band_divergence_pp",
                14.0,
                "abs_delta_p95",
                0.1,
                "latency_p95_ms",
                200.0);
        assertAllowed("shadow.evaluate", ok);
        assertDenied("shadow.evaluate", with(ok, "coverage", 0.9), "coverage");
        assertDenied("shadow.evaluate", with(ok, "psi", 0.3), "output_psi");
        assertDenied("shadow.evaluate", with(ok, "decision_divergence_pp", 10.5), "decision_divergence");
        assertDenied("shadow.evaluate", with(ok, "max_band_divergence_pp", 26.0), "band_divergence");
        assertDenied("shadow.evaluate", with(ok, "abs_delta_p95", 0.3), "score_delta");
        // A first release has nothing to diverge from: only latency is judged.
        Map<String, Object> first = with(with(with(ok, "champion_present", false), "coverage", 0.0), "psi", 99.0);
        assertAllowed("shadow.evaluate", first);
        assertDenied("shadow.evaluate", with(first, "latency_p95_ms", 1000.5), "latency_p95");
    }

    @Test
    void aRuleThatCannotBeEvaluatedDenies() {
        Decision decision = BUNDLE.decide(
                "batch.model",
                Map.of(
                        "model",
                        Map.of("stage", "Approved"),
                        "expected_digest",
                        "sha256:aa",
                        "today",
                        "2026-11-20",
                        "bound_policy_digest",
                        "",
                        "policy_digest",
                        "sha256:p",
                        "canary_percent",
                        0));
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.failedRules()).contains("not_revoked", "digest_matches_pin", "before_end_of_life");
        assertThat(decision.reasons()).contains("not evaluable");
    }

    @Test
    void refusalIsExitThreeWithEveryReason() {
        Decision denied = BUNDLE.decide("recon.limits", Map.of("window_days", 8, "purpose", "marketing"));
        assertThatThrownBy(() -> denied.requireAllowed("recon"))
                .isInstanceOfSatisfying(PolicyRefusedException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(ExitCode.POLICY_REFUSED);
                    assertThat(e.getMessage())
                            .isEqualTo(
                                    "recon — refused by recon.limits — "
                                            + "window_within_limit: the window must cover 1 to 7 days; purpose_is_reconciliation: the purpose is not reconciliation");
                });
        assertThat(denied.policyDigest()).isEqualTo(BUNDLE.digest());
    }

    private static Decision assertAllowed(String point, Map<String, Object> input) {
        Decision decision = BUNDLE.decide(point, input);
        assertThat(decision.allowed()).as(decision.reasons()).isTrue();
        assertThat(decision.failed()).isEmpty();
        return decision;
    }

    private static Decision assertDenied(String point, Map<String, Object> input, String rule) {
        Decision decision = BUNDLE.decide(point, input);
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.failedRules()).containsExactly(rule);
        return decision;
    }

    /** A copy of {@code input} with one (dotted, possibly nested) value replaced. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> with(Map<String, Object> input, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(input);
        int dot = key.indexOf('.');
        if (dot < 0) {
            copy.put(key, value);
        } else {
            String head = key.substring(0, dot);
            copy.put(head, with((Map<String, Object>) input.get(head), key.substring(dot + 1), value));
        }
        return copy;
    }
}

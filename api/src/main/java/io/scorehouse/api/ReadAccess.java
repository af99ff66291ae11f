package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import java.util.List;
import java.util.Map;

/**
 * {@code scored.read} on every request — the same bundle and digest the batch gates use: the
 * tenant asked for is the caller's, the route and the declared purpose are granted to one of its
 * roles. A denial is a 403 naming the failed rules; an allowed read carries the fields to mask.
 */
final class ReadAccess {
    private final PolicyBundle policies;

    ReadAccess(PolicyBundle policies) {
        this.policies = requireNonNull(policies, "policies is null");
    }

    /** What an allowed read may show: the fields it must mask and the policy that decided. */
    record Grant(List<String> maskedFields, String policyDigest) {
        boolean masks(String field) {
            return maskedFields.contains(field);
        }
    }

    String policyDigest() {
        return policies.digest();
    }

    Grant require(Caller caller, String tenant, String route, String purpose) {
        Decision decision = policies.decide(
                DecisionPoint.SCORED_READ,
                Map.of(
                        "action",
                        "read",
                        "tenant",
                        tenant,
                        "claims",
                        Map.of("sub", caller.client(), "tenant", caller.tenant(), "roles", caller.roles()),
                        "route",
                        route,
                        "purpose",
                        purpose == null ? "" : purpose.strip()));
        if (!decision.allowed()) {
            throw ApiProblem.forbidden("refused by scored.read — " + decision.reasons(), decision.failedRules())
                    .with("policy_digest", decision.policyDigest());
        }
        Object masked = decision.outputs().get("masked_fields");
        List<String> fields = masked instanceof List<?> list
                ? list.stream().map(String::valueOf).toList()
                : List.of();
        return new Grant(fields, decision.policyDigest());
    }
}

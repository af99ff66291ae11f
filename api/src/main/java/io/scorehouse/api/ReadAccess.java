package io.scorehouse.api;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.scorehouse.gates.policy.Decision;
import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.policy.PolicyBundle;
import java.util.List;
import java.util.Map;

/**
 * {@code scored.read} on every request — the same bundle and digest the batch gates use: the
 * tenant asked for is the caller's, the route and the declared purpose are granted to one of its
 * roles. A denial is a 403 naming the failed rules; an allowed read carries the fields to mask.
 *
 * <p>The bundle is fixed for the life of the process and a decision depends only on its input, so
 * decisions are remembered by input (bounded): the CEL evaluation runs once per distinct caller,
 * tenant, route and purpose, not once per request.
 */
final class ReadAccess {
    private static final int REMEMBERED_DECISIONS = 10_000;

    private final PolicyBundle policies;
    private final Cache<Input, Decision> decisions =
            Caffeine.newBuilder().maximumSize(REMEMBERED_DECISIONS).build();

    /** Everything {@code scored.read} sees of a request. */
    private record Input(Caller caller, String tenant, String route, String purpose) {}

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
        Decision decision =
                decisions.get(new Input(caller, tenant, route, purpose == null ? "" : purpose.strip()), this::decide);
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

    private Decision decide(Input input) {
        Caller caller = input.caller();
        return policies.decide(
                DecisionPoint.SCORED_READ,
                Map.of(
                        "action",
                        "read",
                        "tenant",
                        input.tenant(),
                        "claims",
                        Map.of("sub", caller.client(), "tenant", caller.tenant(), "roles", caller.roles()),
                        "route",
                        input.route(),
                        "purpose",
                        input.purpose()));
    }
}

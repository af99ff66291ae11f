package io.scorehouse.gates.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The answer of one decision point: allowed when every rule held. Carries the failed rules
 * (for the error message), the named outputs the policy computes (e.g. masked fields) and the
 * digest of the bundle that decided, so every record of a decision names its policy version.
 */
public record Decision(
        String decisionPoint,
        boolean allowed,
        List<FailedRule> failed,
        Map<String, Object> outputs,
        String policyDigest) {
    public Decision {
        requireNonNull(decisionPoint, "decisionPoint is null");
        failed = List.copyOf(failed);
        outputs = Map.copyOf(outputs);
        requireNonNull(policyDigest, "policyDigest is null");
    }

    /** {@code rule: message; rule: message} of every failed rule, or {@code allowed}. */
    public String reasons() {
        return failed.isEmpty()
                ? "allowed"
                : failed.stream().map(f -> f.rule() + ": " + f.message()).collect(Collectors.joining("; "));
    }

    public List<String> failedRules() {
        return failed.stream().map(FailedRule::rule).toList();
    }

    /** Throws {@link PolicyRefusedException} (exit 3) unless allowed. */
    public Decision requireAllowed(String what) {
        if (!allowed) {
            throw new PolicyRefusedException(what, this);
        }
        return this;
    }

    public record FailedRule(String rule, String message) {}
}

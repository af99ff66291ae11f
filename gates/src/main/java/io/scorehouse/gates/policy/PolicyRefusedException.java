package io.scorehouse.gates.policy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/** A policy gate said no (exit 3). The message names the decision point and every failed rule. */
public final class PolicyRefusedException extends ScorehouseException {
    private final Decision decision;

    public PolicyRefusedException(String what, Decision decision) {
        super(ExitCode.POLICY_REFUSED, what, "refused by " + decision.decisionPoint() + " — " + decision.reasons());
        this.decision = decision;
    }

    public Decision decision() {
        return decision;
    }
}

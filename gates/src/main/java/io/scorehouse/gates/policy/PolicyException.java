package io.scorehouse.gates.policy;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/** A policy file that cannot be loaded, or a decision asked with the wrong inputs (exit 2). */
public final class PolicyException extends ScorehouseException {
    public PolicyException(String why) {
        super(ExitCode.USAGE, "policy", why);
    }
}

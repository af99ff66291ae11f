package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/**
 * A run key another live attempt holds (exit 3). Its own kind so that whoever observes runs can tell
 * this refusal from a failed run: the run itself is fine and still going.
 */
public final class RunInProgressException extends ScorehouseException {
    RunInProgressException(String what, String why) {
        super(ExitCode.POLICY_REFUSED, what, why);
    }
}

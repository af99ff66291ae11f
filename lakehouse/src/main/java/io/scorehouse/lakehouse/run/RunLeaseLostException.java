package io.scorehouse.lakehouse.run;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/** Another attempt took over this run (our lease expired): stop without touching anything. */
public final class RunLeaseLostException extends ScorehouseException {
    public RunLeaseLostException(RunKey key, String owner) {
        super(
                ExitCode.UNEXPECTED,
                "run " + key,
                "another attempt (" + owner + ") took over this run; stopping without publishing");
    }
}

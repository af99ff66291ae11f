package io.scorehouse.gates.registry;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/** A registry request that cannot be honoured: unknown version, illegal transition (exit 2 or 3). */
public final class RegistryException extends ScorehouseException {
    public RegistryException(ExitCode code, String why) {
        super(code, "registry", why);
    }
}

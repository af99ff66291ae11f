package io.scorehouse.lakehouse.controlplane;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/** The control-plane database is unreachable or refused an operation. */
public final class ControlPlaneException extends ScorehouseException {
    public ControlPlaneException(String why, Throwable cause) {
        super(ExitCode.UNEXPECTED, "control plane", why, cause);
    }
}

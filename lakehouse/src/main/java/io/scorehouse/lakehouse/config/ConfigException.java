package io.scorehouse.lakehouse.config;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;

/** A configuration file or setting that cannot be used; always a usage error (exit 2). */
public final class ConfigException extends ScorehouseException {
    public ConfigException(String why) {
        super(ExitCode.USAGE, "config", why);
    }

    public ConfigException(String why, Throwable cause) {
        super(ExitCode.USAGE, "config", why, cause);
    }
}

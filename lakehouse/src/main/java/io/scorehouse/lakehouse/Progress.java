package io.scorehouse.lakehouse;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One short human-readable line per step, on the terminal (and in the JSON log, with context).
 * Never put payloads, entity ids or secrets in a progress line.
 */
public final class Progress {
    private static final Logger LOG = LogManager.getLogger("scorehouse.progress");

    private Progress() {}

    public static void step(String message, Object... args) {
        LOG.info(message, args);
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.config.ScorehouseConfig;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Points the JSON log file at {@code $SCOREHOUSE_HOME/logs}. The home is only known once the
 * config is loaded, after spark-submit has already initialised log4j, hence the reconfigure.
 */
final class LogSetup {
    static final String LOGS_DIR_PROPERTY = "scorehouse.logs.dir";

    private LogSetup() {}

    static void useHome(ScorehouseConfig config) {
        String logsDir = config.logsDir().toString();
        if (logsDir.equals(System.getProperty(LOGS_DIR_PROPERTY))) {
            return;
        }
        System.setProperty(LOGS_DIR_PROPERTY, logsDir);
        if (LogManager.getContext(false) instanceof LoggerContext context) {
            context.reconfigure();
        }
    }
}

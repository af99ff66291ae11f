package io.scorehouse.jobs.cli;

/** How {@code sql} prints a result. */
public enum OutputFormat {
    TABLE,
    CSV,
    JSON
}

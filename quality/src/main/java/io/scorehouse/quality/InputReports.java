package io.scorehouse.quality;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the checks over a run's input found: sanity and drift against the model's baseline, and the
 * run-history anomalies (informational; an empty, passing report when there is no history).
 * {@code rows} is the number of rows checked.
 */
public record InputReports(CheckReport sanity, CheckReport drift, CheckReport anomalies, long rows) {
    public InputReports {
        requireNonNull(sanity, "sanity is null");
        requireNonNull(drift, "drift is null");
        requireNonNull(anomalies, "anomalies is null");
    }

    /** The three reports, in the order evidence lists them. */
    public List<CheckReport> all() {
        return List.of(sanity, drift, anomalies);
    }
}

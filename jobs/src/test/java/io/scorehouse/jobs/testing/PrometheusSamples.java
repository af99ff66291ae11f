package io.scorehouse.jobs.testing;

/** Reads samples out of a Prometheus text exposition, as a job's metrics.prom holds them. */
public final class PrometheusSamples {
    private PrometheusSamples() {}

    /** The value of one sample, its name and labels as written ({@code name{a="1",b="2"}}). */
    public static double sample(String exposition, String series) {
        return exposition
                .lines()
                .filter(line -> line.startsWith(series + " "))
                .map(line ->
                        Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + series + " in:\n" + exposition));
    }
}

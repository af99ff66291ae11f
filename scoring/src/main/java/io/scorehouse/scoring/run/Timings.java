package io.scorehouse.scoring.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Wall-clock seconds per phase of a run, in the order the phases ran, for the manifest. */
final class Timings {
    static final String TOTAL = "total_s";

    private final long started = System.nanoTime();
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Runs {@code phase} and records its duration under {@code name}. */
    <T> T time(String name, Supplier<T> phase) {
        long start = System.nanoTime();
        T result = phase.get();
        seconds.put(name, since(start));
        return result;
    }

    /** Records the total so far and returns it. */
    double total() {
        double total = since(started);
        seconds.put(TOTAL, total);
        return total;
    }

    Map<String, Double> asMap() {
        return seconds;
    }

    static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}

package io.scorehouse.scoring.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.logging.log4j.ThreadContext;

/**
 * Wall-clock seconds per phase of a run, in the order the phases ran, for the manifest. While a phase
 * runs, the log context names it ({@code stage}); its end is logged with its {@code latency_ms}.
 */
final class Timings {
    static final String TOTAL = "total_s";
    private static final Logger LOG = LogManager.getLogger(Timings.class);

    private final long started = System.nanoTime();
    private final Map<String, Double> seconds = new LinkedHashMap<>();

    /** Runs {@code phase} and records its duration under {@code name}. */
    <T> T time(String name, Supplier<T> phase) {
        String stage = name.endsWith("_s") ? name.substring(0, name.length() - 2) : name;
        ThreadContext.put("stage", stage);
        long start = System.nanoTime();
        try {
            T result = phase.get();
            double took = since(start);
            seconds.put(name, took);
            ThreadContext.put("latency_ms", Long.toString(Math.round(took * 1_000)));
            LOG.info("{} took {} ms", stage, Math.round(took * 1_000));
            return result;
        } finally {
            ThreadContext.removeAll(List.of("stage", "latency_ms"));
        }
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

package io.scorehouse.jobs.cli;

import io.scorehouse.jobs.cli.RunLineage.Dataset;
import io.scorehouse.lakehouse.ExitCode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A job other than scoring observed in lineage however it ends ({@link RunLineage}): START, then
 * COMPLETE with what its evidence says it read and wrote, or FAIL with its exit code. Recon, train,
 * staging-report and shadow run so, from their commands and from the demo.
 */
final class ObservedJob {
    /** What a finished job read and wrote, and its {@code scorehouse} run facet. */
    record Lineage(List<Dataset> inputs, List<Dataset> outputs, Map<String, Object> facet) {
        Lineage {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            // a field the evidence left empty is left out, not a reason to lose the event
            Map<String, Object> present = new LinkedHashMap<>();
            facet.forEach((key, value) -> {
                if (value != null) {
                    present.put(key, value);
                }
            });
            facet = Collections.unmodifiableMap(present);
        }
    }

    private ObservedJob() {}

    /**
     * @param job       the job's name in lineage, e.g. {@code recon.daily}, {@code train.churn}
     * @param lineageOf what the result says was read and written (from its signed evidence)
     */
    static <T> T run(ScorehouseCommand top, String job, Supplier<T> work, Function<T, Lineage> lineageOf) {
        RunLineage lineage = RunLineage.of(top);
        UUID run = lineage.start(job);
        T result;
        try {
            result = work.get();
        } catch (Throwable e) { // Spark's checked exceptions too (thrown from Scala undeclared), and errors
            int exitCode = e instanceof Exception failure
                    ? Failures.exitCodeOf(failure).code()
                    : ExitCode.UNEXPECTED.code();
            RunLineage.observe(() -> lineage.fail(run, job, exitCode));
            throw e;
        }
        RunLineage.observe(() -> {
            Lineage done;
            try {
                done = lineageOf.apply(result);
            } catch (RuntimeException e) {
                // the job succeeded: its run still ends, naming no dataset rather than staying open
                lineage.complete(run, job, List.of(), List.of(), Map.of());
                throw e;
            }
            lineage.complete(run, job, done.inputs(), done.outputs(), done.facet());
        });
        return result;
    }
}

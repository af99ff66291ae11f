package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Runs the CLI in-process with a given config: with the test JVM's Spark session, or proving a command needs none. */
public final class CliRunner {
    private CliRunner() {}

    public static Result run(Supplier<ScorehouseConfig> config, SparkSession spark, String... args) {
        return run(config, (c, command) -> spark, args);
    }

    /** Runs a command that must never start Spark: asking for it fails the test. */
    public static Result runWithoutSpark(Supplier<ScorehouseConfig> config, String... args) {
        return run(
                config,
                (c, command) -> {
                    throw new AssertionError("'" + command + "' must not start Spark");
                },
                args);
    }

    /**
     * Runs a command whose Spark part is out of the test: the commands that ask for Spark are
     * recorded in {@code sparkFor} and refused ({@code scorehouse: spark — not in this test}, exit 2).
     */
    public static Result runRefusingSpark(Supplier<ScorehouseConfig> config, List<String> sparkFor, String... args) {
        return run(
                config,
                (c, command) -> {
                    sparkFor.add(command);
                    throw new ScorehouseException(ExitCode.USAGE, "spark", "not in this test");
                },
                args);
    }

    private static Result run(
            Supplier<ScorehouseConfig> config,
            BiFunction<ScorehouseConfig, String, SparkSession> spark,
            String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScorehouseCommand.commandLine(config, spark, new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    public record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }
}

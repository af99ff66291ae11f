package io.scorehouse.jobs.cli;

import io.scorehouse.lakehouse.config.ScorehouseConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;

/** Runs the CLI in-process with a given config and the test JVM's Spark session. */
public final class CliRunner {
    private CliRunner() {}

    public static Result run(Supplier<ScorehouseConfig> config, SparkSession spark, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ScorehouseCommand.commandLine(
                        config, (c, command) -> spark, new PrintWriter(out, true), new PrintWriter(err, true))
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

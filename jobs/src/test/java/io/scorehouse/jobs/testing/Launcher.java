package io.scorehouse.jobs.testing;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/scorehouse} as a user would, against its own home, with the app the build
 * just packaged ({@code SCOREHOUSE_NO_BUILD=1}: a test never triggers a nested Maven build).
 */
public final class Launcher {
    /** bin/scorehouse's extra JVM options. */
    public static final String JAVA_OPTS = "SCOREHOUSE_JAVA_OPTS";

    /**
     * The suites run Spark on a few thousand rows, where compiling each stage to Java (Janino) costs more than
     * interpreting it: a score run on the demo home takes 29 s with whole-stage code generation and 25 s
     * without. Same plans, same results; the demo and stack stages of CI keep the product's default.
     */
    public static final String SMALL_DATA_SPARK = "-Dspark.sql.codegen.wholeStage=false";

    // The suites' commands are short JVMs on a few thousand rows: C2 compiles cost more CPU than they win on
    // two cores (a score run on the demo home: 36 s with C2, 27 s with C1 only). The product keeps both tiers.
    private static final String SHORT_COMMAND_JVM = "-XX:TieredStopAtLevel=1 " + SMALL_DATA_SPARK;

    private final Path home;
    private final Map<String, String> extraEnvironment;

    public Launcher(Path home, Map<String, String> extraEnvironment) {
        this.home = home;
        this.extraEnvironment = Map.copyOf(extraEnvironment);
    }

    public Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(TestLakehouse.repoDir().resolve("bin/scorehouse").toString());
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("scorehouse-out-", ".txt");
        Path stderr = Files.createTempFile("scorehouse-err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().put("SCOREHOUSE_HOME", home.toString());
        builder.environment().put("SCOREHOUSE_NO_BUILD", "1");
        builder.environment().put("SCOREHOUSE_DRIVER_MEMORY", "2g");
        builder.environment().put(JAVA_OPTS, SHORT_COMMAND_JVM);
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("bin/scorehouse " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        Result result = new Result(
                process.exitValue(),
                Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
        Files.delete(stdout);
        Files.delete(stderr);
        return result;
    }

    public record Result(int code, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }
}

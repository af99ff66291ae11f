package io.scorehouse.shell;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a Spark command as a child process of {@code bin/scorehouse} (the shell itself never
 * loads Spark) and streams its output to the console line by line, each prefixed with the
 * seconds since start, so the operator sees progress. The child's exit code becomes the
 * command's: a ROLLBACK (3) fails a script exactly as the CLI would.
 */
final class SparkJobs {
    static final String LAUNCHER_PROPERTY = "scorehouse.launcher";

    private final String launcher;

    SparkJobs(String launcher) {
        this.launcher = launcher;
    }

    /** Whether this shell can start Spark jobs (it was started by {@code bin/scorehouse shell}). */
    boolean available() {
        return launcher != null && !launcher.isBlank();
    }

    /** Runs {@code bin/scorehouse <args>} to completion; throws with the child's exit code when it fails. */
    void run(String command, List<String> args, PrintWriter out) {
        Path executable = launcher();
        List<String> commandLine = new ArrayList<>();
        commandLine.add(executable.toString());
        commandLine.addAll(args);
        out.println("starting: " + String.join(" ", commandLine.subList(1, commandLine.size()))
                + "  (Spark, in a child process)");
        out.flush();
        long start = System.nanoTime();
        int exit;
        try {
            Process process =
                    new ProcessBuilder(commandLine).redirectErrorStream(true).start();
            process.getOutputStream().close();
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    out.printf("[%5.1fs] %s%n", (System.nanoTime() - start) / 1e9, line);
                    out.flush();
                }
            }
            exit = process.waitFor();
        } catch (IOException e) {
            throw new ScorehouseException(
                    ExitCode.UNEXPECTED, command, "cannot start " + executable + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScorehouseException(ExitCode.UNEXPECTED, command, "interrupted while waiting for the Spark job");
        }
        out.printf("finished in %.1f s, exit %d%n", (System.nanoTime() - start) / 1e9, exit);
        out.flush();
        if (exit != 0) {
            throw new ScorehouseException(
                    exitCodeOf(exit),
                    command,
                    "the Spark job ended with exit " + exit + " (its reason is printed above)");
        }
    }

    private Path launcher() {
        if (launcher == null || launcher.isBlank()) {
            throw new ScorehouseException(
                    ExitCode.USAGE,
                    "shell",
                    "this command needs Spark: start the shell with bin/scorehouse shell " + "(it sets -D"
                            + LAUNCHER_PROPERTY + ")");
        }
        Path path = Path.of(launcher);
        if (!Files.isExecutable(path)) {
            throw new ScorehouseException(
                    ExitCode.USAGE, "shell", LAUNCHER_PROPERTY + " " + path + " is not an executable file");
        }
        return path;
    }

    private static ExitCode exitCodeOf(int exit) {
        for (ExitCode code : ExitCode.values()) {
            if (code.code() == exit) {
                return code;
            }
        }
        return ExitCode.UNEXPECTED;
    }
}

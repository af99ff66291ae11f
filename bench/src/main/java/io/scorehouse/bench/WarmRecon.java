package io.scorehouse.bench;

import io.scorehouse.jobs.cli.ScorehouseCommand;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * A diagnostic of bench/recon.sh, not a baseline: {@code recon --date <day>} run again and again in one JVM, as
 * {@code bin/scorehouse recon} runs it once per JVM. Each run's query phase is read from the day's {@code
 * metrics.prom}, as the script reads the cold one's. The later runs find Spark's code already compiled by the JIT,
 * which a cold two-core run compiles while it queries (and the session and table metadata cached). Prints {@code
 * warm <run> <seconds>} per run; exits 1 if a run fails or leaves no figure.
 */
public final class WarmRecon {
    private static final String QUERY_SECONDS = "scorehouse_recon_query_seconds";

    private WarmRecon() {}

    public static void main(String[] args) {
        try {
            run(LocalDate.parse(args[0]), Integer.parseInt(args[1]));
            System.exit(0);
        } catch (RuntimeException | IOException e) {
            // Spark's threads would keep the JVM alive after main returns
            System.err.println("bench WarmRecon: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void run(LocalDate day, int runs) throws IOException {
        Path metrics = ArtifactStore.of(ConfigLoader.loadFromEnvironment())
                .reconReport(day)
                .resolve("metrics.prom");
        // the command's own output is the script's stderr; stdout carries only the figures
        PrintWriter err = new PrintWriter(System.err, true);
        for (int run = 1; run <= runs; run++) {
            // a run that writes no metrics must not be read as the previous run's figure
            Files.deleteIfExists(metrics);
            int code = ScorehouseCommand.commandLine(ConfigLoader::loadFromEnvironment, err, err)
                    .execute("recon", "--date", day.toString());
            if (code != 0) {
                throw new IllegalStateException("recon run " + run + " exited " + code);
            }
            System.out.println("warm " + run + " " + querySeconds(metrics));
        }
    }

    private static String querySeconds(Path metrics) throws IOException {
        if (!Files.exists(metrics)) {
            throw new IllegalStateException("the recon wrote no " + metrics);
        }
        return Files.readAllLines(metrics).stream()
                .filter(line -> line.startsWith(QUERY_SECONDS))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(metrics + " has no " + QUERY_SECONDS));
    }
}

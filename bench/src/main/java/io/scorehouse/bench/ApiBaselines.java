package io.scorehouse.bench;

import io.scorehouse.jobs.demo.DemoPopulation;
import io.scorehouse.lakehouse.EntityTokenizer;
import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.controlplane.LastScores;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The helpers of bench/api.sh, no Spark:
 * {@code targets N ENTITIES FILE} writes N (tenant, raw id) pairs drawn from the demo population
 * of ENTITIES (seed 42, tenants acme and globex) as {@code tenant,id} lines;
 * {@code jdbc FILE ROUNDS} is the floor of {@code /last}: the same hot-store lookup (tokenize,
 * one primary-key SELECT) as a bare loop over the targets, printing {@code jdbc p50 p95 p99} in ms.
 */
public final class ApiBaselines {
    private ApiBaselines() {}

    public static void main(String[] args) throws IOException {
        switch (args[0]) {
            case "targets" -> targets(Integer.parseInt(args[1]), Long.parseLong(args[2]), Path.of(args[3]));
            case "jdbc" -> jdbc(Path.of(args[1]), Integer.parseInt(args[2]));
            default -> throw new IllegalArgumentException("targets N ENTITIES FILE | jdbc FILE ROUNDS");
        }
    }

    private static void targets(int n, long entities, Path file) throws IOException {
        DemoPopulation population = new DemoPopulation(42, List.of("acme", "globex"));
        SplittableRandom random = new SplittableRandom(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long index = random.nextLong(entities);
            lines.add(population.customer(index).tenantId() + "," + DemoPopulation.custId(index));
        }
        Files.write(file, lines);
    }

    private static void jdbc(Path file, int rounds) throws IOException {
        ScorehouseConfig config = ConfigLoader.loadFromEnvironment();
        EntityTokenizer tokenizer = EntityTokenizer.fromConfig(config);
        LastScores hot = new LastScores(new ControlPlane(config.catalog()));
        List<String[]> targets =
                Files.readAllLines(file).stream().map(l -> l.split(",", 2)).toList();
        long[] nanos = new long[targets.size() * rounds];
        int found = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < targets.size(); i++) {
                String[] target = targets.get(i);
                long start = System.nanoTime();
                boolean hit = hot.find(target[0], tokenizer.token(target[0], target[1]), "churn")
                        .isPresent();
                nanos[round * targets.size() + i] = System.nanoTime() - start;
                found += hit ? 1 : 0;
            }
        }
        Arrays.sort(nanos);
        System.out.printf(
                "jdbc %.3f %.3f %.3f %d %d%n",
                percentile(nanos, 0.50), percentile(nanos, 0.95), percentile(nanos, 0.99), nanos.length, found);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}

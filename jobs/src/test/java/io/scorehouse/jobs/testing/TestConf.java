package io.scorehouse.jobs.testing;

import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A private copy of the repository's conf/ whose batch.data policy also allow-lists a test's own curated datasets. */
public final class TestConf {
    private TestConf() {}

    public static Path copy(List<String> extraDatasets) throws IOException {
        Path target = Files.createTempDirectory("scorehouse-conf-");
        try (Stream<Path> files = Files.walk(TestLakehouse.confDir())) {
            for (Path source : files.toList()) {
                Path destination = target.resolve(
                        TestLakehouse.confDir().relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(destination);
                } else {
                    Files.copy(source, destination);
                }
            }
        }
        Path policy = target.resolve("policies/batch.data.yaml");
        String datasets = Stream.concat(Stream.of("curated.customer_features"), extraDatasets.stream())
                .map(d -> "\"" + d + "\"")
                .collect(Collectors.joining(", "));
        Files.writeString(
                policy,
                Files.readString(policy)
                        .replace("datasets: [\"curated.customer_features\"]", "datasets: [" + datasets + "]"));
        return target;
    }

    /** Rewrites {@code relative} in {@code conf} with one textual replacement (which must apply). */
    public static void edit(Path conf, String relative, String from, String to) throws IOException {
        Path file = conf.resolve(relative);
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new IllegalArgumentException(relative + " does not contain " + from);
        }
        Files.writeString(file, text.replace(from, to));
    }
}

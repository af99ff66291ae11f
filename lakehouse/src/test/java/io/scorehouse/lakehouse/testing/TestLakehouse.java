package io.scorehouse.lakehouse.testing;

import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.spark.LakehouseSession;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * One embedded lakehouse per test JVM, in a fresh temporary home, configured from the
 * project's real {@code conf/scorehouse.yaml}. A SparkSession is process-wide, so every Spark
 * test of a module shares this one; tests keep apart by using their own table names.
 */
public final class TestLakehouse {
    private static ScorehouseConfig config;
    private static SparkSession spark;

    private TestLakehouse() {}

    /** The project's conf directory (Surefire passes it; falls back to ../conf). */
    public static Path confDir() {
        String dir = System.getProperty("scorehouse.conf.dir");
        return (dir != null ? Path.of(dir) : Path.of("..", "conf"))
                .toAbsolutePath()
                .normalize();
    }

    /** The repository root (for tests that run bin/scorehouse). */
    public static Path repoDir() {
        String dir = System.getProperty("scorehouse.repo.dir");
        return (dir != null ? Path.of(dir) : Path.of("..")).toAbsolutePath().normalize();
    }

    public static Map<String, String> environmentFor(Path home) {
        return Map.of("SCOREHOUSE_HOME", home.toString(), "SCOREHOUSE_SPARK_MASTER", "local[2]");
    }

    public static synchronized ScorehouseConfig config() {
        if (config == null) {
            config = new ConfigLoader(environmentFor(newHome())).load(confDir());
        }
        return config;
    }

    public static synchronized SparkSession spark() {
        if (spark == null) {
            spark = LakehouseSession.open(config(), "scorehouse-test");
        }
        return spark;
    }

    public static Path newHome() {
        try {
            return Files.createTempDirectory("scorehouse-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

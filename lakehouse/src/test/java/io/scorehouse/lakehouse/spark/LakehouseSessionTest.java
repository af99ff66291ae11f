package io.scorehouse.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LakehouseSessionTest {
    private static SparkSession spark;
    private static ScorehouseConfig config;

    @BeforeAll
    static void openLakehouse() {
        config = TestLakehouse.config();
        spark = TestLakehouse.spark();
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.session_test");
        spark.sql("CREATE TABLE IF NOT EXISTS lake.session_test.events (id BIGINT, kind STRING) USING iceberg");
        spark.sql("DELETE FROM lake.session_test.events");
        spark.sql("INSERT INTO lake.session_test.events VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        spark.range(5)
                .selectExpr("id", "id * 2 AS doubled")
                .write()
                .format("delta")
                .mode("overwrite")
                .save(CuratedTables.location(config.warehouse(), "session_probe"));
        CuratedTables.registerAll(spark, config.warehouse());
    }

    @Test
    void icebergTablesLiveInTheJdbcCatalogUnderTheWarehouse() {
        assertThat(spark.sql("SELECT count(*) FROM lake.session_test.events")
                        .head()
                        .getLong(0))
                .isEqualTo(3);
        List<Row> properties =
                spark.sql("SHOW TBLPROPERTIES lake.session_test.events").collectAsList();
        assertThat(properties).anySatisfy(row -> {
            assertThat(row.getString(0)).isEqualTo("format-version");
            assertThat(row.getString(1)).isEqualTo("2");
        });
        String location = spark.sql("DESCRIBE TABLE EXTENDED lake.session_test.events")
                .where("col_name = 'Location'")
                .head()
                .getString(1);
        assertThat(location).contains(config.warehouse());
    }

    @Test
    void deltaTablesAreReadableAsCuratedTables() {
        assertThat(spark.conf().get("spark.databricks.delta.snapshotPartitions"))
                .as("Delta's state reconstruction is sized like the shuffle")
                .isEqualTo(spark.conf().get("spark.sql.shuffle.partitions"));
        assertThat(spark.sql("SELECT sum(doubled) FROM curated.session_probe")
                        .head()
                        .getLong(0))
                .isEqualTo(20);
        assertThat(Files.isDirectory(Path.of(config.warehouse(), "curated", "session_probe", "_delta_log")))
                .isTrue();
    }

    @Test
    void cachedFramesAreKeptUncompressed() {
        assertThat(spark.conf().get("spark.sql.inMemoryColumnarStorage.compressed"))
                .as("a job's cached frames skip the columnar compression's per-value statistics")
                .isEqualTo("false");
    }

    @Test
    void bothCatalogsWorkInOneQuery() {
        long joined = spark.sql(
                        "SELECT count(*) FROM lake.session_test.events e JOIN curated.session_probe p ON e.id = p.id")
                .head()
                .getLong(0);
        assertThat(joined).isEqualTo(3);
    }

    @Test
    void aSecondJvmSeesTheSameTables() throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(Arrays.asList(
                System.getProperty("scorehouse.test.jvm.flags", "").trim().split("\\s+")));
        command.add("-Dscorehouse.conf.dir=" + TestLakehouse.confDir());
        command.add("-Dlog4j2.configurationFile=" + TestLakehouse.confDir().resolve("log4j2-test.xml"));
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                CatalogProbe.class.getName(),
                "SELECT count(*) FROM lake.session_test.events",
                "SELECT sum(doubled) FROM curated.session_probe"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false);
        builder.environment().put("SCOREHOUSE_HOME", config.home().toString());
        builder.environment().put("SCOREHOUSE_SPARK_MASTER", "local[1]");
        Process process = builder.start();
        process.getOutputStream().close();
        String stderr;
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();

        assertThat(process.exitValue()).as("probe stderr:%n%s", tail(stderr)).isZero();
        assertThat(stdout.lines().toList()).containsExactly("3", "20");
    }

    private static String tail(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}

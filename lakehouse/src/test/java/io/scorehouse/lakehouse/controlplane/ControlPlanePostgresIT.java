package io.scorehouse.lakehouse.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.config.ConfigLoader;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.spark.LakehouseSession;
import io.scorehouse.lakehouse.testing.TestLakehouse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The production profile on a real PostgreSQL: the same Flyway migrations as SQLite, and the
 * Iceberg JDBC catalog in the same database. Runs in the {@code postgres} Maven profile, which
 * .ci/run calls with a server it started; the database named there is wiped first.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ControlPlanePostgresIT {
    private static ScorehouseConfig config;

    @BeforeAll
    static void productionProfileOnPostgres() throws Exception {
        String url = required("SCOREHOUSE_TEST_PG_URL");
        Path home = TestLakehouse.newHome();
        Path passwordFile = home.resolve("catalog-password");
        Files.writeString(passwordFile, required("SCOREHOUSE_TEST_PG_PASSWORD") + "\n");
        config = new ConfigLoader(Map.of(
                        "SCOREHOUSE_PROFILE", "production",
                        "SCOREHOUSE_HOME", home.toString(),
                        "SCOREHOUSE_CATALOG_URI", url,
                        "SCOREHOUSE_CATALOG_USER", required("SCOREHOUSE_TEST_PG_USER"),
                        "SCOREHOUSE_CATALOG_PASSWORD_FILE", passwordFile.toString(),
                        "SCOREHOUSE_WAREHOUSE", home.resolve("warehouse").toString(),
                        "SCOREHOUSE_SPARK_MASTER", "local[2]"))
                .load(TestLakehouse.confDir());
        try (Connection connection = new ControlPlane(config.catalog()).connect();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA public CASCADE");
            statement.execute("CREATE SCHEMA public");
        }
    }

    @Test
    @Order(1)
    void sameMigrationsRunOnPostgresThenAreANoOp() throws SQLException {
        ControlPlane controlPlane = new ControlPlane(config.catalog());
        MigrationReport first = controlPlane.migrate();
        MigrationReport second = controlPlane.migrate();

        assertThat(first.applied()).isGreaterThanOrEqualTo(1);
        assertThat(second.applied()).isZero();
        try (Connection connection = controlPlane.connect()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(ControlPlaneTest.tables(connection)).contains("audit_chain", "flyway_schema_history");
        }
    }

    @Test
    @Order(2)
    void icebergCatalogLivesInTheSameDatabase() throws SQLException {
        SparkSession spark = LakehouseSession.open(config, "postgres-it");
        spark.sql("CREATE NAMESPACE IF NOT EXISTS lake.pg_test");
        spark.sql("CREATE TABLE lake.pg_test.t (id BIGINT) USING iceberg");
        spark.sql("INSERT INTO lake.pg_test.t VALUES (1), (2)");

        assertThat(spark.sql("SELECT sum(id) FROM lake.pg_test.t").head().getLong(0))
                .isEqualTo(3);
        try (Connection connection = new ControlPlane(config.catalog()).connect()) {
            assertThat(ControlPlaneTest.tables(connection)).contains("iceberg_tables");
        }
    }

    @Test
    @Order(3)
    void hotStoreUpsertMeansTheSameOnPostgres() throws SQLException {
        LastScoresTest.verifyContract(new ControlPlane(config.catalog()));
    }

    @Test
    @Order(4)
    void theCatalogReconnectsAfterTheServerDroppedItsConnections() throws SQLException {
        SparkSession spark = LakehouseSession.open(config, "postgres-it");
        spark.sql("CREATE TABLE IF NOT EXISTS lake.pg_test.dropped (id BIGINT) USING iceberg");
        assertThat(spark.sql("SHOW TABLES IN lake.pg_test").count()).isGreaterThanOrEqualTo(1);

        // What a server restart does to the catalog's pooled connections (SQLSTATE 57P01 on next use).
        try (Connection connection = new ControlPlane(config.catalog()).connect();
                Statement statement = connection.createStatement();
                ResultSet terminated =
                        statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                                + " WHERE usename = current_user AND pid <> pg_backend_pid()")) {
            terminated.next();
            assertThat(terminated.getLong(1))
                    .as("catalog connections terminated")
                    .isPositive();
        }

        spark.sql("INSERT INTO lake.pg_test.dropped VALUES (7)");
        assertThat(spark.sql("SELECT sum(id) FROM lake.pg_test.dropped").head().getLong(0))
                .isEqualTo(7);
    }

    private static String required(String variable) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(
                    variable + " is not set: run this suite through .ci/run, which starts PostgreSQL");
        }
        return value;
    }
}

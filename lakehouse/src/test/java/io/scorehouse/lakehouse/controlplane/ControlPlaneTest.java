package io.scorehouse.lakehouse.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlPlaneTest {
    @TempDir
    Path dir;

    @Test
    void migratesAnEmptySqliteDatabaseThenIsANoOp() throws SQLException {
        Path db = dir.resolve("nested/control.db");
        ControlPlane controlPlane =
                new ControlPlane(new CatalogSettings("lake", "jdbc:sqlite:" + db + "?busy_timeout=5000", "", ""));

        MigrationReport first = controlPlane.migrate();
        MigrationReport second = controlPlane.migrate();

        assertThat(Files.exists(db)).isTrue();
        assertThat(first.applied()).isGreaterThanOrEqualTo(1);
        assertThat(second.applied()).isZero();
        assertThat(second.schemaVersion()).isEqualTo(first.schemaVersion());
        try (Connection connection = controlPlane.connect()) {
            assertThat(tables(connection)).contains("audit_chain", "flyway_schema_history");
            try (ResultSet rs = connection
                    .createStatement()
                    .executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success = 1")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(first.applied());
            }
        }
    }

    @Test
    void redactsQueryParametersFromTheUri() {
        ControlPlane controlPlane =
                new ControlPlane(new CatalogSettings("lake", "jdbc:sqlite:/x/control.db?password=secret", "", ""));
        assertThat(controlPlane.redactedUri()).isEqualTo("jdbc:sqlite:/x/control.db");
    }

    @Test
    void unreadablePasswordFileIsAConfigErrorThatNeverShowsContent() {
        ControlPlane controlPlane = new ControlPlane(new CatalogSettings(
                "lake",
                "jdbc:postgresql://127.0.0.1:1/x",
                "u",
                dir.resolve("missing-password").toString()));
        assertThatThrownBy(controlPlane::password)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("catalog password file")
                .hasMessageContaining("missing-password");
    }

    @Test
    void readsThePasswordFromItsFile() throws Exception {
        Path file = dir.resolve("pw");
        Files.writeString(file, "s3cret\n");
        assertThat(new ControlPlane(new CatalogSettings("lake", "jdbc:postgresql://h/x", "u", file.toString()))
                        .password())
                .isEqualTo("s3cret");
    }

    static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        return names;
    }
}

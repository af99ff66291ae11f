package io.scorehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On SQLite, the API's commits never checkpoint the write-ahead log; the pool's own checkpoint does. */
class ControlPlanePoolTest {
    @TempDir
    Path dir;

    @Test
    void commitsLeaveTheLogToTheBackgroundCheckpoint() throws Exception {
        Path database = dir.resolve("control.db");
        ControlPlane unpooled =
                new ControlPlane(new CatalogSettings("lake", "jdbc:sqlite:" + database + "?journal_mode=WAL", "", ""));
        try (ControlPlanePool pool = new ControlPlanePool(unpooled)) {
            ControlPlane pooled = pool.pooled(unpooled);
            try (Connection connection = pooled.connect();
                    Statement statement = connection.createStatement()) {
                try (ResultSet autocheckpoint = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
                    assertThat(autocheckpoint.getLong(1)).isZero();
                }
                statement.execute("CREATE TABLE audit_like (payload TEXT)");
                // well past SQLite's 1,000-page automatic checkpoint, one small commit at a time
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_like VALUES (?)")) {
                    for (int i = 0; i < 1_500; i++) {
                        insert.setString(1, "x".repeat(4_000));
                        insert.executeUpdate();
                    }
                }
            }
            long logBytes = Files.size(dir.resolve("control.db-wal"));
            assertThat(logBytes)
                    .as("no commit checkpointed and restarted the log")
                    .isGreaterThan(1_500L * 4_000);

            long[] framesAndCheckpointed = pool.checkpoint();
            assertThat(framesAndCheckpointed[0]).isPositive();
            assertThat(framesAndCheckpointed[1]).isEqualTo(framesAndCheckpointed[0]);
        }
    }
}

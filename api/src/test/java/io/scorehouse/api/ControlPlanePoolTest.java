package io.scorehouse.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On SQLite, the API's commits leave the write-ahead log to the pool's own checkpoint, which copies
 * it into the database and, once it is long, makes the next commit start it over.
 */
class ControlPlanePoolTest {
    private static final long NEVER_BY_ITSELF = 3_600_000;
    private static final long RESTART_FRAMES = 500;

    @TempDir
    Path dir;

    @Test
    void commitsLeaveTheLogToTheCheckpointWhichRewindsItOnceItIsLong() throws Exception {
        ControlPlane unpooled = new ControlPlane(
                new CatalogSettings("lake", "jdbc:sqlite:" + dir.resolve("control.db") + "?journal_mode=WAL", "", ""));
        try (ControlPlanePool pool = new ControlPlanePool(unpooled, NEVER_BY_ITSELF, RESTART_FRAMES)) {
            ControlPlane pooled = pool.pooled(unpooled);
            try (Connection connection = pooled.connect();
                    Statement statement = connection.createStatement()) {
                try (ResultSet autocheckpoint = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
                    assertThat(autocheckpoint.getLong(1))
                            .as("the backstop only")
                            .isEqualTo(10_000);
                }
                statement.execute("CREATE TABLE audit_like (payload TEXT)");
                insert(connection, 300);
                long[] small = pool.checkpoint();
                assertThat(small[1]).as("PASSIVE copied the whole log").isEqualTo(small[0]);

                insert(connection, 1_500);
                long[] long_ = pool.checkpoint();
                assertThat(long_[0])
                        .as("1,500 commits of a page each, never checkpointed by a commit")
                        .isGreaterThanOrEqualTo(1_500);
                assertThat(long_[1]).isEqualTo(long_[0]);

                insert(connection, 1);
                try (ResultSet frames = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                    assertThat(frames.getLong(2))
                            .as("the commit after the RESTART started the log over")
                            .isLessThan(10);
                }
                assertThat(Files.size(dir.resolve("control.db-wal")))
                        .as("and cut the file back to the limit")
                        .isLessThanOrEqualTo(RESTART_FRAMES * 4096);
            }
        }
    }

    private static void insert(Connection connection, int commits) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_like VALUES (?)")) {
            for (int i = 0; i < commits; i++) {
                insert.setString(1, "x".repeat(3_000));
                insert.executeUpdate();
            }
        }
    }
}

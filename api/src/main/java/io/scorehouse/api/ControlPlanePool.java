package io.scorehouse.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The API's control-plane connections (hot store, registry, read audit), pooled by HikariCP so a
 * request borrows a connection instead of opening one. Small: two cores serve a handful of
 * requests at once, and SQLite has one writer anyway.
 *
 * <p>On SQLite (the embedded profile) the pool also moves the write-ahead log's checkpoint off the
 * request path. SQLite checkpoints inside the commit that fills the log past 1,000 pages, and the
 * read audit's group commit is what every response waits for: every few seconds a batch of
 * responses waited for a whole checkpoint as well (/last at 500 requests/s, BENCHMARKS.md: p99
 * 15-16 ms with it, 8.5-12 ms without). Here the pooled connections never checkpoint; a background thread does, once
 * a second, in PASSIVE mode (it never blocks the writer nor a reader).
 */
final class ControlPlanePool implements AutoCloseable {
    static final int SIZE = 8;
    static final long CHECKPOINT_EVERY_MILLIS = 1_000;
    private static final Logger LOG = LogManager.getLogger(ControlPlanePool.class);

    private final HikariDataSource dataSource;
    private final Optional<ScheduledExecutorService> checkpoints;

    ControlPlanePool(ControlPlane controlPlane) {
        boolean sqlite = controlPlane.settings().isSqlite();
        HikariConfig config = new HikariConfig();
        config.setPoolName("scorehouse-api-control-plane");
        config.setJdbcUrl(controlPlane.settings().uri());
        if (!controlPlane.settings().user().isEmpty()) {
            config.setUsername(controlPlane.settings().user());
        }
        String password = controlPlane.password();
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(SIZE);
        config.setMinimumIdle(2);
        config.setConnectionTimeout(5_000);
        if (sqlite) {
            config.setConnectionInitSql("PRAGMA wal_autocheckpoint = 0");
        }
        // no connection attempt here: the migration before the pool reached the database (and
        // said why when it could not); the pool fills in the background
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
        this.checkpoints = sqlite ? Optional.of(startCheckpoints()) : Optional.empty();
    }

    ControlPlane pooled(ControlPlane controlPlane) {
        return controlPlane.pooledBy(dataSource);
    }

    private ScheduledExecutorService startCheckpoints() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scorehouse-wal-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(
                this::checkpointQuietly, CHECKPOINT_EVERY_MILLIS, CHECKPOINT_EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (SQLException | RuntimeException e) {
            // the next round tries again; meanwhile the log only grows
            LOG.warn("cannot checkpoint the control plane's write-ahead log: {}", e.getMessage());
        }
    }

    /** One PASSIVE checkpoint; returns the frames in the log and how many of them are checkpointed. */
    long[] checkpoint() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            result.next();
            return new long[] {result.getLong(2), result.getLong(3)};
        }
    }

    @Override
    public void close() {
        checkpoints.ifPresent(ScheduledExecutorService::shutdownNow);
        dataSource.close();
    }
}

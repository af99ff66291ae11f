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
 * 15-16 ms with it, 8.5-12 ms without). Here the pooled connections checkpoint only as a backstop
 * (a log of 10,000 pages); a background thread copies the log into the database once a second in
 * PASSIVE mode (it blocks neither the writer nor a reader), and once the log passes
 * {@code restartFrames} it finishes with a RESTART, which holds the writer back only while it copies
 * the few frames the PASSIVE round did not, so the next commit starts the log from its beginning.
 * Without that last step a log under steady writes is never fully copied and only grows (1.5 GB
 * after a ten-minute benchmark).
 */
final class ControlPlanePool implements AutoCloseable {
    static final int SIZE = 8;
    static final long CHECKPOINT_EVERY_MILLIS = 1_000;
    /** 4,000 pages of 4 kB: the log rewinds at about 16 MB. */
    static final long RESTART_FRAMES = 4_000;

    private static final Logger LOG = LogManager.getLogger(ControlPlanePool.class);

    private final HikariDataSource dataSource;
    private final long restartFrames;
    private final Optional<ScheduledExecutorService> checkpoints;

    ControlPlanePool(ControlPlane controlPlane) {
        this(controlPlane, CHECKPOINT_EVERY_MILLIS, RESTART_FRAMES);
    }

    ControlPlanePool(ControlPlane controlPlane, long checkpointEveryMillis, long restartFrames) {
        this.restartFrames = restartFrames;
        boolean sqlite = controlPlane.settings().isSqlite();
        HikariConfig config = new HikariConfig();
        config.setPoolName("scorehouse-api-control-plane");
        config.setJdbcUrl(
                sqlite
                        ? withLogLimits(controlPlane.settings().uri(), restartFrames)
                        : controlPlane.settings().uri());
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
        // no connection attempt here: the migration before the pool reached the database (and
        // said why when it could not); the pool fills in the background
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
        this.checkpoints = sqlite ? Optional.of(startCheckpoints(checkpointEveryMillis)) : Optional.empty();
    }

    /**
     * The pooled connections' URL: a commit checkpoints only past 10,000 pages (the backstop), and a
     * rewound log is cut back to what {@code restartFrames} pages take on disk.
     */
    static String withLogLimits(String uri, long restartFrames) {
        return uri + (uri.contains("?") ? "&" : "?") + "wal_autocheckpoint=10000&journal_size_limit="
                + restartFrames * 4096;
    }

    ControlPlane pooled(ControlPlane controlPlane) {
        return controlPlane.pooledBy(dataSource);
    }

    private ScheduledExecutorService startCheckpoints(long everyMillis) {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scorehouse-wal-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::checkpointQuietly, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        return scheduler;
    }

    private void checkpointQuietly() {
        try {
            checkpoint();
        } catch (Throwable e) {
            // whatever it was, the next round tries again (an escaping throwable would cancel
            // every later round silently); meanwhile the backstop keeps the log bounded
            LOG.warn("cannot checkpoint the control plane's write-ahead log: {}", e.toString());
        }
    }

    /**
     * One round: a PASSIVE checkpoint, then a RESTART when the log has grown past
     * {@code restartFrames}. Returns the log's frames and how many are in the database, after the round.
     */
    long[] checkpoint() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            long[] passive = checkpoint(statement, "PASSIVE");
            if (passive[0] < restartFrames) {
                return passive;
            }
            return checkpoint(statement, "RESTART");
        }
    }

    private static long[] checkpoint(Statement statement, String mode) throws SQLException {
        try (ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            result.next();
            return new long[] {result.getLong(2), result.getLong(3)};
        }
    }

    @Override
    public void close() {
        checkpoints.ifPresent(scheduler -> {
            scheduler.shutdown();
            try {
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        dataSource.close();
    }
}

package io.scorehouse.api;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scorehouse.lakehouse.controlplane.ControlPlane;

/**
 * The API's control-plane connections (hot store, registry, read audit), pooled by HikariCP so a
 * request borrows a connection instead of opening one. Small: two cores serve a handful of
 * requests at once, and SQLite has one writer anyway.
 */
final class ControlPlanePool implements AutoCloseable {
    static final int SIZE = 8;

    private final HikariDataSource dataSource;

    ControlPlanePool(ControlPlane controlPlane) {
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
        // no connection attempt here: the migration before the pool reached the database (and
        // said why when it could not); the pool fills in the background
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
    }

    ControlPlane pooled(ControlPlane controlPlane) {
        return controlPlane.pooledBy(dataSource);
    }

    @Override
    public void close() {
        dataSource.close();
    }
}

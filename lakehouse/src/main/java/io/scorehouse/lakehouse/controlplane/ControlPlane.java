package io.scorehouse.lakehouse.controlplane;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.config.CatalogSettings;
import io.scorehouse.lakehouse.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The control-plane database: SQLite in the embedded profile, PostgreSQL in production. It is the
 * same database as the Iceberg JDBC catalog, so one backup covers catalog and control state.
 * The schema is owned by Flyway migrations under {@code db/controlplane}, identical for both
 * engines, and {@link LastScoresClusteredByKey}, which changes how SQLite stores the hot store (not its
 * columns); {@link #migrate()} is idempotent and safe to call at every start.
 *
 * <p>Jobs open a connection per transaction (they make a handful). A server making one per
 * request passes a pool ({@link #pooledBy}); the pool is its own, this class only borrows from it.
 */
public final class ControlPlane {
    static final String MIGRATIONS = "classpath:db/controlplane";

    private final CatalogSettings settings;
    private final DataSource pool;

    public ControlPlane(CatalogSettings settings) {
        this(settings, null);
    }

    private ControlPlane(CatalogSettings settings, DataSource pool) {
        this.settings = requireNonNull(settings, "settings is null");
        this.pool = pool;
    }

    /** This control plane, with connections borrowed from {@code pool} (which must reach the same database). */
    public ControlPlane pooledBy(DataSource pool) {
        return new ControlPlane(settings, requireNonNull(pool, "pool is null"));
    }

    public CatalogSettings settings() {
        return settings;
    }

    /** Applies pending migrations; a no-op on an up-to-date database. */
    public MigrationReport migrate() {
        ensureSqliteDirectory();
        Flyway flyway = Flyway.configure(getClass().getClassLoader())
                .dataSource(settings.uri(), settings.user(), password())
                .locations(MIGRATIONS)
                .javaMigrations(new LastScoresClusteredByKey())
                .failOnMissingLocations(true)
                .load();
        try {
            MigrateResult result = flyway.migrate();
            return new MigrationReport(
                    result.migrationsExecuted,
                    result.targetSchemaVersion == null
                            ? flyway.info().current().getVersion().getVersion()
                            : result.targetSchemaVersion);
        } catch (RuntimeException e) {
            throw new ControlPlaneException(
                    "cannot migrate the control plane at " + redactedUri() + ": " + e.getMessage(), e);
        }
    }

    /** A connection (new, or borrowed from the pool); the caller closes it. */
    public Connection connect() {
        if (pool != null) {
            try {
                return pool.getConnection();
            } catch (SQLException e) {
                throw new ControlPlaneException(
                        "cannot connect to the control plane at " + redactedUri() + ": " + e.getMessage(), e);
            }
        }
        ensureSqliteDirectory();
        Properties properties = new Properties();
        if (!settings.user().isEmpty()) {
            properties.setProperty("user", settings.user());
        }
        String password = password();
        if (password != null) {
            properties.setProperty("password", password);
        }
        try {
            return DriverManager.getConnection(settings.uri(), properties);
        } catch (SQLException e) {
            throw new ControlPlaneException(
                    "cannot connect to the control plane at " + redactedUri() + ": " + e.getMessage(), e);
        }
    }

    /** The catalog password read from its secret file, or null when none is configured. */
    public String password() {
        if (settings.passwordFile().isEmpty()) {
            return null;
        }
        Path file = Path.of(settings.passwordFile());
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new ConfigException("cannot read the catalog password file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** The JDBC URI without query parameters, which may carry credentials. */
    public String redactedUri() {
        int query = settings.uri().indexOf('?');
        return query < 0 ? settings.uri() : settings.uri().substring(0, query);
    }

    private void ensureSqliteDirectory() {
        if (!settings.isSqlite()) {
            return;
        }
        String file = redactedUri().substring("jdbc:sqlite:".length());
        if (file.isEmpty() || file.equals(":memory:")) {
            return;
        }
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new ConfigException("cannot create the control-plane directory " + parent + ": " + e.getMessage());
        }
    }
}

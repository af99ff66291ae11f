package io.scorehouse.lakehouse.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The resolved configuration of one process: a profile of {@code conf/scorehouse.yaml} with
 * environment overrides applied, placeholders expanded and required values checked.
 *
 * @param profile   {@code embedded} or {@code production}
 * @param confDir   the directory the file was read from (policies, pipelines, trust store live there)
 * @param home      {@code SCOREHOUSE_HOME}: control plane, warehouse, artifacts, runs, reports
 * @param warehouse warehouse location: a local path or an {@code s3a://} / {@code s3://} URI
 * @param api       the Access API's settings, when this profile serves it
 * @param store     retention per lifecycle classification and the snapshot history window
 * @param metrics   where batch jobs push their Prometheus metrics
 */
public record ScorehouseConfig(
        String profile,
        Path confDir,
        Path home,
        CatalogSettings catalog,
        String warehouse,
        SecretsSettings secrets,
        IdentitySettings identity,
        SparkSettings spark,
        Optional<ApiSettings> api,
        StoreSettings store,
        MetricsSettings metrics) {

    public ScorehouseConfig {
        requireNonNull(profile, "profile is null");
        requireNonNull(confDir, "confDir is null");
        requireNonNull(home, "home is null");
        requireNonNull(catalog, "catalog is null");
        requireNonNull(warehouse, "warehouse is null");
        requireNonNull(secrets, "secrets is null");
        requireNonNull(identity, "identity is null");
        requireNonNull(spark, "spark is null");
        requireNonNull(api, "api is null");
        requireNonNull(store, "store is null");
        requireNonNull(metrics, "metrics is null");
    }

    /** This configuration serving the Access API with {@code settings}. */
    public ScorehouseConfig withApi(ApiSettings settings) {
        return new ScorehouseConfig(
                profile,
                confDir,
                home,
                catalog,
                warehouse,
                secrets,
                identity,
                spark,
                Optional.of(settings),
                store,
                metrics);
    }

    /** This configuration with another store lifecycle. */
    public ScorehouseConfig withStore(StoreSettings settings) {
        return new ScorehouseConfig(
                profile, confDir, home, catalog, warehouse, secrets, identity, spark, api, settings, metrics);
    }

    /** This configuration sending metrics and lineage elsewhere. */
    public ScorehouseConfig withMetrics(MetricsSettings settings) {
        return new ScorehouseConfig(
                profile, confDir, home, catalog, warehouse, secrets, identity, spark, api, store, settings);
    }

    public boolean isEmbedded() {
        return "embedded".equals(profile);
    }

    /** Where the embedded profile keeps its development secrets. */
    public Path devSecretsDir() {
        return home.resolve("secrets");
    }

    /**
     * Whether a missing secret at {@code file} may be generated: only with {@code
     * generate-dev-keys} and only inside {@link #devSecretsDir()}. A path configured elsewhere (an
     * override, a Vault mount) must exist; generating it would silently replace a real key.
     */
    public boolean generatesDevSecret(Path file) {
        return secrets.generateDevKeys() && file.toAbsolutePath().normalize().startsWith(devSecretsDir());
    }

    /** Directory for JSON log files. */
    public Path logsDir() {
        return home.resolve("logs");
    }
}

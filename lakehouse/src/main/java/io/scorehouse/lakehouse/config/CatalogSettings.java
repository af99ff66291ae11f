package io.scorehouse.lakehouse.config;

/**
 * The Iceberg JDBC catalog {@code lake}; its database is also the control plane.
 *
 * @param name         Spark catalog name (also the Trino catalog name)
 * @param uri          JDBC URI: {@code jdbc:sqlite:...} (embedded) or {@code jdbc:postgresql://...}
 * @param user         database user, empty for SQLite
 * @param passwordFile file holding the password (Vault-agent style), empty when none is needed
 */
public record CatalogSettings(String name, String uri, String user, String passwordFile) {
    public CatalogSettings {
        user = user == null ? "" : user;
        passwordFile = passwordFile == null ? "" : passwordFile;
    }

    public boolean isSqlite() {
        return uri != null && uri.startsWith("jdbc:sqlite:");
    }
}

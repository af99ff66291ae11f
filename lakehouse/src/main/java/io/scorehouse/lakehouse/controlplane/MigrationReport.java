package io.scorehouse.lakehouse.controlplane;

/**
 * What {@link ControlPlane#migrate()} did.
 *
 * @param applied       migrations applied by this call (0 when already up to date)
 * @param schemaVersion schema version after the call
 */
public record MigrationReport(int applied, String schemaVersion) {}

package io.scorehouse.gates.registry;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The lifecycle of a model version (DESIGN §5) and the only transitions allowed between stages.
 * Revoked and Retired are terminal; Candidate can never jump to Approved.
 */
public enum Stage {
    CANDIDATE("Candidate"),
    STAGING("Staging"),
    APPROVED("Approved"),
    DEPRECATED("Deprecated"),
    REVOKED("Revoked"),
    RETIRED("Retired");

    private static final Map<Stage, Set<Stage>> ALLOWED = Map.of(
            CANDIDATE, EnumSet.of(STAGING, RETIRED),
            STAGING, EnumSet.of(APPROVED, CANDIDATE, REVOKED, RETIRED),
            APPROVED, EnumSet.of(DEPRECATED, REVOKED, RETIRED),
            // Rollback re-approves N-1 after it was deprecated.
            DEPRECATED, EnumSet.of(APPROVED, REVOKED, RETIRED),
            REVOKED, EnumSet.noneOf(Stage.class),
            RETIRED, EnumSet.noneOf(Stage.class));

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean canMoveTo(Stage next) {
        return ALLOWED.get(this).contains(next);
    }

    public Set<Stage> next() {
        return ALLOWED.get(this).isEmpty() ? Set.of() : EnumSet.copyOf(ALLOWED.get(this));
    }

    public static Stage parse(String text) {
        return Arrays.stream(values())
                .filter(stage -> stage.label.equalsIgnoreCase(String.valueOf(text))
                        || stage.name().equals(String.valueOf(text).toUpperCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new ScorehouseException(
                        ExitCode.USAGE,
                        "stage",
                        "'" + text + "' is not a stage ("
                                + String.join(
                                        ", ",
                                        Arrays.stream(values())
                                                .map(Stage::label)
                                                .toList()) + ")"));
    }

    @Override
    public String toString() {
        return label;
    }
}

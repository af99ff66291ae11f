package io.scorehouse.lakehouse.config;

import java.util.List;

/**
 * A versioned mapping from a feature's push on a score to a human-readable reason code, {@code
 * conf/reasons/<name>.yaml} (a changed mapping is a new file, so a run's pinned name keeps its meaning). An explained
 * row carries the codes of its top contributions that have one. Validated by {@link ReasonCodeSets}.
 *
 * @param reasons one per feature and direction
 */
public record ReasonCodes(String name, String description, List<Reason> reasons) implements DefinitionDirectory.Named {
    public ReasonCodes {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
    }

    /**
     * @param feature   a model feature
     * @param direction {@code up}: the feature raised this score (a positive contribution); {@code down}: lowered it
     * @param code      what the consumer reports, e.g. {@code R03}
     * @param text      what it means, for the entity's notice
     */
    public record Reason(String feature, Direction direction, String code, String text) {}

    public enum Direction {
        UP,
        DOWN;

        /** The direction of a contribution: up when it raised the score. */
        public static Direction of(double contribution) {
            return contribution >= 0 ? UP : DOWN;
        }
    }
}

package io.scorehouse.gates.registry;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A model version, written {@code name@version} (e.g. {@code churn@3}). Validated on construction. */
public record ModelRef(String name, int version) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern TEXT = Pattern.compile("([^@]+)@([0-9]+)");

    public ModelRef {
        requireNonNull(name, "name is null");
        if (!NAME.matcher(name).matches()) {
            throw new ScorehouseException(
                    ExitCode.USAGE, "model", "'" + name + "' is not a model name (lower-case letters, digits, _)");
        }
        if (version < 1) {
            throw new ScorehouseException(ExitCode.USAGE, "model", "version must be at least 1, got " + version);
        }
    }

    public static ModelRef parse(String text) {
        Matcher matcher = TEXT.matcher(String.valueOf(text));
        if (!matcher.matches()) {
            throw new ScorehouseException(ExitCode.USAGE, "model", "'" + text + "' is not NAME@VERSION (e.g. churn@1)");
        }
        try {
            return new ModelRef(matcher.group(1), Integer.parseInt(matcher.group(2)));
        } catch (NumberFormatException e) {
            throw new ScorehouseException(ExitCode.USAGE, "model", "'" + text + "' has a version out of range");
        }
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}

package io.scorehouse.lakehouse;

import static java.util.Objects.requireNonNull;

/**
 * A failure the user can act on. It carries the exit code and renders as one line,
 * {@code <what> — <why>}, which the CLI prints as {@code scorehouse: <what> — <why>}.
 *
 * <p>The message must never contain raw entity ids, PII or secrets: it is printed, logged and
 * may end up in a scheduler's UI.
 */
public class ScorehouseException extends RuntimeException {
    private final ExitCode exitCode;
    private final String what;
    private final String why;

    public ScorehouseException(ExitCode exitCode, String what, String why) {
        this(exitCode, what, why, null);
    }

    public ScorehouseException(ExitCode exitCode, String what, String why, Throwable cause) {
        super(
                requireNonNull(what, "what is null") + " — "
                        + requireNonNull(why, "why is null").strip(),
                cause);
        this.exitCode = requireNonNull(exitCode, "exitCode is null");
        this.what = what;
        this.why = why.strip();
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    public String what() {
        return what;
    }

    public String why() {
        return why;
    }

    /** What a user sees: {@code scorehouse: <what> — <first line of why>}. */
    public String line() {
        return line(what, why);
    }

    /** The one-line form for any failure, also those that are not a {@code ScorehouseException}. */
    public static String line(String what, String why) {
        String trimmed = why == null ? "" : why.strip();
        int newline = trimmed.indexOf('\n');
        return "scorehouse: " + what + " — "
                + (newline < 0 ? trimmed : trimmed.substring(0, newline).strip());
    }
}

package io.scorehouse.quality;

import static java.util.Objects.requireNonNull;

/**
 * One check's outcome, as data (it goes into the run manifest). {@code observed} is an aggregate
 * (a rate, a bound, a count) — never a row value, so no raw data leaks through a report.
 */
public record CheckResult(String check, String subject, boolean passed, double observed, String expectation) {
    public CheckResult {
        requireNonNull(check, "check is null");
        requireNonNull(subject, "subject is null");
        requireNonNull(expectation, "expectation is null");
    }

    /** {@code check(subject): observed X, expected Y}. */
    public String describe() {
        return check + "(" + subject + "): observed " + format(observed) + ", expected " + expectation;
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value)
                : String.format("%.4g", value);
    }
}

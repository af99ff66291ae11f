package io.scorehouse.quality;

import java.util.List;
import java.util.stream.Collectors;

/** The results of one family of checks (contract, sanity, drift). */
public record CheckReport(String family, List<CheckResult> results) {
    public CheckReport {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return results.stream().allMatch(CheckResult::passed);
    }

    public List<CheckResult> failures() {
        return results.stream().filter(r -> !r.passed()).toList();
    }

    /** The failures in one line, for the error message. */
    public String failureSummary() {
        return failures().stream().map(CheckResult::describe).collect(Collectors.joining("; "));
    }
}

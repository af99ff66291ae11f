package io.scorehouse.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a notebook's failure, as nbconvert's traceback ends, becomes one line and an exit code. */
class NotebookFailureTest {

    @Test
    void aFailedCheckIsAnIntegrityFailureNamingTheCheck() {
        ScorehouseException failure = NotebooksCommand.failure(
                "recon_review",
                traceback("AssertionError: unverified evidence, not shown: scorehouse: verify — report.json changed"));

        assertThat(failure.exitCode()).isEqualTo(ExitCode.INTEGRITY);
        assertThat(failure.getMessage())
                .endsWith("recon_review: unverified evidence, not shown: scorehouse: verify — report.json changed");
    }

    @Test
    void nothingToReviewIsAUsageError() {
        ScorehouseException failure = NotebooksCommand.failure(
                "runs_review",
                traceback("\u001B[0;31mNothingToReviewError\u001B[0m: no finalized scoring run under /h/runs"));

        assertThat(failure.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(failure.getMessage()).endsWith("runs_review: no finalized scoring run under /h/runs");
    }

    @Test
    void aVerifyThatCannotRunIsUnexpectedNotAVerdictOnTheEvidence() {
        ScorehouseException failure = NotebooksCommand.failure(
                "release_review",
                traceback("evidence.VerifyFailedError: bin/scorehouse verify exited 2: scorehouse: config — bad"));

        assertThat(failure.exitCode()).isEqualTo(ExitCode.UNEXPECTED);
        assertThat(failure.getMessage())
                .endsWith("release_review: bin/scorehouse verify exited 2: scorehouse: config — bad");
    }

    @Test
    void anyOtherErrorIsUnexpectedAndNamesItsType() {
        ScorehouseException failure = NotebooksCommand.failure("runs_review", traceback("KeyError: 'rows_out'"));

        assertThat(failure.exitCode()).isEqualTo(ExitCode.UNEXPECTED);
        assertThat(failure.getMessage()).endsWith("runs_review: KeyError: 'rows_out'");
    }

    private static List<String> traceback(String last) {
        return List.of(
                "[NbConvertApp] Converting notebook runs_review.ipynb to html",
                "Traceback (most recent call last):",
                "  Cell In[2], line 4",
                last,
                "");
    }
}

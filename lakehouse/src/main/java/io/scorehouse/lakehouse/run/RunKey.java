package io.scorehouse.lakehouse.run;

import static java.util.Objects.requireNonNull;

import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.ScorehouseException;
import java.time.LocalDate;
import java.util.regex.Pattern;

/** The identity of a scoring run: {@code job_id} + input partition ({@code dt=YYYY-MM-DD}). */
public record RunKey(String jobId, LocalDate date) {
    private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,199}");

    public RunKey {
        requireNonNull(jobId, "jobId is null");
        requireNonNull(date, "date is null");
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new ScorehouseException(
                    ExitCode.USAGE, "run", "'" + jobId + "' is not a job id (letters, digits, _ . -)");
        }
    }

    /** The default job id of a pipeline's run for a date: {@code <pipeline>_<date>}. */
    public static RunKey of(String pipeline, LocalDate date, String jobId) {
        return new RunKey(jobId == null || jobId.isBlank() ? pipeline + "_" + date : jobId, date);
    }

    /** The key {@link #toString()} printed: {@code <job id>/dt=<YYYY-MM-DD>}. */
    public static RunKey parse(String text) {
        int slash = text.lastIndexOf("/dt=");
        if (slash < 0) {
            throw new IllegalArgumentException("not a run key: " + text);
        }
        return new RunKey(text.substring(0, slash), LocalDate.parse(text.substring(slash + 4)));
    }

    public String inputPartition() {
        return "dt=" + date;
    }

    @Override
    public String toString() {
        return jobId + "/" + inputPartition();
    }
}

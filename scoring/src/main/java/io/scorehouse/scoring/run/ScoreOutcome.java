package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.run.RunKey;
import io.scorehouse.lakehouse.run.RunRecord;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How a score run ended (failures are exceptions).
 *
 * @param alreadyCommitted the run key was finalized before: nothing was written
 * @param asOfOut          when the scores were produced (pinned at the first attempt): the day consumers decide on them
 */
public record ScoreOutcome(
        RunKey key,
        boolean alreadyCommitted,
        long snapshotId,
        long rowsIn,
        long rowsOut,
        double rowsPerSecond,
        String quality,
        Path manifest,
        Instant asOfOut) {

    /** A finalized run key found again: what it published, nothing written now. */
    static ScoreOutcome alreadyCommitted(RunRecord record, Path manifest) {
        return new ScoreOutcome(
                record.key(),
                true,
                record.snapshotId(),
                0,
                record.rowsOut(),
                0,
                "n/a",
                manifest,
                Instant.parse(record.asOfOut()));
    }
}

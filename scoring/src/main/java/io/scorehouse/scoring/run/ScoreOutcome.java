package io.scorehouse.scoring.run;

import io.scorehouse.lakehouse.run.RunKey;
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
        Instant asOfOut) {}

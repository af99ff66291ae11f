package io.scorehouse.jobs.score;

import io.scorehouse.lakehouse.run.RunKey;
import java.nio.file.Path;

/**
 * How a score run ended (failures are exceptions).
 *
 * @param alreadyCommitted the run key was finalized before: nothing was written
 */
public record ScoreOutcome(RunKey key, boolean alreadyCommitted, long snapshotId, long rowsIn, long rowsOut,
                           double rowsPerSecond, String quality, Path manifest) {
}

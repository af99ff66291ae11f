package io.scorehouse.lakehouse.spark;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.iceberg.exceptions.CommitFailedException;
import org.junit.jupiter.api.Test;

class CommitConflictsTest {
    @Test
    void aLostCommitRaceIsAConflictHoweverDeeplyWrapped() {
        RuntimeException wrapped = new RuntimeException(
                "job aborted",
                new IllegalStateException(
                        "write failed", new CommitFailedException("Table metadata refresh is required")));
        assertThat(CommitConflicts.isConflict(wrapped)).isTrue();
        assertThat(CommitConflicts.isConflict(
                        new IllegalArgumentException("Cannot fast-forward: main is not an ancestor of wap_1")))
                .isTrue();
    }

    @Test
    void aRealFailureIsNot() {
        assertThat(CommitConflicts.isConflict(new IllegalStateException("audit failed: 3 rows with null score")))
                .isFalse();
        assertThat(CommitConflicts.isConflict(
                        new RuntimeException("disk full", new java.io.IOException("No space left"))))
                .isFalse();
    }
}

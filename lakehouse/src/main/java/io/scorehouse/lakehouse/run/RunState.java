package io.scorehouse.lakehouse.run;

/** Where a run is: RUNNING until published, PUBLISHED until finalized; FAILED releases the lease. */
public enum RunState {
    RUNNING,
    PUBLISHED,
    FINALIZED,
    FAILED
}

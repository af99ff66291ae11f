package io.scorehouse.gates.canary;

/** What one canary evaluation decides for the step it observed. */
public enum CanaryOutcome {
    /** Gates held and the judge saw no harmful difference: move to the next step. */
    PROCEED,
    /** Inconclusive, too small a sample, or a first/second gate failure: observe this step again. */
    HOLD,
    /** A critical violation, a harmful difference, or the third gate failure in a row: challenger share 0. */
    ROLLBACK
}

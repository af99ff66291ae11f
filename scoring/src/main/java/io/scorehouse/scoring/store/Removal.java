package io.scorehouse.scoring.store;

/** Rows one table lost in one deletion, between two of its snapshots (0 for the hot store, which has none). */
public record Removal(String table, long rows, long snapshotBefore, long snapshotAfter) {}

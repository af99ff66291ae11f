package io.scorehouse.scoring.validate;

/** The input a gate scored: pipeline, its dataset at the pinned Delta version, and how many entities. */
public record GateInput(String pipeline, String dataset, long deltaVersion, long rows) {}

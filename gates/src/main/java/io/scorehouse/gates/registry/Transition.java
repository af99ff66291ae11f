package io.scorehouse.gates.registry;

/** One recorded stage change; {@code from} is null for the registration itself. */
public record Transition(
        ModelRef ref, int seq, Stage from, Stage to, String actor, String reason, String policyDigest, String at) {}

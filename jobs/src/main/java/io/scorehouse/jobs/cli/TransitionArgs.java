package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelRef;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code NAME@VERSION --reason TEXT}: what every command that changes a version's stage takes (a picocli mixin). */
final class TransitionArgs {
    @Parameters(index = "0", paramLabel = "NAME@VERSION")
    String ref;

    @Option(
            names = "--reason",
            required = true,
            paramLabel = "TEXT",
            description = "Why (recorded with the transition and audited).")
    String reason;

    ModelRef modelRef() {
        return ModelRef.parse(ref);
    }
}

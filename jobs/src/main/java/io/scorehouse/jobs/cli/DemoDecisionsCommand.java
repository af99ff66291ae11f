package io.scorehouse.jobs.cli;

import io.scorehouse.jobs.demo.DecisionsLedger;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "decisions",
        mixinStandardHelpOptions = true,
        description = {
            "Simulates the consumers' decisions ledger of day D (curated.decisions, Delta).",
            "",
            "One decision per entity scored on D (as_of_out in D), minutes after its score, with controlled",
            "anomalies: missing scores, surprise versions, duplicate finals, late events inside and beyond",
            "the watermark, decisions outside the ±5 min window. Prints what it injected and writes it to",
            "$SCOREHOUSE_HOME/demo/decisions/dt=D/injected.json."
        })
final class DemoDecisionsCommand implements Callable<Integer> {
    @ParentCommand
    DemoDataCommand parent;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "Decision day (UTC).")
    LocalDate date;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--shift-segment",
            defaultValue = "",
            paramLabel = "SEGMENT",
            description = "Send most high-score decisions to this segment (a deliberate PSI shift for the guardrail).")
    String shiftSegment;

    @Override
    public Integer call() {
        DecisionsLedger.Injected injected = parent.top.jobs("demo-data").decisionsLedger(date, seed, shiftSegment);
        PrintWriter out = spec.commandLine().getOut();
        out.println(CliText.injected(injected));
        out.flush();
        return 0;
    }
}

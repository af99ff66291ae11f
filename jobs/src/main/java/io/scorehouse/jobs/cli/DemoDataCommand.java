package io.scorehouse.jobs.cli;

import io.scorehouse.jobs.demo.DemoData;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "demo-data",
        mixinStandardHelpOptions = true,
        subcommands = DemoDecisionsCommand.class,
        description = {
            "Writes realistic demo inputs as curated Delta tables.",
            "",
            "curated.customer_features: raw ids, PII, segments, a dozen features, several snapshots per",
            "entity over the 14 days ending on --date. curated.churn_labels: churn labels for training.",
            "Same seed, same content; writes nothing outside $SCOREHOUSE_HOME.",
            "'demo-data decisions --date D' writes the consumers' decisions ledger of D from the published scores."
        })
final class DemoDataCommand implements Callable<Integer> {

    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    // Not 'required' for picocli: 'demo-data decisions --date D' must not need the parent's --date.
    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Last day of the window (required).")
    LocalDate date;

    @Option(
            names = "--rows",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Number of entities (customers); each gets several snapshot rows. Default: ${DEFAULT-VALUE}.")
    long entities;

    @Option(
            names = "--tenants",
            split = ",",
            defaultValue = "acme,globex",
            paramLabel = "t1,t2",
            description = "Tenant ids. Default: ${DEFAULT-VALUE}.")
    List<String> tenants;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        if (date == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--date=YYYY-MM-DD'");
        }
        DemoDataArgs.validate(spec, entities, tenants);
        List<DemoData.WrittenTable> written = top.jobs("demo-data").demoData(date, entities, tenants, seed);
        written.forEach(table -> spec.commandLine().getOut().println(CliText.writtenTable(table)));
        return 0;
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.lakehouse.Progress;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
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
    private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    static final long MAX_ENTITIES = 50_000_000;

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
        validate(spec, entities, tenants);
        List<DemoData.WrittenTable> written = write(top, date, entities, tenants, seed);
        written.forEach(table -> spec.commandLine().getOut().println(describe(table)));
        return 0;
    }

    static void validate(CommandSpec spec, long entities, List<String> tenants) {
        if (entities < 1 || entities > MAX_ENTITIES) {
            throw new ParameterException(
                    spec.commandLine(), "--rows must be between 1 and " + MAX_ENTITIES + ", got " + entities);
        }
        for (String tenant : tenants) {
            if (!TENANT.matcher(tenant).matches()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--tenants: '" + tenant + "' is not a tenant id (lower-case letters, digits, _ and -)");
            }
        }
        if (tenants.stream().distinct().count() != tenants.size()) {
            throw new ParameterException(spec.commandLine(), "--tenants lists a tenant twice");
        }
    }

    static List<DemoData.WrittenTable> write(
            ScorehouseCommand top, LocalDate date, long entities, List<String> tenants, long seed) {
        Progress.step(
                "demo-data: generating {} entities for {} tenants, window ending {}", entities, tenants.size(), date);
        DemoData demoData = new DemoData(top.spark("demo-data"), top.config().warehouse());
        return demoData.write(date, entities, tenants, seed);
    }

    static String describe(DemoData.WrittenTable table) {
        return String.format(
                "%-26s %,10d rows  %s..%s  delta v%d  %s",
                table.table(), table.rows(), table.from(), table.to(), table.deltaVersion(), table.location());
    }
}

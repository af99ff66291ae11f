package io.scorehouse.jobs.cli;

import static java.util.Objects.requireNonNull;

import io.scorehouse.gates.Governance;
import io.scorehouse.gates.canary.Canary;
import io.scorehouse.gates.canary.CanaryRollouts;
import io.scorehouse.gates.policy.PolicyBundle;
import io.scorehouse.gates.registry.ModelRegistry;
import io.scorehouse.gates.release.Releases;
import io.scorehouse.jobs.wiring.SparkWiring;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.spark.LakehouseSession;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.apache.logging.log4j.ThreadContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code scorehouse}: the top-level command. It owns what every subcommand shares — the
 * configuration and, for Spark commands, one lakehouse session — and creates both lazily, so
 * {@code --help} and Spark-free commands never start Spark.
 */
@Command(
        name = "scorehouse",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Governed ML scoring on a Spark lakehouse.",
        subcommands = {
            DemoCommand.class,
            DemoDataCommand.class,
            SqlCommand.class,
            TrainCommand.class,
            RegistryCommand.class,
            ScoreCommand.class,
            ReconCommand.class,
            VerifyCommand.class,
            ReplayCommand.class,
            ValidationCommands.Staging.class,
            ValidationCommands.Shadow.class,
            CanaryCommand.class,
            ReleaseCommands.Promote.class,
            ReleaseCommands.Deprecate.class,
            ReleaseCommands.Revoke.class,
            ReleaseCommands.SyncRevocations.class,
            ReleaseCommands.Rollback.class,
            ReleaseCommand.class,
            StoreCommand.class,
            TrinoRulesCommand.class,
            NotebooksCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit codes: 0 ok (also \"already committed\"), 1 unexpected, 2 usage or config,",
            "3 refused by a policy gate, 4 data contract/quality/drift, 5 integrity,",
            "6 guardrail fired (recon --exit-on-guardrail only).",
            "",
            "Ops console (Spring Shell, no Spark): bin/scorehouse shell [@script | command …]."
        })
public final class ScorehouseCommand {
    @Option(names = "--verbose", scope = ScopeType.INHERIT, description = "Print stack traces of failures.")
    boolean verbose;

    @Option(
            names = "--actor",
            scope = ScopeType.INHERIT,
            paramLabel = "NAME",
            description =
                    "Who acts, recorded on every transition and audit entry. Default: $SCOREHOUSE_ACTOR, else the OS user.")
    String actor;

    private final Governance governance;
    private final BiFunction<ScorehouseConfig, String, SparkSession> sparkFactory;
    private SparkSession spark;
    private SparkWiring jobs;

    ScorehouseCommand(
            Supplier<ScorehouseConfig> configSource, BiFunction<ScorehouseConfig, String, SparkSession> sparkFactory) {
        requireNonNull(configSource, "configSource is null");
        this.governance = new Governance(
                () -> {
                    ScorehouseConfig config = configSource.get();
                    LogSetup.useHome(config);
                    return config;
                },
                Clock.systemUTC());
        this.sparkFactory = requireNonNull(sparkFactory, "sparkFactory is null");
    }

    /** A ready-to-execute command line with scorehouse's error handling and exit codes. */
    public static CommandLine commandLine(Supplier<ScorehouseConfig> configSource, PrintWriter out, PrintWriter err) {
        return commandLine(
                configSource, (config, command) -> LakehouseSession.open(config, "scorehouse-" + command), out, err);
    }

    /** As above, with the way Spark is started made explicit (tests prove some commands never start it). */
    static CommandLine commandLine(
            Supplier<ScorehouseConfig> configSource,
            BiFunction<ScorehouseConfig, String, SparkSession> sparkFactory,
            PrintWriter out,
            PrintWriter err) {
        ScorehouseCommand top = new ScorehouseCommand(configSource, sparkFactory);
        CommandLine commandLine = new CommandLine(top);
        Failures failures = new Failures(top);
        commandLine
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(LocalDate.class, ScorehouseCommand::date)
                .setParameterExceptionHandler(failures)
                .setExecutionExceptionHandler(failures)
                .setExecutionStrategy(top::runAndPublishEvidence);
        HelpParagraphs.install(commandLine);
        return commandLine;
    }

    /**
     * Runs the chosen subcommand with its name in the log context of every line it logs, then
     * pushes the evidence it wrote to the replica — also when it failed (a refused gate's report
     * is evidence too). A command that succeeded but whose evidence could not be pushed fails.
     */
    private int runAndPublishEvidence(CommandLine.ParseResult parseResult) {
        List<CommandLine> chosen = parseResult.asCommandLineList();
        CommandLine command = chosen.get(chosen.size() - 1);
        ThreadContext.put("command", command.getCommandName());
        try {
            int exitCode;
            try {
                exitCode = new CommandLine.RunLast().execute(parseResult);
            } catch (CommandLine.ExecutionException failed) {
                try {
                    governance.publishEvidence();
                } catch (RuntimeException alsoFailed) {
                    // The handler is given the command's own exception (the cause), not this wrapper.
                    (failed.getCause() != null ? failed.getCause() : failed).addSuppressed(alsoFailed);
                }
                throw failed;
            }
            try {
                governance.publishEvidence();
            } catch (RuntimeException notPublished) {
                throw new CommandLine.ExecutionException(command, notPublished.getMessage(), notPublished);
            }
            return exitCode;
        } finally {
            ThreadContext.remove("command");
        }
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    /** The configuration, loaded on first use; also points the JSON log at its home. */
    public ScorehouseConfig config() {
        return governance.config();
    }

    /** The one clock every command and job of this process reads (the governance's). */
    public Clock clock() {
        return governance.clock();
    }

    /** Who is acting: {@code --actor}, else {@code SCOREHOUSE_ACTOR}, else the OS user. */
    public String actor() {
        return Governance.actor(actor, System.getenv());
    }

    /** The policy bundle of the configured conf directory, loaded on first use. */
    public PolicyBundle policies() {
        return governance.policies();
    }

    /** The model registry over the control plane; Spark-free. */
    public ModelRegistry registry() {
        return governance.registry();
    }

    /** The control plane, migrated on first use. */
    public ControlPlane controlPlane() {
        return governance.controlPlane();
    }

    /** Canary allocations (control plane). */
    public CanaryRollouts rollouts() {
        return governance.rollouts();
    }

    public Canary canary() {
        return governance.canary();
    }

    /** Promotion, deprecation, revocation, rollback (signs release artifacts with the configured key). */
    public Releases releases() {
        return governance.releases();
    }

    /** The Spark jobs of this configuration over the lakehouse session, both created on first use. */
    public SparkWiring jobs(String command) {
        if (jobs == null) {
            jobs = new SparkWiring(governance, spark(command), actor());
        }
        return jobs;
    }

    /** The lakehouse session, opened on first use. */
    public SparkSession spark(String command) {
        if (spark == null) {
            spark = sparkFactory.apply(config(), command);
        }
        return spark;
    }
}

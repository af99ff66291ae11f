package io.scorehouse.jobs.cli;

import io.scorehouse.jobs.wiring.SparkWiring;
import io.scorehouse.lakehouse.config.ModelDefinitions;
import io.scorehouse.scoring.train.ModelSpec;
import io.scorehouse.scoring.train.TrainingJob;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Trains a model defined in conf/models/NAME.yaml and registers it, signed, as Staging.",
            "",
            "XGBoost4J-Spark on a point-in-time training set (features strictly before each label date),",
            "entity-level holdout AUC and logloss, baseline.json, a CycloneDX SBOM and a provenance attestation."
        })
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "NAME",
            description = "A model defined in conf/models (demo: churn).")
    String model;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Use labels up to this date. Default: all.")
    LocalDate date;

    @Option(names = "--degrade", description = "Deliberately train a worse model (weak features, few shallow trees).")
    boolean degrade;

    @Override
    public Integer call() {
        ModelDefinitions definitions = new ModelDefinitions(top.config().confDir());
        if (!definitions.names().contains(model)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--model: unknown model '" + model + "' (known: " + String.join(", ", definitions.names()) + ")");
        }
        SparkWiring jobs = top.jobs("train");
        ModelSpec trained = jobs.model(model);
        TrainingJob.TrainingResult result = observed(
                top,
                jobs,
                degrade ? trained.degradedVariant() : trained,
                date != null ? date : LocalDate.of(9999, 12, 31));
        PrintWriter out = spec.commandLine().getOut();
        out.println(CliText.trained(result));
        out.println("artifacts      " + result.version().artifactDir());
        out.flush();
        return 0;
    }

    /** A model trained and observed in lineage: the train command and the demo train so. */
    static TrainingJob.TrainingResult observed(
            ScorehouseCommand top, SparkWiring jobs, ModelSpec spec, LocalDate labelsUpTo) {
        return ObservedJob.run(
                top,
                JobLineage.trainJob(spec.name()),
                () -> jobs.train(spec, labelsUpTo),
                trained -> JobLineage.training(top, trained));
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.ModelVersion;
import io.scorehouse.gates.signing.Signer;
import io.scorehouse.jobs.train.ModelSpec;
import io.scorehouse.jobs.train.TrainingJob;
import io.scorehouse.lakehouse.ArtifactStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model from the curated demo data and registers it, signed, as Staging.", "",
            "XGBoost4J-Spark on a point-in-time training set (features strictly before each label date),",
            "entity-level holdout AUC and logloss, baseline.json, a CycloneDX SBOM and a provenance attestation."})
final class TrainCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "Model to train (demo: churn).")
    String model;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Use labels up to this date. Default: all.")
    LocalDate date;

    @Option(names = "--degrade", description = "Deliberately train a worse model (weak features, few shallow trees).")
    boolean degrade;

    @Override
    public Integer call() {
        if (!"churn".equals(model)) {
            throw new ParameterException(spec.commandLine(), "--model: unknown model '" + model + "' (known: churn)");
        }
        TrainingJob.TrainingResult result = train(top, "train", ModelSpec.churn(degrade), date != null ? date : LocalDate.of(9999, 12, 31));
        PrintWriter out = spec.commandLine().getOut();
        out.println(describe(result));
        out.println("artifacts      " + result.version().artifactDir());
        out.flush();
        return 0;
    }

    static TrainingJob.TrainingResult train(ScorehouseCommand top, String command, ModelSpec model, LocalDate cutoff) {
        TrainingJob job = new TrainingJob(top.spark(command), top.config().warehouse(), top.registry(),
                Signer.fromConfig(top.config()), ArtifactStore.of(top.config()).staging(), Clock.systemUTC());
        return job.run(model, cutoff, top.actor(), top.policies().digest());
    }

    static String describe(TrainingJob.TrainingResult result) {
        ModelVersion version = result.version();
        return String.format("registered %s  stage %s  holdout AUC %.4f  logloss %.4f%nmodel digest   %s", version.ref(),
                version.stage(), result.metrics().get("auc"), result.metrics().get("logloss"), version.modelDigest());
    }
}

package io.scorehouse.jobs.cli;

import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.jobs.score.RunVerifier;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.run.RunLedger;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Verifies a finalized run against what it claims.", "",
            "The manifest's signature, that main holds the snapshot published under the run key, and that",
            "the table's rows for the job match the manifest's count. Any mismatch exits 5."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "JOB_ID", description = "The job id of the run.")
    String jobId;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(verifier(top).verify(jobId));
        spec.commandLine().getOut().flush();
        return 0;
    }

    static RunVerifier verifier(ScorehouseCommand top) {
        return new RunVerifier(top.spark("verify"), top.config().catalog().name(),
                new RunLedger(new ControlPlane(top.config().catalog()), Clock.systemUTC(), Duration.ofMinutes(1)),
                ArtifactStore.of(top.config()), TrustStore.fromConfig(top.config()));
    }
}

package io.scorehouse.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scorehouse.gates.signing.SignedFiles;
import io.scorehouse.gates.signing.TrustStore;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.IntegrityException;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.lakehouse.run.RunLedger;
import io.scorehouse.lakehouse.run.RunRecord;
import io.scorehouse.lakehouse.run.RunState;
import io.scorehouse.lakehouse.spark.PublishProtocol;
import io.scorehouse.lakehouse.spark.ScoredStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
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
    public Integer call() throws IOException {
        RunLedger ledger = new RunLedger(new ControlPlane(top.config().catalog()), Clock.systemUTC(), Duration.ofMinutes(1));
        RunRecord record = ledger.findByJobId(jobId).orElseThrow(() ->
                new ScorehouseException(ExitCode.USAGE, "verify", "no run with job id '" + jobId + "'"));
        if (record.state() != RunState.FINALIZED) {
            throw new ScorehouseException(ExitCode.INTEGRITY, "verify " + jobId, "run is " + record.state() + ", not finalized");
        }
        Path runDir = ArtifactStore.of(top.config()).run(jobId);
        SignedFiles.verify(TrustStore.fromConfig(top.config()), runDir, "manifest.dsse.json", "manifest of " + jobId);
        JsonNode manifest = new ObjectMapper().readTree(runDir.resolve("manifest.json").toFile());

        SparkSession spark = top.spark("verify");
        String catalog = top.config().catalog().name();
        String runKey = manifest.path("run_key").asText();
        long snapshot = manifest.path("output").path("snapshot_id").asLong();
        Optional<Long> published = new PublishProtocol(spark, catalog, ScoredStore.PREDICTIONS).publishedSnapshot(runKey);
        if (published.isEmpty() || published.get() != snapshot) {
            throw new IntegrityException("verify " + jobId, "main holds no snapshot " + snapshot + " published under run key " + runKey);
        }
        long expected = manifest.path("rows_out").asLong();
        long actual = spark.sql("SELECT count(*) FROM " + catalog + "." + ScoredStore.PREDICTIONS + " WHERE job_id = '"
                + jobId.replace("'", "") + "' AND dt = DATE'" + record.key().date() + "'").head().getLong(0);
        if (actual != expected) {
            throw new IntegrityException("verify " + jobId, "table holds " + actual + " rows for the job, manifest says " + expected);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("verified %s: manifest signature ok, snapshot %d on main carries run key %s, %d rows match%n",
                jobId, snapshot, runKey, actual);
        out.flush();
        return 0;
    }
}

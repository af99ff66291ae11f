package io.scorehouse.jobs.cli;

import io.scorehouse.gates.registry.Stage;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.jobs.score.ScoreOutcome;
import io.scorehouse.jobs.score.ScoringRun;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.jobs.train.ModelSpec;
import io.scorehouse.jobs.train.TrainingJob;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.lakehouse.controlplane.ControlPlane;
import io.scorehouse.recon.ReconOutcome;
import io.scorehouse.recon.Reconciliation;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the scorehouse demo on the configured (by default embedded) lakehouse.", "",
            "Writes demo data, takes a few looks with SQL, trains, registers and approves the churn model,",
            "scores the business date, verifies the run and shows what consumers read, simulates the",
            "consumers' decisions and reconciles them D+1 (signed report); prints what it created and where."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> LOOKS = List.of(
            "SELECT tenant_id, count(DISTINCT cust_id) AS entities, count(*) AS snapshots, "
                    + "round(count(*) / count(DISTINCT cust_id), 2) AS snapshots_per_entity "
                    + "FROM curated.customer_features GROUP BY tenant_id ORDER BY tenant_id",
            "SELECT segment, count(*) AS labels, round(avg(churned), 3) AS churn_rate "
                    + "FROM curated.churn_labels l JOIN (SELECT DISTINCT cust_id, segment FROM curated.customer_features) f "
                    + "USING (cust_id) GROUP BY segment ORDER BY segment");

    static final String LAST_SCORES = "SELECT tenant_id, model_name, model_version, decision, count(*) AS entities, "
            + "round(avg(score), 3) AS avg_score FROM lake.scored.v_last GROUP BY 1, 2, 3, 4 ORDER BY 1, 4";

    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "Business date of the demo. Default: yesterday (UTC).")
    LocalDate date;

    @Option(names = "--rows", defaultValue = "10000", paramLabel = "N", description = "Entities in the demo data. Default: ${DEFAULT-VALUE}.")
    long entities;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() {
        LocalDate businessDate = date != null ? date : LocalDate.now(Clock.systemUTC()).minusDays(1);
        List<String> tenants = List.of("acme", "globex");
        DemoDataCommand.validate(spec, entities, tenants);
        PrintWriter out = spec.commandLine().getOut();
        ScorehouseConfig config = top.config();

        out.println("== 1. Curated inputs (Delta)");
        List<DemoData.WrittenTable> written = DemoDataCommand.write(top, businessDate, entities, tenants, seed);
        written.forEach(table -> out.println(DemoDataCommand.describe(table)));

        out.println();
        out.println("== 2. A look with SQL (bin/scorehouse sql \"...\")");
        SqlQuery sql = new SqlQuery(top.spark("demo"));
        for (String look : LOOKS) {
            Progress.step("demo: {}", look);
            out.println("$ " + look);
            sql.print(look, OutputFormat.TABLE, 50, out);
            out.println();
        }

        out.println("== 3. Train and register the churn model (bin/scorehouse train --model churn)");
        TrainingJob.TrainingResult trained = TrainCommand.train(top, "demo", ModelSpec.churn(false), businessDate);
        out.println(TrainCommand.describe(trained));
        out.println();
        out.println("== 4. The registry re-verifies it (bin/scorehouse registry show " + trained.version().ref() + ")");
        VerifiedModel verified = top.registry().verify(trained.version().ref());
        out.println("signature      verified (artifacts + attestation)");
        out.println("artifacts      " + verified.version().artifactDir());
        out.println();

        out.println("== 5. Approve it (directly in the registry: the demo has no staging report or shadow evaluation yet, so "
                + "bin/scorehouse promote, the gated path, would refuse it)");
        top.registry().transition(trained.version().ref(), Stage.APPROVED, top.actor(), "demo approval", top.policies().digest());
        out.println(trained.version().ref() + ": Staging -> Approved");
        out.println();

        out.println("== 6. Score " + businessDate + " (bin/scorehouse score --pipeline churn_daily --date " + businessDate + ")");
        PipelineDefinition pipeline = new PipelineDefinitions(config.confDir()).load("churn_daily");
        ScoreOutcome scored = new ScoringRun(top.spark("demo"), ScoreCommand.collaborators(top, Duration.ofMinutes(15)))
                .run(pipeline, businessDate, null);
        out.printf("published %d rows (%.0f rows/s), quality %s, snapshot %d%n", scored.rowsOut(), scored.rowsPerSecond(),
                scored.quality(), scored.snapshotId());
        out.println("manifest       " + scored.manifest());
        out.println();

        out.println("== 7. Verify the run (bin/scorehouse verify --run " + scored.key().jobId() + ")");
        out.println(VerifyCommand.verifier(top).verify(scored.key().jobId()));
        out.println();

        out.println("== 8. What consumers read (lake.scored.v_last)");
        sql.print(LAST_SCORES, OutputFormat.TABLE, 20, out);
        out.println();

        // Consumers decide on the day the scores were produced (as_of_out), which recon reconciles D+1.
        LocalDate decisionDay = scored.asOfOut().atZone(ZoneOffset.UTC).toLocalDate();
        out.println("== 9. The consumers decide (bin/scorehouse demo-data decisions --date " + decisionDay + ")");
        out.println(DemoDecisionsCommand.describe(DemoDecisionsCommand.write(top, decisionDay, seed, "")));
        out.println();

        out.println("== 10. Reconcile D+1 (bin/scorehouse recon --date " + decisionDay + ")");
        ReconOutcome recon = ReconCommand.reconciliation(top).run(decisionDay, Reconciliation.DEFAULT_DECISIONS);
        out.println(ReconCommand.describe(recon));
        out.println("  signed       " + recon.reportDirectory().resolve("report.dsse.json")
                + " (bin/scorehouse verify --report " + recon.reportDirectory() + ")");
        out.println();

        out.println("== Created");
        out.println("profile        " + config.profile());
        out.println("home           " + config.home());
        out.println("control plane  " + new ControlPlane(config.catalog()).redactedUri());
        out.println("warehouse      " + config.warehouse());
        out.println("artifacts      " + ArtifactStore.of(config).home().resolve("artifacts"));
        out.println("logs           " + config.logsDir().resolve("scorehouse.jsonl"));
        out.println();
        out.println("Try: bin/scorehouse sql \"SELECT tenant_id, count(*) FROM curated.customer_features GROUP BY 1\"");
        out.flush();
        return 0;
    }
}

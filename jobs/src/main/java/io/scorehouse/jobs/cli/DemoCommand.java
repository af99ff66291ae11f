package io.scorehouse.jobs.cli;

import io.scorehouse.gates.canary.Rollout;
import io.scorehouse.gates.registry.ModelRef;
import io.scorehouse.gates.registry.VerifiedModel;
import io.scorehouse.jobs.demo.ApiTour;
import io.scorehouse.jobs.demo.DemoData;
import io.scorehouse.jobs.wiring.SparkWiring;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.lakehouse.Progress;
import io.scorehouse.lakehouse.ScorehouseException;
import io.scorehouse.lakehouse.config.PipelineDefinition;
import io.scorehouse.lakehouse.config.PipelineDefinitions;
import io.scorehouse.lakehouse.config.ScorehouseConfig;
import io.scorehouse.recon.ReconOutcome;
import io.scorehouse.recon.Reconciliation;
import io.scorehouse.scoring.run.ScoreOutcome;
import io.scorehouse.scoring.train.ModelSpec;
import io.scorehouse.scoring.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the scorehouse demo on the configured (by default embedded) lakehouse.",
            "",
            "The whole lifecycle: demo data, a few looks with SQL, train v1, staging report, shadow, canary and",
            "gated promotion of v1, score the business date and verify the run, train v2, staging, shadow vs v1,",
            "canary steps (scoring runs routed by the allocation, each step evaluated), promotion of v2 (or, with",
            "--bad-challenger, the automatic rollback), the consumers' decisions and the D+1 reconciliation."
        })
final class DemoCommand implements Callable<Integer> {
    /** bin/scorehouse's own path, which it passes to every JVM it starts. */
    static final String LAUNCHER_PROPERTY = "scorehouse.launcher";

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

    @Option(
            names = "--date",
            paramLabel = "YYYY-MM-DD",
            description = "Business date of the demo. Default: yesterday (UTC).")
    LocalDate date;

    @Option(
            names = "--rows",
            defaultValue = "10000",
            paramLabel = "N",
            description = "Entities in the demo data. Default: ${DEFAULT-VALUE}.")
    long entities;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--bad-challenger",
            description = "Train a degraded v2 and watch the canary roll it back automatically.")
    boolean badChallenger;

    /** The API step needs bin/scorehouse (the API runs in its own Spark-free process) and an api: section. */
    private void apiTour(ScorehouseConfig config, PrintWriter out) {
        String launcher = System.getProperty(LAUNCHER_PROPERTY);
        if (launcher == null || config.api().isEmpty()) {
            out.println("  skipped: run the demo through bin/scorehouse, with an api: section in the profile");
            return;
        }
        if (config.api().get().jwt().issuerKeyFile() == null) {
            out.println("  skipped: the demo's callers need dev tokens, and profile '" + config.profile()
                    + "' has no token issuer key (its tokens come from the identity provider)");
            return;
        }
        String entity = top.spark("demo")
                .sql("SELECT cust_id FROM curated.customer_features WHERE tenant_id = 'acme' ORDER BY cust_id LIMIT 1")
                .head()
                .getString(0);
        new ApiTour(Path.of(launcher), config.api().get(), out).run("acme", entity, "churn");
    }

    /** Erases the second acme customer (the API step looked at the first) and re-checks its certificate. */
    private void erasure(SparkWiring jobs, PrintWriter out) {
        String entity = top.spark("demo")
                .sql(
                        "SELECT cust_id FROM curated.customer_features WHERE tenant_id = 'acme' ORDER BY cust_id LIMIT 1 OFFSET 1")
                .head()
                .getString(0);
        String request = "DSR-DEMO-1";
        out.println("$ echo " + entity + " | bin/scorehouse store erase --tenant acme --entity-id-file - --request "
                + request + " --reason \"LGPD art. 18 request\"");
        io.scorehouse.scoring.store.Erasure.Outcome erased = jobs.erasure()
                .erase(
                        request,
                        "acme",
                        io.scorehouse.lakehouse.EntityTokenizer.fromConfig(top.config())
                                .token("acme", entity),
                        "LGPD art. 18 request");
        out.println(
                "  " + (erased.performed() ? "erased" : "already erased") + "; certificate " + erased.certificate());
        out.println("$ bin/scorehouse store verify --erasure " + erased.certificate());
        out.println("  " + jobs.erasureCheck().verify(erased.certificate()));
    }

    @Override
    public Integer call() {
        LocalDate businessDate =
                date != null ? date : LocalDate.now(top.clock()).minusDays(1);
        List<String> tenants = List.of("acme", "globex");
        DemoDataArgs.validate(spec, entities, tenants);
        PrintWriter out = spec.commandLine().getOut();
        ScorehouseConfig config = top.config();

        out.println("== 1. Curated inputs (Delta)");
        List<DemoData.WrittenTable> written = top.jobs("demo").demoData(businessDate, entities, tenants, seed);
        written.forEach(table -> out.println(CliText.writtenTable(table)));

        out.println();
        out.println("== 2. A look with SQL (bin/scorehouse sql \"...\")");
        SqlQuery sql = new SqlQuery(top.spark("demo"), top.config().catalog().name());
        for (String look : LOOKS) {
            Progress.step("demo: {}", look);
            out.println("$ " + look);
            sql.print(look, OutputFormat.TABLE, 50, out);
            out.println();
        }

        out.println("== 3. Train and register the churn model (bin/scorehouse train --model churn)");
        SparkWiring jobs = top.jobs("demo");
        ModelSpec churn = jobs.model("churn");
        TrainingJob.TrainingResult trained = TrainCommand.observed(top, jobs, churn, businessDate);
        out.println(CliText.trained(trained));
        out.println();
        out.println("== 4. The registry re-verifies it (bin/scorehouse registry show "
                + trained.version().ref() + ")");
        VerifiedModel verified = top.registry().verify(trained.version().ref());
        out.println("signature      verified (artifacts + attestation)");
        out.println("artifacts      " + verified.version().artifactDir());
        out.println();

        PipelineDefinition pipeline = new PipelineDefinitions(config.confDir()).load("churn_daily");
        DemoLifecycle lifecycle = new DemoLifecycle(top, pipeline, businessDate, out);
        ModelRef first = trained.version().ref();
        out.println("== 5. Release it through the gates (staging report, shadow, canary, promotion)");
        lifecycle.validate(first);
        lifecycle.canary(first);
        if (lifecycle.promote(first).isEmpty()) {
            throw new ScorehouseException(ExitCode.POLICY_REFUSED, "demo", "the first release was refused; see above");
        }
        out.println();

        out.println("== 6. Score " + businessDate + " (bin/scorehouse score --pipeline churn_daily --date "
                + businessDate + ")");
        ScoreOutcome scored = lifecycle.score(null);
        out.printf(
                "published %d rows (%.0f rows/s), quality %s, snapshot %d%n",
                scored.rowsOut(), scored.rowsPerSecond(), scored.quality(), scored.snapshotId());
        out.println("manifest       " + scored.manifest());
        out.println();

        out.println("== 7. Verify the run (bin/scorehouse verify --run "
                + scored.key().jobId() + ")");
        out.println(jobs.verifier().verify(scored.key().jobId()));
        out.println();

        out.println("== 8. A challenger: train v2" + (badChallenger ? " (deliberately degraded)" : "")
                + ", validate it, canary it");
        TrainingJob.TrainingResult second = TrainCommand.observed(
                top, jobs, badChallenger ? churn.degradedVariant() : churn.withSeed(11), businessDate);
        out.println(CliText.trained(second));
        ModelRef challenger = second.version().ref();
        if (!lifecycle.validate(challenger)) {
            out.println(
                    "  (validation FAILED: in production this stops here; the demo canaries it anyway to show the automatic rollback)");
        }
        Rollout rollout = lifecycle.canary(challenger);
        if (rollout.completedAtFull()) {
            lifecycle.promote(challenger);
        } else if (rollout.status() == Rollout.Status.ROLLED_BACK) {
            out.println(
                    "  rolled back automatically: challenger share 0 %; the next run scores with the champion only");
            ScoreOutcome after = lifecycle.score(pipeline.name() + "_" + businessDate + "_after_rollback");
            out.println("  published " + after.rowsOut() + " rows, manifest " + after.manifest());
        }
        out.println();

        out.println("== 9. What consumers read (lake.scored.v_last)");
        sql.print(LAST_SCORES, OutputFormat.TABLE, 20, out);
        out.println();

        // Consumers decide on the day the scores were produced (as_of_out), which recon reconciles D+1.
        LocalDate decisionDay = scored.asOfOut().atZone(ZoneOffset.UTC).toLocalDate();
        out.println("== 10. The consumers decide (bin/scorehouse demo-data decisions --date " + decisionDay + ")");
        out.println(CliText.injected(jobs.decisionsLedger(decisionDay, seed, "")));
        out.println();

        out.println("== 11. Reconcile D+1 (bin/scorehouse recon --date " + decisionDay + ")");
        ReconOutcome recon =
                ReconCommand.observed(top, jobs.reconciliation(), decisionDay, Reconciliation.DEFAULT_DECISIONS);
        ReconCommand.publishReconciled(top, List.of(recon), ReconCommand.incidentsOf(top, List.of(recon)), 0);
        out.println(CliText.recon(recon));
        out.println("  signed       " + recon.reportDirectory().resolve("report.dsse.json")
                + " (bin/scorehouse verify --report " + recon.reportDirectory() + ")");
        out.println();

        out.println("== 12. The Access API (bin/scorehouse api; tokens: bin/scorehouse api token)");
        apiTour(config, out);
        out.println();

        out.println(
                "== 13. A data-subject erasure (bin/scorehouse store erase --entity-id-file -, then store verify --erasure)");
        erasure(jobs, out);
        out.println();

        out.println("== Created");
        out.println("profile        " + config.profile());
        out.println("home           " + config.home());
        out.println("control plane  " + top.controlPlane().redactedUri());
        out.println("warehouse      " + config.warehouse());
        out.println("artifacts      " + ArtifactStore.of(config).home().resolve("artifacts"));
        out.println("logs           " + config.logsDir().resolve("scorehouse.jsonl"));
        out.println();
        out.println("Try: bin/scorehouse sql \"SELECT tenant_id, count(*) FROM curated.customer_features GROUP BY 1\"");
        out.flush();
        return 0;
    }
}

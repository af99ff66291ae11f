package io.scorehouse.jobs.cli;

import io.scorehouse.gates.incident.Incident;
import io.scorehouse.gates.release.ReleaseWebhook;
import io.scorehouse.lakehouse.ArtifactStore;
import io.scorehouse.lakehouse.ExitCode;
import io.scorehouse.recon.ReconIncidents;
import io.scorehouse.recon.ReconOutcome;
import io.scorehouse.recon.Reconciliation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
        name = "recon",
        mixinStandardHelpOptions = true,
        description = {
            "D+1 reconciliation: decisions of day D against the scores served for them.",
            "",
            "Reads the decisions ledger (late events up to D+1 02:00) and only the governed view",
            "lake.scored.v_recon, as the configured caller (identity.caller, identity.roles) for --purpose;",
            "recon.access and recon.limits decide (exit 3). Writes lake.recon.daily/psi/quarantine/",
            "guardrails (day D replaced atomically) and a signed report in reports/recon/dt=D/.",
            "PSI above the guardrail on a segment with enough sample emits a CONSERVATIVE_MODE event.",
            "Backfill with --from/--to: at most 7 days (recon.limits), else exit 3."
        },
        footer = {"", "Exit 6 only with --exit-on-guardrail, when a guardrail fired (the run itself succeeded)."})
final class ReconCommand implements Callable<Integer> {
    private static final Map<String, String> GROUP = Map.of("command", "recon");

    @ParentCommand
    ScorehouseCommand top;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Days days;

    static final class Days {
        @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", description = "The decision day D (UTC).")
        LocalDate date;

        @ArgGroup(exclusive = false)
        Range range;
    }

    static final class Range {
        @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First day of a backfill.")
        LocalDate from;

        @Option(
                names = "--to",
                required = true,
                paramLabel = "YYYY-MM-DD",
                description = "Last day of a backfill (inclusive).")
        LocalDate to;
    }

    @Option(
            names = "--decisions",
            defaultValue = Reconciliation.DEFAULT_DECISIONS,
            paramLabel = "TABLE",
            description = "The decisions ledger (Delta). Default: ${DEFAULT-VALUE}.")
    String decisions;

    @Option(
            names = "--purpose",
            defaultValue = Reconciliation.PURPOSE,
            paramLabel = "PURPOSE",
            description = "Why you reconcile (recon.limits allows 'reconciliation'). Default: ${DEFAULT-VALUE}.")
    String purpose;

    @Option(
            names = "--role",
            paramLabel = "ROLE",
            description = "Act with only this configured role (repeatable; narrows identity.roles, never widens them).")
    List<String> roles = new ArrayList<>();

    @Option(
            names = "--exit-on-guardrail",
            description = "Exit 6 when a guardrail fired (default: exit 0; the event is the signal).")
    boolean exitOnGuardrail;

    @Mixin
    IncidentWebhookOptions incidents;

    @Override
    public Integer call() {
        Optional<ReleaseWebhook> incidentWebhook = incidents.webhook("recon");
        LocalDate from = days.date != null ? days.date : days.range.from;
        LocalDate to = days.date != null ? days.date : days.range.to;
        JobMetricsPublisher metrics = new JobMetricsPublisher(top.config().metrics());
        // a day's metrics sit next to its reports (reports/recon/dt=D/metrics.prom, replaced by its next run)
        Path firstDay = ArtifactStore.of(top.config()).reconReports().resolve("dt=" + from);
        PrintWriter out = spec.commandLine().getOut();
        List<ReconOutcome> reconciled = new ArrayList<>();
        try {
            Reconciliation reconciliation = top.jobs("recon").reconciliation(roles, purpose);
            reconciliation.requireWithinLimits(from, to);
            for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
                ReconOutcome outcome = observed(top, reconciliation, day, decisions);
                out.println(CliText.recon(outcome));
                reconciled.add(outcome);
            }
        } catch (Exception e) { // Spark's checked exceptions too (thrown from Scala undeclared)
            metrics.merge(
                    () -> JobMetrics.failed(
                            Failures.exitCodeOf(e).code(),
                            "dt=" + from + (to.equals(from) ? "" : ".." + to),
                            top.clock().instant()),
                    firstDay,
                    GROUP);
            throw e;
        }
        out.flush();
        List<Incident> incidents = incidentsOf(top, reconciled);
        IncidentReport.report(
                top, "recon", reconciled.get(reconciled.size() - 1).runId(), incidents, incidentWebhook, true, out);
        boolean fired =
                reconciled.stream().anyMatch(day -> !day.conservativeSegments().isEmpty());
        int exitCode = exitOnGuardrail && fired ? ExitCode.GUARDRAIL.code() : 0;
        publishReconciled(top, reconciled, incidents, exitCode);
        return exitCode;
    }

    /** What the reconciled days call for: their recon.targets misses and fired guardrails. */
    static List<Incident> incidentsOf(ScorehouseCommand top, List<ReconOutcome> reconciled) {
        List<Incident> incidents = new ArrayList<>();
        reconciled.forEach(day -> incidents.addAll(ReconIncidents.of(day, top.policies())));
        return incidents;
    }

    /** One day reconciled and observed in lineage: the recon command and the demo's reconciliation run it so. */
    static ReconOutcome observed(
            ScorehouseCommand top, Reconciliation reconciliation, LocalDate day, String decisions) {
        return ObservedJob.run(
                top,
                JobLineage.reconJob(),
                () -> reconciliation.run(day, decisions),
                outcome -> JobLineage.recon(top, outcome));
    }

    /**
     * The metrics of reconciled days, next to the last day's reports and pushed (group command=recon):
     * the recon command and the demo's reconciliation both publish them.
     */
    static void publishReconciled(
            ScorehouseCommand top, List<ReconOutcome> reconciled, List<Incident> incidents, int exitCode) {
        new JobMetricsPublisher(top.config().metrics())
                .replace(
                        () -> JobMetrics.reconciled(
                                reconciled, incidents, exitCode, top.clock().instant()),
                        reconciled.get(reconciled.size() - 1).reportDirectory(),
                        GROUP);
    }
}

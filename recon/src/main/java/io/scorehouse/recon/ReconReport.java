package io.scorehouse.recon;

import io.scorehouse.gates.policy.DecisionPoint;
import io.scorehouse.gates.registry.ModelBaseline;
import io.scorehouse.lakehouse.PolicyDigest;
import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import scala.collection.JavaConverters;

/**
 * The content of a day's report (spec Z7-2.7 §2.6): totals, coverage, versions, latency,
 * histogram, bands, PSI, guardrails, quarantine, pending items, and the evidence (model digests,
 * policy digest, input versions, SQL digests). Aggregates only — never a row, a key or an id.
 * Everything here is a function of the inputs; the generation time is added by {@link ReportFiles}.
 */
public final class ReconReport {
    private final ReconWindow window;
    private final String runId;
    private final boolean provisional;
    private final ReconReportFile.Evidence evidence;
    private final Map<String, Object> guardrailParams;
    private final String purpose;
    private final List<ModelSummary> summaries = new ArrayList<>();
    private final List<PsiResult> psi;
    private final Map<String, Long> quarantine;
    private final List<Reconciliation.ModelEvidence> models;

    ReconReport(
            ReconWindow window,
            String runId,
            String purpose,
            boolean provisional,
            String decisionsTable,
            long decisionsVersion,
            String scoresView,
            long scoresSnapshot,
            String policyDigest,
            Map<String, Object> guardrailParams,
            List<Reconciliation.ModelEvidence> models,
            Map<String, String> sqlDigests,
            List<Row> daily,
            List<PsiResult> psi,
            Map<String, Long> quarantine) {
        this.window = window;
        this.runId = runId;
        this.purpose = purpose;
        this.provisional = provisional;
        this.guardrailParams = new TreeMap<>(guardrailParams);
        this.psi = List.copyOf(psi);
        this.quarantine = new TreeMap<>(quarantine);
        this.models = List.copyOf(models);
        this.evidence = new ReconReportFile.Evidence(
                new PolicyDigest(policyDigest),
                new ReconReportFile.Decisions(decisionsTable, decisionsVersion),
                new ReconReportFile.Scores(scoresView, scoresSnapshot),
                models.stream()
                        .map(m -> new ReconReportFile.ModelVersion(
                                m.ref().toString(), m.modelDigest(), m.baselineDigest()))
                        .toList(),
                new TreeMap<>(sqlDigests));
        daily.forEach(row -> summaries.add(ModelSummary.of(row, psi)));
    }

    public List<ModelSummary> summaries() {
        return List.copyOf(summaries);
    }

    /** Baseline score-bin shares of the version that scored most of a model's matched decisions (null without one). */
    double[] baselineShares(ModelSummary summary) {
        String main = summary.versionMix().entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse("");
        return models.stream()
                .filter(m -> m.ref().name().equals(summary.modelName()) && m.baselineShares() != null)
                .sorted(java.util.Comparator.comparing(
                        m -> !Integer.toString(m.ref().version()).equals(main)))
                .map(Reconciliation.ModelEvidence::baselineShares)
                .findFirst()
                .orElse(null);
    }

    /** The evidence section as nested maps, for the HTML view. */
    Map<String, Object> evidence() {
        return EvidenceJson.asMap(evidence);
    }

    List<PsiResult> psi() {
        return psi;
    }

    ReconWindow window() {
        return window;
    }

    String runId() {
        return runId;
    }

    boolean provisional() {
        return provisional;
    }

    Map<String, Long> quarantine() {
        return quarantine;
    }

    long minSample() {
        Object value = guardrailParams.get("min_sample");
        return value instanceof Number n ? n.longValue() : 0;
    }

    double psiThreshold() {
        Object value = guardrailParams.get("psi_threshold");
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** How PSI noise depends on sample size, stated next to the numbers. */
    String psiNote() {
        long min = minSample();
        return "PSI = sum over the 10 baseline score bins of (a - e) * ln(a / e), shares floored at "
                + java.math.BigDecimal.valueOf(io.scorehouse.gates.canary.ScorePsi.EPSILON)
                        .toPlainString()
                + ". With no real shift, PSI from n decisions is about (bins - 1) / n on average (chi-square / n): 0.09 at n = 100, "
                + String.format("%.3f", 9.0 / Math.max(1, min)) + " at n = " + min
                + ", 0.009 at n = 1000. Segments with fewer than "
                + min
                + " matched decisions (recon.guardrails min_sample) are reported as insufficient and never trigger.";
    }

    List<String> pendingItems() {
        List<String> items = new ArrayList<>();
        for (ModelSummary m : summaries) {
            add(items, m.noScore(), m.modelName() + ": %d decisions without a score — check Z6 availability / SLO");
            add(
                    items,
                    m.unknownRequestIds(),
                    m.modelName()
                            + ": %d decisions cite a request_id that is no score of their entity — check the consumer's ledger");
            add(
                    items,
                    m.outOfWindow(),
                    m.modelName() + ": %d decisions whose nearest score is outside ±5 min — check clocks and caching");
            add(
                    items,
                    m.surpriseVersions(),
                    m.modelName() + ": %d decisions on a surprise model version — check routing");
            add(
                    items,
                    m.duplicateFinals(),
                    m.modelName() + ": %d decision ids with more than one final decision — ledger review");
            add(
                    items,
                    m.lateBeyondWatermark(),
                    m.modelName() + ": %d decisions arrived after the watermark — reconcile in a backfill");
        }
        psi.stream()
                .filter(PsiResult::conservativeMode)
                .forEach(p -> items.add(String.format(
                        "%s v%d %s=%s: PSI %.3f > %s — conservative mode until reviewed",
                        p.modelName(), p.modelVersion(), p.dimension(), p.segment(), p.psi(), psiThreshold())));
        if (provisional) {
            items.add("the watermark (" + window.watermark()
                    + ") has not passed: late decisions may still arrive; re-run after it");
        }
        return items;
    }

    private static void add(List<String> items, long count, String format) {
        if (count > 0) {
            items.add(String.format(format, count));
        }
    }

    /** report.json: this day's content, generated at {@code generatedAt}. */
    ReconReportFile content(Instant generatedAt) {
        return new ReconReportFile(
                ReconReportFile.TITLE,
                window.day(),
                runId,
                purpose,
                provisional,
                new ReconReportFile.Window(
                        window.dayStart(), window.dayEnd(), window.watermark(), ReconWindow.JOIN_WINDOW.toSeconds()),
                summaries.stream().map(ModelSummary::toEvidence).toList(),
                psi.stream().map(ReconReport::psiEntry).toList(),
                psiNote(),
                new ReconReportFile.Guardrails(
                        DecisionPoint.RECON_GUARDRAILS.id(),
                        guardrailParams,
                        psi.stream()
                                .filter(PsiResult::conservativeMode)
                                .map(ReconReport::psiEntry)
                                .toList()),
                new ReconReportFile.Quarantine(
                        quarantine.values().stream().mapToLong(Long::longValue).sum(), quarantine),
                pendingItems(),
                evidence,
                generatedAt);
    }

    private static ReconReportFile.Psi psiEntry(PsiResult p) {
        return new ReconReportFile.Psi(
                p.modelName() + "@" + p.modelVersion(),
                p.dimension(),
                p.segment(),
                p.sampleSize(),
                Double.isNaN(p.psi()) ? null : p.psi(),
                p.status());
    }

    /** One model's day, as the report and the CLI summary show it. */
    public record ModelSummary(
            String modelName,
            long decisions,
            long matched,
            long matchedByRequestId,
            long matchedByTimeWindow,
            Double coverage,
            long noScore,
            long outOfWindow,
            long unknownRequestIds,
            long surpriseVersions,
            long duplicateFinals,
            long lateInWatermark,
            long lateBeyondWatermark,
            Double latencyP50,
            Double latencyP95,
            Double latencyP99,
            List<Long> histogram,
            Map<String, Long> bands,
            Map<String, Long> decisionMix,
            Map<String, Long> reasonCodes,
            Map<String, Long> versionMix,
            long decisionsOffBand,
            Double worstPsi,
            String worstPsiSegment) {

        static ModelSummary of(Row r, List<PsiResult> psi) {
            String model = r.getAs("model_name");
            PsiResult worst = psi.stream()
                    .filter(p -> p.modelName().equals(model) && !Double.isNaN(p.psi()))
                    .max(java.util.Comparator.comparingDouble(PsiResult::psi))
                    .orElse(null);
            return new ModelSummary(
                    model,
                    r.<Long>getAs("decisions"),
                    r.<Long>getAs("matched"),
                    r.<Long>getAs("matched_by_request_id"),
                    r.<Long>getAs("matched_by_time_window"),
                    r.getAs("coverage"),
                    r.<Long>getAs("no_score"),
                    r.<Long>getAs("out_of_window"),
                    r.<Long>getAs("unknown_request_ids"),
                    r.<Long>getAs("surprise_versions"),
                    r.<Long>getAs("duplicate_finals"),
                    r.<Long>getAs("late_in_watermark"),
                    r.<Long>getAs("late_beyond_watermark"),
                    r.getAs("latency_p50_s"),
                    r.getAs("latency_p95_s"),
                    r.getAs("latency_p99_s"),
                    JavaConverters.seqAsJavaList(r.<scala.collection.Seq<Long>>getAs("score_histogram")),
                    counts(r.getAs("score_bands")),
                    counts(r.getAs("decision_mix")),
                    counts(r.getAs("reason_code_mix")),
                    counts(r.getAs("version_mix")),
                    r.<Long>getAs("decisions_off_band"),
                    worst == null ? null : worst.psi(),
                    worst == null ? null : worst.dimension() + "=" + worst.segment());
        }

        private static Map<String, Long> counts(scala.collection.Map<String, Long> map) {
            return map == null ? Map.of() : new TreeMap<>(JavaConverters.mapAsJavaMap(map));
        }

        ReconReportFile.ModelDay toEvidence() {
            return new ReconReportFile.ModelDay(
                    modelName,
                    decisions,
                    matched,
                    new ReconReportFile.MatchedBy(matchedByRequestId, matchedByTimeWindow),
                    coverage,
                    noScore,
                    outOfWindow,
                    unknownRequestIds,
                    surpriseVersions,
                    duplicateFinals,
                    lateInWatermark,
                    lateBeyondWatermark,
                    new ReconReportFile.Latency(latencyP50, latencyP95, latencyP99),
                    versionMix,
                    new ReconReportFile.Histogram(ModelBaseline.SCORE_BIN_EDGES, histogram),
                    bands,
                    decisionMix,
                    reasonCodes,
                    decisionsOffBand,
                    new ReconReportFile.WorstPsi(worstPsi, worstPsiSegment));
        }
    }
}

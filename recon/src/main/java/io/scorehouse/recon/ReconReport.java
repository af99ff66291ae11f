package io.scorehouse.recon;

import io.scorehouse.gates.registry.ModelBaseline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *
 * <p>Over 300 lines: every section of the signed report is assembled here, in the report's order.
 */
public final class ReconReport {
    private final ReconWindow window;
    private final String runId;
    private final boolean provisional;
    private final Map<String, Object> evidence = new LinkedHashMap<>();
    private final Map<String, Object> guardrailParams;
    private final List<ModelSummary> summaries = new ArrayList<>();
    private final List<PsiResult> psi;
    private final Map<String, Long> quarantine;
    private final List<Reconciliation.ModelEvidence> models;

    ReconReport(
            ReconWindow window,
            String runId,
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
        this.provisional = provisional;
        this.guardrailParams = new TreeMap<>(guardrailParams);
        this.psi = List.copyOf(psi);
        this.quarantine = new TreeMap<>(quarantine);
        this.models = List.copyOf(models);
        evidence.put("policy_digest", policyDigest);
        evidence.put("decisions", Map.of("table", decisionsTable, "delta_version", decisionsVersion));
        evidence.put("scores", Map.of("view", scoresView, "table_snapshot_id", scoresSnapshot));
        evidence.put(
                "model_versions",
                models.stream()
                        .map(m -> {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("model", m.ref().toString());
                            entry.put("model_digest", m.modelDigest());
                            entry.put("baseline_digest", m.baselineDigest());
                            return entry;
                        })
                        .toList());
        evidence.put("sql_sha256", new TreeMap<>(sqlDigests));
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

    Map<String, Object> evidence() {
        return evidence;
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

    /** report.json content, without time fields. */
    Map<String, Object> content() {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("report", "scorehouse D+1 reconciliation");
        report.put("dt", window.day().toString());
        report.put("recon_run_id", runId);
        report.put("purpose", Reconciliation.PURPOSE);
        report.put("provisional", provisional);
        report.put(
                "window",
                Map.of(
                        "day_start",
                        window.dayStart().toString(),
                        "day_end",
                        window.dayEnd().toString(),
                        "watermark",
                        window.watermark().toString(),
                        "join_window_seconds",
                        ReconWindow.JOIN_WINDOW.toSeconds()));
        report.put("models", summaries.stream().map(ModelSummary::toMap).toList());
        report.put("psi", psi.stream().map(ReconReport::psiEntry).toList());
        report.put("psi_note", psiNote());
        report.put(
                "guardrails",
                Map.of(
                        "policy",
                        "recon.guardrails",
                        "params",
                        guardrailParams,
                        "conservative_mode",
                        psi.stream()
                                .filter(PsiResult::conservativeMode)
                                .map(ReconReport::psiEntry)
                                .toList()));
        report.put(
                "quarantine",
                Map.of(
                        "total",
                        quarantine.values().stream().mapToLong(Long::longValue).sum(),
                        "by_reason",
                        quarantine));
        report.put("pending_items", pendingItems());
        report.put("evidence", evidence);
        return report;
    }

    private static Map<String, Object> psiEntry(PsiResult p) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("model", p.modelName() + "@" + p.modelVersion());
        entry.put("dimension", p.dimension());
        entry.put("segment", p.segment());
        entry.put("sample_size", p.sampleSize());
        entry.put("psi", Double.isNaN(p.psi()) ? null : p.psi());
        entry.put("status", p.status());
        return entry;
    }

    /** One model's day, as the report and the CLI summary show it. */
    public record ModelSummary(
            String modelName,
            long decisions,
            long matched,
            Double coverage,
            long noScore,
            long outOfWindow,
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
                    r.getAs("coverage"),
                    r.<Long>getAs("no_score"),
                    r.<Long>getAs("out_of_window"),
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
                    counts(r.getAs("version_mix")),
                    r.<Long>getAs("decisions_off_band"),
                    worst == null ? null : worst.psi(),
                    worst == null ? null : worst.dimension() + "=" + worst.segment());
        }

        private static Map<String, Long> counts(scala.collection.Map<String, Long> map) {
            return map == null ? Map.of() : new TreeMap<>(JavaConverters.mapAsJavaMap(map));
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model_name", modelName);
            m.put("decisions", decisions);
            m.put("matched", matched);
            m.put("coverage", coverage);
            m.put("missing_scores", noScore);
            m.put("out_of_window", outOfWindow);
            m.put("surprise_versions", surpriseVersions);
            m.put("duplicate_final_decisions", duplicateFinals);
            m.put("late_in_watermark", lateInWatermark);
            m.put("late_beyond_watermark", lateBeyondWatermark);
            m.put("latency_seconds", mapOf("p50", latencyP50, "p95", latencyP95, "p99", latencyP99));
            m.put("version_mix", versionMix);
            m.put("score_histogram", Map.of("bin_edges", ModelBaseline.SCORE_BIN_EDGES, "counts", histogram));
            m.put("score_bands", bands);
            m.put("decision_mix", decisionMix);
            m.put("decisions_off_band", decisionsOffBand);
            m.put("worst_psi", mapOf("psi", worstPsi, "segment", worstPsiSegment));
            return m;
        }

        private static Map<String, Object> mapOf(Object... keyValues) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < keyValues.length; i += 2) {
                map.put((String) keyValues[i], keyValues[i + 1]);
            }
            return map;
        }
    }
}

package io.scorehouse.recon;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTML template's model: formatted numbers, chart SVGs, and the rows of each table. */
final class ReportView {
    private ReportView() {}

    static Map<String, Object> of(ReconReport report, Instant generatedAt) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("dt", report.window().day().toString());
        view.put("runId", report.runId());
        view.put("generatedAt", generatedAt.toString());
        view.put("provisional", report.provisional());
        view.put("watermark", report.window().watermark().toString());
        view.put("windowSeconds", ReconWindow.JOIN_WINDOW.toSeconds());
        List<Map<String, Object>> models = new ArrayList<>();
        for (ReconReport.ModelSummary m : report.summaries()) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("name", m.modelName());
            model.put("decisions", m.decisions());
            model.put("matched", m.matched());
            model.put("byRequestId", m.matchedByRequestId());
            model.put("byWindow", m.matchedByTimeWindow());
            model.put("unknownRequestIds", m.unknownRequestIds());
            model.put("coverage", ReportCharts.percent(m.coverage()));
            model.put("missing", m.noScore());
            model.put("outOfWindow", m.outOfWindow());
            model.put("surprise", m.surpriseVersions());
            model.put("duplicates", m.duplicateFinals());
            model.put("lateIn", m.lateInWatermark());
            model.put("lateBeyond", m.lateBeyondWatermark());
            model.put("offBand", m.decisionsOffBand());
            model.put("p50", seconds(m.latencyP50()));
            model.put("p95", seconds(m.latencyP95()));
            model.put("p99", seconds(m.latencyP99()));
            model.put("versions", m.versionMix().toString());
            model.put("bands", m.bands().toString());
            model.put(
                    "reasons",
                    m.reasonCodes().isEmpty() ? "none" : m.reasonCodes().toString());
            model.put(
                    "worstPsi",
                    m.worstPsi() == null ? "n/a" : String.format("%.4f (%s)", m.worstPsi(), m.worstPsiSegment()));
            model.put("histogramSvg", ReportCharts.histogram(m.modelName(), m.histogram(), report.baselineShares(m)));
            model.put("coverageSvg", ReportCharts.coverage(m));
            model.put("latencySvg", ReportCharts.latency(m, ReconWindow.JOIN_WINDOW.toSeconds()));
            models.add(model);
        }
        view.put("models", models);
        view.put("psiSvg", ReportCharts.psi(report.psi(), report.psiThreshold()));
        view.put(
                "psiRows",
                report.psi().stream()
                        .map(p -> Map.of(
                                "model",
                                p.modelName() + "@" + p.modelVersion(),
                                "dimension",
                                p.dimension(),
                                "segment",
                                p.segment(),
                                "n",
                                p.sampleSize(),
                                "psi",
                                Double.isNaN(p.psi()) ? "—" : String.format("%.4f", p.psi()),
                                "status",
                                p.status()))
                        .toList());
        view.put("psiNote", report.psiNote());
        view.put("pending", report.pendingItems());
        view.put("noPending", report.pendingItems().isEmpty());
        view.put(
                "quarantine",
                report.quarantine().entrySet().stream()
                        .map(e -> Map.of("reason", e.getKey(), "rows", e.getValue()))
                        .toList());
        view.put("evidence", flatten("", report.evidence()));
        return view;
    }

    private static String seconds(Double value) {
        return value == null ? "n/a" : String.format("%.1f s", value);
    }

    private static List<Map<String, String>> flatten(String prefix, Map<String, Object> map) {
        List<Map<String, String>> rows = new ArrayList<>();
        map.forEach((key, value) -> {
            String name = prefix.isEmpty() ? key : prefix + "." + key;
            if (value instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                rows.addAll(flatten(name, inner));
            } else {
                rows.add(Map.of("key", name, "value", String.valueOf(value)));
            }
        });
        return rows;
    }
}

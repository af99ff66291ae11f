package io.scorehouse.recon;

import io.scorehouse.lakehouse.evidence.EvidenceJson;
import java.util.List;
import java.util.Map;

/** report.csv: one metric per line (section, model, dimension, segment, metric, value) for spreadsheets and Z9 loaders. */
final class ReportCsv {
    private ReportCsv() {}

    static String of(ReconReport report) {
        StringBuilder csv = new StringBuilder("section,model,dimension,segment,metric,value\n");
        for (ReconReport.ModelSummary m : report.summaries()) {
            Map<String, Object> values = EvidenceJson.asMap(m.toEvidence());
            for (String metric : List.of(
                    "decisions",
                    "matched",
                    "coverage",
                    "missing_scores",
                    "out_of_window",
                    "unknown_request_ids",
                    "surprise_versions",
                    "duplicate_final_decisions",
                    "late_in_watermark",
                    "late_beyond_watermark",
                    "decisions_off_band")) {
                line(csv, "daily", m.modelName(), "", "", metric, values.get(metric));
            }
            line(csv, "matched_by", m.modelName(), "", "request_id", "decisions", m.matchedByRequestId());
            line(csv, "matched_by", m.modelName(), "", "time_window", "decisions", m.matchedByTimeWindow());
            line(csv, "latency", m.modelName(), "", "", "p50_s", m.latencyP50());
            line(csv, "latency", m.modelName(), "", "", "p95_s", m.latencyP95());
            line(csv, "latency", m.modelName(), "", "", "p99_s", m.latencyP99());
            for (int bin = 0; bin < m.histogram().size(); bin++) {
                line(
                        csv,
                        "histogram",
                        m.modelName(),
                        "score_bin",
                        String.format("%.1f-%.1f", bin / 10.0, (bin + 1) / 10.0),
                        "count",
                        m.histogram().get(bin));
            }
            m.bands().forEach((band, n) -> line(csv, "bands", m.modelName(), "score_band", band, "count", n));
            m.reasonCodes()
                    .forEach((code, n) -> line(csv, "reason_codes", m.modelName(), "reason_code", code, "scores", n));
            m.versionMix()
                    .forEach((version, n) ->
                            line(csv, "versions", m.modelName(), "model_version", version, "decisions", n));
        }
        for (PsiResult p : report.psi()) {
            line(
                    csv,
                    "psi",
                    p.modelName() + "@" + p.modelVersion(),
                    p.dimension(),
                    p.segment(),
                    "psi",
                    Double.isNaN(p.psi()) ? p.status() : p.psi());
            line(
                    csv,
                    "psi",
                    p.modelName() + "@" + p.modelVersion(),
                    p.dimension(),
                    p.segment(),
                    "sample_size",
                    p.sampleSize());
        }
        report.quarantine().forEach((reason, n) -> line(csv, "quarantine", "", "reason", reason, "rows", n));
        return csv.toString();
    }

    private static void line(
            StringBuilder csv,
            String section,
            String model,
            String dimension,
            String segment,
            String metric,
            Object value) {
        csv.append(String.join(
                        ",",
                        quote(section),
                        quote(model),
                        quote(dimension),
                        quote(segment),
                        quote(metric),
                        quote(value == null ? "" : String.valueOf(value))))
                .append('\n');
    }

    private static String quote(String field) {
        return field.contains(",") || field.contains("\"") || field.contains("\n")
                ? "\"" + field.replace("\"", "\"\"") + "\""
                : field;
    }
}

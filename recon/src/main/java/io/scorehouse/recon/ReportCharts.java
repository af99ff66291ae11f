package io.scorehouse.recon;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;

/** The report's charts, drawn by JFreeChart into inline SVG (no scripts, nothing fetched: it renders offline). */
final class ReportCharts {
    private static final Color ACTUAL = new Color(0x2b6cb0);
    private static final Color BASELINE = new Color(0xa0aec0);
    private static final Color WARN = new Color(0xdd6b20);
    private static final Color ALERT = new Color(0xc53030);

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ReportCharts() {}

    /** Share of matched decisions per score bin, next to the training baseline's share. */
    static String histogram(String model, List<Long> counts, double[] baseline) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        long total = counts.stream().mapToLong(Long::longValue).sum();
        for (int bin = 0; bin < counts.size(); bin++) {
            String label = String.format("%.1f", bin / 10.0);
            data.addValue(total == 0 ? 0 : counts.get(bin) / (double) total, "day D", label);
            if (baseline != null) {
                data.addValue(baseline[bin], "training baseline", label);
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                model + ": score histogram (share per bin)",
                "score bin (lower edge)",
                "share",
                data,
                PlotOrientation.VERTICAL,
                true,
                false,
                false);
        style(chart, ACTUAL, BASELINE);
        return svg(chart, 640, 320);
    }

    /** PSI per segment, region and channel, with the 0.1 (watch) and guardrail threshold lines. */
    static String psi(List<PsiResult> psi, double threshold) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (PsiResult p : psi) {
            if (!Double.isNaN(p.psi())) {
                data.addValue(p.psi(), p.modelName() + "@" + p.modelVersion(), p.dimension() + "=" + p.segment());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(
                "PSI by segment (insufficient samples omitted)",
                "",
                "PSI",
                data,
                PlotOrientation.HORIZONTAL,
                true,
                false,
                false);
        style(chart, ACTUAL, BASELINE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.addRangeMarker(marker(0.1, "0.1 watch", WARN));
        plot.addRangeMarker(marker(threshold, threshold + " guardrail", ALERT));
        double max = Math.max(
                threshold * 1.3,
                psi.stream()
                                .filter(p -> !Double.isNaN(p.psi()))
                                .mapToDouble(PsiResult::psi)
                                .max()
                                .orElse(0)
                        * 1.1);
        plot.getRangeAxis().setRange(0, max);
        return svg(chart, 640, Math.max(260, 60 + 26 * data.getColumnCount()));
    }

    /** Where the day's decisions ended: matched, surprise version, out of window, no score, unknown request_id. */
    static String coverage(ReconReport.ModelSummary m) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(m.matched() - m.surpriseVersions(), "decisions", "matched");
        data.addValue(m.surpriseVersions(), "decisions", "surprise version");
        data.addValue(m.outOfWindow(), "decisions", "out of window");
        data.addValue(m.noScore(), "decisions", "no score");
        data.addValue(m.unknownRequestIds(), "decisions", "unknown request_id");
        JFreeChart chart = ChartFactory.createBarChart(
                m.modelName() + ": coverage " + percent(m.coverage()),
                "",
                "decisions",
                data,
                PlotOrientation.VERTICAL,
                false,
                false,
                false);
        style(chart, ACTUAL, BASELINE);
        return svg(chart, 560, 300);
    }

    /** Latency request_ts − as_of_out of matched decisions, against the ±5 min join window. */
    static String latency(ReconReport.ModelSummary m, long windowSeconds) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        data.addValue(m.latencyP50(), "seconds", "p50");
        data.addValue(m.latencyP95(), "seconds", "p95");
        data.addValue(m.latencyP99(), "seconds", "p99");
        JFreeChart chart = ChartFactory.createBarChart(
                m.modelName() + ": latency request → score (s)",
                "",
                "seconds",
                data,
                PlotOrientation.VERTICAL,
                false,
                false,
                false);
        style(chart, ACTUAL, BASELINE);
        chart.getCategoryPlot().addRangeMarker(marker(windowSeconds, "join window", ALERT));
        chart.getCategoryPlot().getRangeAxis().setRange(0, windowSeconds * 1.15);
        return svg(chart, 420, 300);
    }

    static String percent(Double share) {
        return share == null ? "n/a" : String.format("%.2f%%", share * 100);
    }

    private static ValueMarker marker(double value, String label, Color color) {
        ValueMarker marker = new ValueMarker(
                value,
                color,
                new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        marker.setLabel(label);
        marker.setLabelPaint(color);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        return marker;
    }

    private static void style(JFreeChart chart, Color first, Color second) {
        chart.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xe2e8f0));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, first);
        renderer.setSeriesPaint(1, second);
        renderer.setItemMargin(0.05);
    }

    private static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g2 = new SVGGraphics2D(width, height);
        chart.draw(g2, new Rectangle(width, height));
        return g2.getSVGElement();
    }
}

package io.smoothkd.experiments.report;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;

/**
 * A reliability diagram in the style of Guo et al. (2017): one bar per confidence bin up to the bin's accuracy,
 * the gap between accuracy and the bin's mean confidence shaded red over it, the diagonal of perfect calibration,
 * and the number of test examples of each bin printed above it.
 */
final class ReliabilityDiagram {
    private static final Color BAR = new Color(0, 114, 178);
    private static final Color GAP = new Color(213, 94, 0, 140);
    private static final double COUNT_ROW = 1.06;

    private ReliabilityDiagram() {
    }

    static XYChart chart(String title, ReliabilityBins bins) {
        XYChart chart = ChartStyle.xy(title, "confidence (max softmax probability)", "accuracy");
        Styler styler = chart.getStyler();
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.12);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setYAxisDecimalPattern("0.0");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setAnnotationTextFontColor(Color.DARK_GRAY);
        int b = bins.size();
        boolean barLegend = false;
        boolean gapLegend = false;
        for (int i = 0; i < b; i++) {
            if (bins.counts()[i] == 0) {
                continue;
            }
            double x0 = (double) i / b;
            double x1 = (double) (i + 1) / b;
            double acc = bins.accuracy()[i];
            double conf = bins.confidence()[i];
            XYSeries bar = rectangle(chart, barLegend ? "bar " + i : "accuracy (outputs)", x0, x1, 0, acc, BAR);
            bar.setShowInLegend(!barLegend);
            barLegend = true;
            XYSeries gap = rectangle(chart, gapLegend ? "gap " + i : "gap to mean confidence", x0, x1,
                    Math.min(acc, conf), Math.max(acc, conf), GAP);
            gap.setShowInLegend(!gapLegend);
            gapLegend = true;
            chart.addAnnotation(new AnnotationText(String.valueOf(bins.counts()[i]), (x0 + x1) / 2, COUNT_ROW, false));
        }
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        diagonal.setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    private static XYSeries rectangle(XYChart chart, String name, double x0, double x1, double y0, double y1, Color colour) {
        XYSeries s = chart.addSeries(name, new double[] {x0, x0, x1, x1, x0}, new double[] {y0, y1, y1, y0, y0});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(colour);
        s.setLineColor(colour.darker());
        s.setLineStyle(new BasicStroke(0.5f));
        return s;
    }
}

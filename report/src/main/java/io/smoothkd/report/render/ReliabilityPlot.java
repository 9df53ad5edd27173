package io.smoothkd.report.render;

import io.smoothkd.report.model.ReliabilityBins;

import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A reliability diagram as in Guo et al. (2017, Figure 1) and netcal: on top, one blue bar per confidence bin up to
 * the bin's accuracy (outlined in dark blue), and the gap between that accuracy and the bin's mean confidence as its
 * own region with a red outline and a translucent red fill, whichever side it is on: above the bar, pink on the white
 * background, where the bin is over-confident (confidence &gt; accuracy); over the top of the bar, purple (red over
 * blue), where it is under-confident. The diagonal of perfect calibration is dashed grey, the examples per bin are
 * printed above. Below, the confidence histogram: the share of examples in each bin (grey bars), with the overall
 * accuracy (solid black) and mean confidence (dashed black).
 */
public final class ReliabilityPlot {
    /** Bar fill: "blue". */
    public static final Color BAR = new Color(0, 114, 178);
    public static final Color BAR_EDGE = new Color(0, 50, 100);
    /** Gap fill: translucent red, pink over the white background, purple over the blue bar. */
    public static final Color GAP = new Color(228, 26, 28, 110);
    /** Gap outline: "red". */
    public static final Color GAP_EDGE = new Color(200, 0, 0);
    public static final Color HISTOGRAM = new Color(150, 150, 150);
    public static final int HISTOGRAM_HEIGHT = 230;
    /** Words for the colours above, for captions. */
    public static final String CAPTION_KEY = "Blue bars (dark-blue outline): accuracy per confidence bin. Red-outlined "
            + "regions: the gap between a bin's accuracy and its mean confidence, pink above the bar where the bin is "
            + "over-confident, purple over the top of the bar where it is under-confident. Dashed grey: perfect "
            + "calibration; numbers on top: examples per bin. Below: share of examples per bin (grey), overall accuracy "
            + "(solid black line) and mean confidence (dashed black line).";
    private static final double COUNT_ROW = 1.06;

    private ReliabilityPlot() {
    }

    /** The two panels stacked into one image. */
    public static BufferedImage image(String title, ReliabilityBins bins) {
        BufferedImage top = BitmapEncoder.getBufferedImage(chart(title, bins));
        BufferedImage bottom = BitmapEncoder.getBufferedImage(histogram(bins));
        BufferedImage both = new BufferedImage(ChartStyle.WIDTH, top.getHeight() + bottom.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(top, 0, 0, null);
        g.drawImage(bottom, 0, top.getHeight(), null);
        g.dispose();
        return both;
    }

    public static XYChart chart(String title, ReliabilityBins bins) {
        XYChart chart = ChartStyle.xy(title, "confidence (max softmax probability)", "accuracy");
        Styler styler = chart.getStyler();
        axes(chart, 1.12);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        styler.setAnnotationTextFontColor(Color.DARK_GRAY);
        int b = bins.size();
        // drawing order: bar fills, translucent gap fills, then the outlines: bar (dark blue), gap (red) on top
        boolean first = true;
        for (int i = 0; i < b; i++) {
            if (bins.counts()[i] > 0) {
                XYSeries s = rectangle(chart, first ? "accuracy (per bin)" : "bar " + i, (double) i / b,
                        (double) (i + 1) / b, 0, bins.accuracy()[i], BAR);
                s.setShowInLegend(first);
                first = false;
            }
        }
        first = true;
        for (int i = 0; i < b; i++) {
            if (bins.counts()[i] > 0) {
                double acc = bins.accuracy()[i];
                double conf = bins.confidence()[i];
                XYSeries s = rectangle(chart, first ? "gap to mean confidence" : "gap " + i, (double) i / b,
                        (double) (i + 1) / b, Math.min(acc, conf), Math.max(acc, conf), GAP);
                s.setShowInLegend(first);
                first = false;
            }
        }
        for (int i = 0; i < b; i++) {
            if (bins.counts()[i] > 0) {
                double x0 = (double) i / b;
                double x1 = (double) (i + 1) / b;
                double acc = bins.accuracy()[i];
                double conf = bins.confidence()[i];
                outline(chart, "bar edge " + i, x0, x1, 0, acc, BAR_EDGE, 1.2f);
                outline(chart, "gap edge " + i, x0, x1, Math.min(acc, conf), Math.max(acc, conf), GAP_EDGE, 2f);
                chart.addAnnotation(new AnnotationText(String.valueOf(bins.counts()[i]), (x0 + x1) / 2, COUNT_ROW,
                        false));
            }
        }
        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.GRAY);
        diagonal.setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    /** The confidence histogram: share of examples per bin, overall accuracy and mean confidence. */
    public static XYChart histogram(ReliabilityBins bins) {
        XYChart chart = new XYChartBuilder().width(ChartStyle.WIDTH).height(HISTOGRAM_HEIGHT)
                .xAxisTitle("confidence").yAxisTitle("share of examples").build();
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(200, 200, 200));
        s.setLegendBorderColor(new Color(200, 200, 200));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setAntiAlias(true);
        s.setLocale(Locale.ROOT);
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        long total = 0;
        double correct = 0;
        double confidence = 0;
        double max = 0;
        for (int i = 0; i < bins.size(); i++) {
            if (bins.counts()[i] > 0) {
                total += bins.counts()[i];
                correct += bins.counts()[i] * bins.accuracy()[i];
                confidence += bins.counts()[i] * bins.confidence()[i];
            }
        }
        int b = bins.size();
        boolean first = true;
        for (int i = 0; i < b; i++) {
            if (bins.counts()[i] > 0) {
                double share = (double) bins.counts()[i] / total;
                max = Math.max(max, share);
                XYSeries r = rectangle(chart, first ? "examples" : "share " + i, (double) i / b, (double) (i + 1) / b,
                        0, share, HISTOGRAM);
                r.setShowInLegend(first);
                first = false;
            }
        }
        double top = Math.max(0.05, Math.ceil(max * 11) / 10);
        axes(chart, top);
        vertical(chart, "accuracy", correct / total, top, SeriesLines.SOLID);
        vertical(chart, "mean confidence", confidence / total, top, SeriesLines.DASH_DASH);
        return chart;
    }

    private static void axes(XYChart chart, double yMax) {
        chart.getStyler().setXAxisMin(0.0);
        chart.getStyler().setXAxisMax(1.0);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(yMax);
        chart.getStyler().setXAxisDecimalPattern("0.0");
        chart.getStyler().setYAxisDecimalPattern("0.0");
    }

    private static void vertical(XYChart chart, String name, double x, double top, BasicStroke stroke) {
        XYSeries v = chart.addSeries(name, new double[] {x, x}, new double[] {0, top});
        v.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        v.setMarker(SeriesMarkers.NONE);
        v.setLineColor(Color.BLACK);
        v.setLineStyle(new BasicStroke(2f, stroke.getEndCap(), stroke.getLineJoin(), stroke.getMiterLimit(),
                stroke.getDashArray(), stroke.getDashPhase()));
    }

    private static XYSeries rectangle(XYChart chart, String name, double x0, double x1, double y0, double y1, Color colour) {
        XYSeries s = chart.addSeries(name, new double[] {x0, x0, x1, x1, x0}, new double[] {y0, y1, y1, y0, y0});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        s.setMarker(SeriesMarkers.NONE);
        s.setFillColor(colour);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(0.1f));
        return s;
    }

    private static void outline(XYChart chart, String name, double x0, double x1, double y0, double y1, Color colour,
                                float width) {
        XYSeries s = chart.addSeries(name, new double[] {x0, x0, x1, x1, x0}, new double[] {y0, y1, y1, y0, y0});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(colour);
        s.setLineStyle(new BasicStroke(width));
        s.setShowInLegend(false);
    }
}

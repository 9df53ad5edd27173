package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.ClassNames;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.model.Group;
import io.smoothkd.report.model.TeacherMeasurements;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.render.ChartStyle;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.stats.MeanCi;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Paper §2: what label smoothing does to the teacher's last layers — the three-template projection of penultimate
 * activations (train and validation side by side, hard vs LS) with cluster tightness measured in the full
 * penultimate space and in the plane; and the logit margins z_y − z_k against LS's closed-form optimum
 * ln(1 + K(1 − α)/α), with the variance of the incorrect logits.
 */
public final class RepresentationSection implements ReportSection {

    @Override
    public String title() {
        return "Penultimate-layer clusters and logit margins";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        for (DatasetResults r : context.datasets()) {
            List<Group> teachers = TeacherMeasurements.teachers(r).stream()
                    .filter(g -> TeacherMeasurements.firstWith(g, TeacherMeasurements::analysis).isPresent()).toList();
            if (teachers.isEmpty()) {
                continue;
            }
            String label = context.label(r);
            blocks.add(new Block.Heading(3, label + ": template projections"));
            blocks.add(new Block.Paragraph("Claim 3: LS makes each class's penultimate activations collapse into a tight"
                    + " cluster, the clusters equidistant. Tightness = mean distance of an example to its class mean"
                    + " divided by the mean distance between class means (lower is tighter), on about 100 examples per"
                    + " class, in the full penultimate space and in the plane through the three class templates."));
            int triples = TeacherMeasurements.firstWith(teachers.get(0), TeacherMeasurements::analysis).get().metrics()
                    .path("analysis").path("projections").size();
            List<List<String>> rows = new ArrayList<>();
            List<Block> figures = new ArrayList<>();
            for (int t = 0; t < triples; t++) {
                for (Group g : teachers) {
                    int tt = t;
                    String classes = TeacherMeasurements.firstWith(g, TeacherMeasurements::analysis).get().metrics()
                            .path("analysis").path("projections").path(t).path("classes").toString();
                    List<String> row = new ArrayList<>(List.of(classes, g.label()));
                    for (String split : List.of("train", "validation")) {
                        for (String space : List.of("tightness_penultimate", "tightness_plane")) {
                            MeanCi s = TeacherMeasurements.over(g, m -> m.path("analysis").path("projections").path(tt)
                                    .path(split).path(space));
                            row.add(ReportNumbers.meanCi(s, 1, 3));
                        }
                    }
                    rows.add(row);
                }
                figures.add(new Block.Figure(projectionGrid(label, teachers, t)));
            }
            blocks.add(new Block.Table(List.of("Classes", "Teacher", "Train: penultimate", "Train: plane",
                    "Validation: penultimate", "Validation: plane"), rows));
            JsonNode first = TeacherMeasurements.firstWith(teachers.get(0), TeacherMeasurements::analysis).get()
                    .metrics().path("analysis").path("projections");
            List<String> why = new ArrayList<>();
            for (JsonNode p : first) {
                List<String> names = new ArrayList<>();
                p.path("classes").forEach(c -> names.add(ClassNames.of(r.dataset(), c.asInt())));
                String chosen = p.path("chosen").asText("configured");
                why.add(p.path("classes").toString() + " (" + String.join(", ", names) + "): "
                        + (chosen.equals("configured") ? "set by the study config (default: three dissimilar classes)" : chosen));
            }
            blocks.add(new Block.Paragraph("Which classes: " + String.join("; ", why) + "."));
            blocks.addAll(figures);

            blocks.add(new Block.Heading(3, label + ": logit margins"));
            blocks.add(new Block.Paragraph("What the paper implies: cross-entropy with LS targets y(1 − α) + α/K is"
                    + " minimised when every margin z_y − z_k equals ln(1 + K(1 − α)/α) and the incorrect logits are equal;"
                    + " hard targets push margins up without bound and leave the incorrect logits free."));
            List<List<String>> mrows = new ArrayList<>();
            XYChart hist = ChartStyle.xy(label + ": test-set logit margins", "margin z_y − z_k", "fraction of margins");
            int colour = 0;
            double xMax = Double.NEGATIVE_INFINITY; // the axis ends where the data (or an optimum line) ends
            for (Group g : teachers) {
                CellResult c = TeacherMeasurements.firstWith(g, TeacherMeasurements::analysis).get();
                JsonNode a = c.metrics().path("analysis");
                double optimum = a.path("margin_optimum").asDouble(Double.POSITIVE_INFINITY);
                mrows.add(List.of(g.label(), Double.isFinite(optimum) ? ReportNumbers.fixed(optimum, 2) : "∞",
                        ReportNumbers.meanCi(TeacherMeasurements.over(g, m -> m.path("analysis").path("margins_train")
                                .path("median")), 1, 2),
                        ReportNumbers.meanCi(TeacherMeasurements.over(g, m -> m.path("analysis").path("margins_test")
                                .path("median")), 1, 2),
                        ReportNumbers.fixed(a.path("margins_test").path("p10").asDouble(), 2) + " … "
                                + ReportNumbers.fixed(a.path("margins_test").path("p90").asDouble(), 2),
                        ReportNumbers.meanCi(TeacherMeasurements.over(g, m -> m.path("analysis").path("margins_train")
                                .path("incorrect_logit_variance")), 1, 3),
                        ReportNumbers.meanCi(TeacherMeasurements.over(g, m -> m.path("analysis").path("margins_test")
                                .path("incorrect_logit_variance")), 1, 3)));
                xMax = Math.max(xMax, addHistogram(hist, g.shortLabel(), a.path("margins_test"), ChartStyle.color(colour)));
                if (Double.isFinite(optimum)) {
                    xMax = Math.max(xMax, optimum);
                    XYSeries s = hist.addSeries(g.shortLabel() + ": LS optimum", new double[] {optimum, optimum},
                            new double[] {0, 0.25});
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineStyle(SeriesLines.DASH_DASH);
                    s.setLineColor(ChartStyle.color(colour));
                }
                colour++;
            }
            if (Double.isFinite(xMax)) {
                hist.getStyler().setXAxisMax(Math.ceil(xMax * 1.05));
            }
            blocks.add(new Block.Table(List.of("Teacher", "LS optimum ln(1+K(1−α)/α)", "Median margin, train",
                    "Median margin, test", "Test 10th … 90th percentile (first seed)", "Var. of incorrect logits, train",
                    "Var. of incorrect logits, test"), mrows));
            blocks.add(new Block.Figure(Plot.of(label + "-margins", label + ": histogram of test-set logit margins per"
                    + " teacher, with the label-smoothing optimum as a dashed line", label + ": distribution of the test"
                    + " margins z_y − z_k (first seed); dashed: LS's closed-form optimum.", hist)));
        }
        return blocks;
    }

    /** Adds a margin histogram as a step line; returns the right edge of its last non-empty bin (−∞ if none). */
    private static double addHistogram(XYChart chart, String name, JsonNode margins, Color color) {
        JsonNode h = margins.path("histogram");
        double lo = margins.path("histogram_low").asDouble();
        double hi = margins.path("histogram_high").asDouble();
        int bins = h.size();
        double total = 0;
        for (JsonNode c : h) {
            total += c.asDouble();
        }
        total += margins.path("underflow").asDouble() + margins.path("overflow").asDouble();
        if (bins == 0 || total == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        double lastEdge = Double.NEGATIVE_INFINITY;
        double[] x = new double[2 * bins];
        double[] y = new double[2 * bins];
        for (int b = 0; b < bins; b++) {
            double left = lo + (hi - lo) * b / bins;
            double right = lo + (hi - lo) * (b + 1) / bins;
            double v = h.get(b).asDouble() / total;
            if (v > 0) {
                lastEdge = right;
            }
            x[2 * b] = left;
            x[2 * b + 1] = right;
            y[2 * b] = v;
            y[2 * b + 1] = v;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        return lastEdge;
    }

    /** One scatter per (teacher, split), hard and LS in rows, train and validation in columns. */
    private static Plot projectionGrid(String label, List<Group> teachers, int triple) {
        List<BufferedImage> panels = new ArrayList<>();
        String classes = "";
        for (Group g : teachers) {
            Optional<CellResult> c = TeacherMeasurements.firstWith(g, TeacherMeasurements::analysis);
            JsonNode p = c.get().metrics().path("analysis").path("projections").path(triple);
            classes = p.path("classes").toString();
            for (String split : List.of("train", "validation")) {
                XYChart chart = new XYChart(520, 440);
                chart.setTitle(g.shortLabel() + ", " + split + " " + classes);
                chart.setXAxisTitle("template plane, axis 1");
                chart.setYAxisTitle("template plane, axis 2");
                String dataset = c.get().dataset();
                chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                chart.getStyler().setMarkerSize(5);
                chart.getStyler().setChartBackgroundColor(Color.WHITE);
                chart.getStyler().setLegendVisible(true);
                chart.getStyler().setDecimalPattern("0.0");
                JsonNode s = p.path(split);
                int colour = 0;
                for (JsonNode cls : p.path("classes")) {
                    List<Double> xs = new ArrayList<>();
                    List<Double> ys = new ArrayList<>();
                    for (int i = 0; i < s.path("labels").size(); i++) {
                        if (s.path("labels").get(i).asInt() == cls.asInt()) {
                            xs.add(s.path("x").get(i).asDouble());
                            ys.add(s.path("y").get(i).asDouble());
                        }
                    }
                    if (!xs.isEmpty()) {
                        XYSeries series = chart.addSeries(ClassNames.of(dataset, cls.asInt()), xs, ys);
                        series.setMarker(SeriesMarkers.CIRCLE);
                        series.setMarkerColor(ChartStyle.color(colour));
                    }
                    colour++;
                }
                panels.add(BitmapEncoder.getBufferedImage(chart));
            }
        }
        int w = 520;
        int h = 440;
        BufferedImage grid = new BufferedImage(2 * w, h * teachers.size(), BufferedImage.TYPE_INT_RGB);
        Graphics2D gr = grid.createGraphics();
        gr.setColor(Color.WHITE);
        gr.fillRect(0, 0, grid.getWidth(), grid.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            gr.drawImage(panels.get(i), (i % 2) * w, (i / 2) * h, null);
        }
        gr.dispose();
        return Plot.of(label + "-projection-" + classes.replaceAll("[^0-9]+", "-").replaceAll("^-|-$", ""),
                label + ": scatter plots of penultimate activations of classes " + classes + " projected on the plane"
                        + " through their templates, per teacher, training and validation examples",
                label + ": penultimate activations of classes " + classes + " projected on the plane through the three"
                        + " class templates (first seed); rows: teachers, columns: training / validation examples.", grid);
    }
}

package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.model.Group;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.render.ChartStyle;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.stats.MeanCi;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The distillation table (teachers, students from labels, distilled students at the best T and at every T)
 * with the paper's MNIST numbers, and three plots per data set: test error per configuration, student test
 * error against T, and student accuracy against the equivalent smoothing γ (the paper's distillation figure).
 */
public final class DistillationSection implements ReportSection {
    private static final List<String> HEADER = List.of("Model", "Seeds", "Test error % (mean ± 95 % CI)", "ECE", "NLL",
            "Val. acc. %", "Paper: test error %", "Re-impl.: test error %");

    @Override
    public String title() {
        return "Teachers and students";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        for (DatasetResults r : context.datasets()) {
            String label = context.label(r);
            blocks.add(new Block.Heading(3, label));
            blocks.add(new Block.Paragraph(selectionText(r)));
            List<Row> main = mainRows(r);
            List<List<String>> rows = new ArrayList<>();
            main.forEach(row -> rows.add(row.cells()));
            java.util.Set<Group> best = new java.util.HashSet<>();
            main.forEach(row -> best.add(row.group()));
            for (Group g : r.distilled()) {
                if (!best.contains(g)) { // a best-T group is already a row above, under its "best T" label
                    rows.add(new Row(g, g.label(), Optional.empty()).cells());
                }
            }
            blocks.add(new Block.Table(HEADER, rows));
            blocks.add(new Block.Paragraph((r.dataset().equals("mnist") ? "Paper: Müller et al. (2019), FC"
                    + " 784-1200-1200-10 teacher and 784-800-800-10 student on MNIST, β = 0.6; re-impl.: a public PyTorch"
                    + " re-implementation. Their numbers are shown for comparison only and enter no verdict. "
                    : "The paper reports no numbers on this data set (its distillation figure is on CIFAR-10). ")
                    + "Rows below the best-T rows list the other temperatures."));
            errorPlot(label, main).ifPresent(p -> blocks.add(new Block.Figure(p)));
            temperaturePlot(label, r).ifPresent(p -> blocks.add(new Block.Figure(p)));
            gammaPlot(label, r).ifPresent(p -> blocks.add(new Block.Figure(p)));
        }
        return blocks;
    }

    /** A table row: a group, its label, and where they apply the paper's numbers. */
    record Row(Group group, String label, Optional<PaperNumbers.Reference> reference) {
        List<String> cells() {
            MeanCi error = group.testErrorPercent();
            return List.of(label, String.valueOf(group.cells().size()), ReportNumbers.meanCi(error, 1, 2),
                    ReportNumbers.meanCi(group.metric("test_ece"), 1, 4),
                    ReportNumbers.meanCi(group.metric("test_nll"), 1, 4),
                    ReportNumbers.fixed(100 * group.meanValidationAccuracy(), 2),
                    reference.map(PaperNumbers.Reference::paper).orElse(ReportNumbers.MISSING),
                    reference.map(PaperNumbers.Reference::reimplementation).orElse(ReportNumbers.MISSING));
        }
    }

    static List<Row> mainRows(DatasetResults r) {
        List<Row> rows = new ArrayList<>();
        String ds = r.dataset();
        if (!r.hardTeachers().isEmpty()) {
            rows.add(new Row(r.hardTeachers(), r.hardTeachers().label(), PaperNumbers.teacher(ds, 0)));
        }
        for (Group g : r.lsTeachers()) {
            rows.add(new Row(g, g.label(), PaperNumbers.teacher(ds, g.alpha())));
        }
        if (!r.labelStudents().isEmpty()) {
            rows.add(new Row(r.labelStudents(), r.labelStudents().label(), Optional.empty()));
        }
        for (Group g : r.lsLabelStudents()) {
            rows.add(new Row(g, g.label(), Optional.empty()));
        }
        for (double alpha : r.distilledTeacherAlphas()) {
            r.bestDistilledFrom(alpha).ifPresent(g -> rows.add(new Row(g,
                    "Student distilled from " + teacherName(alpha) + ", best T = " + ReportNumbers.plain(g.distillationTemperature())
                            + " (by validation)",
                    PaperNumbers.distilledStudent(ds, alpha))));
        }
        return rows;
    }

    private static String teacherName(double alpha) {
        return alpha == 0 ? "hard teacher" : "LS teacher α = " + ReportNumbers.plain(alpha);
    }

    private static String selectionText(DatasetResults r) {
        StringBuilder s = new StringBuilder();
        s.append(r.groupedCells().size()).append(" teacher/student cells, ").append(r.seedCount()).append(r.seedCount() == 1 ? " seed" : " seeds")
                .append(" (suite ").append(r.suite()).append("). ");
        List<String> choices = new ArrayList<>();
        for (double alpha : r.distilledTeacherAlphas()) {
            Optional<Group> best = r.bestDistilledFrom(alpha);
            choices.add(best.map(g -> "for the " + teacherName(alpha) + " T = " + ReportNumbers.plain(g.distillationTemperature())
                    + " (validation accuracy " + ReportNumbers.fixed(100 * g.meanValidationAccuracy(), 2) + " %)")
                    .orElse("for the " + teacherName(alpha) + " no T could be chosen (no validation accuracy)"));
        }
        if (!choices.isEmpty()) {
            s.append("Best distillation temperature, chosen by mean validation accuracy: ")
                    .append(String.join("; ", choices)).append(". ");
        }
        if (r.hardTeachers().isEmpty() && r.lsTeachers().isEmpty()) {
            s.append("No teacher cells. ");
        }
        return s.toString().trim();
    }

    private static Optional<Plot> errorPlot(String label, List<Row> allRows) {
        List<Row> rows = allRows.stream().filter(r -> !r.group().testErrorPercent().isEmpty()).toList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = ChartStyle.category(label + ": test error per configuration", "", "test error % (95 % CI)");
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(25);
        chart.getStyler().setYAxisDecimalPattern("0.00");
        chart.getStyler().setErrorBarsColor(java.awt.Color.BLACK);
        List<String> x = rows.stream().map(r -> r.label().equals(r.group().label()) ? r.group().shortLabel()
                : r.group().shortLabel().replaceFirst(" T=.*", "") + " (best T=" + ReportNumbers.plain(r.group().distillationTemperature()) + ")").toList();
        List<Double> y = new ArrayList<>();
        List<Double> err = new ArrayList<>();
        for (Row row : rows) {
            MeanCi s = row.group().testErrorPercent();
            y.add(s.mean());
            err.add(s.halfWidth());
        }
        chart.addSeries("test error %", x, y, err);
        return Optional.of(Plot.of(label + "-test-error", label + ": bar chart of test error in percent per teacher and student "
                        + "configuration, with 95 % confidence intervals over seeds",
                label + ": test error per configuration (bars: mean over seeds; whiskers: 95 % Student-t CI; "
                        + "distilled students at the T chosen on validation).", chart));
    }

    private static Optional<Plot> temperaturePlot(String label, DatasetResults r) {
        XYChart chart = ChartStyle.xy(label + ": student test error against distillation temperature", "temperature T",
                "student test error % (95 % CI)");
        chart.getStyler().setXAxisDecimalPattern("0.#");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        int colour = 0;
        double minT = Double.POSITIVE_INFINITY;
        double maxT = Double.NEGATIVE_INFINITY;
        for (double alpha : r.distilledTeacherAlphas()) {
            List<Group> groups = r.distilledFrom(alpha).stream()
                    .filter(g -> !g.testErrorPercent().isEmpty() && Double.isFinite(g.distillationTemperature()))
                    .sorted(Comparator.comparingDouble(Group::distillationTemperature)).toList();
            if (groups.isEmpty()) {
                continue;
            }
            double[] x = groups.stream().mapToDouble(Group::distillationTemperature).toArray();
            double[] y = groups.stream().mapToDouble(g -> g.testErrorPercent().mean()).toArray();
            double[] e = groups.stream().mapToDouble(g -> zeroIfNaN(g.testErrorPercent().halfWidth())).toArray();
            for (double t : x) {
                minT = Math.min(minT, t);
                maxT = Math.max(maxT, t);
            }
            XYSeries s = chart.addSeries(uniqueName(chart, "from " + teacherName(alpha)), x, y, e);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(ChartStyle.color(colour));
            s.setMarkerColor(ChartStyle.color(colour));
            colour++;
        }
        MeanCi labels = r.labelStudents().testErrorPercent();
        if (!labels.isEmpty() && Double.isFinite(minT)) {
            XYSeries s = chart.addSeries("student from labels", new double[] {minT, maxT}, new double[] {labels.mean(), labels.mean()});
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(SeriesLines.DASH_DASH);
            s.setLineColor(java.awt.Color.GRAY);
        }
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Plot.of(label + "-student-error-vs-temperature", label + ": line chart of distilled student test error "
                        + "against temperature T, one line per teacher, with 95 % confidence intervals",
                label + ": student test error against T (mean over seeds, 95 % CI); dashed: student trained from labels.", chart));
    }

    private static Optional<Plot> gammaPlot(String label, DatasetResults r) {
        boolean hasGamma = r.distilled().stream().anyMatch(g -> !Double.isNaN(g.summary(c -> c.param("gamma")).mean()));
        if (!hasGamma) {
            return Optional.empty();
        }
        XYChart chart = ChartStyle.xy(label + ": student accuracy against equivalent smoothing γ",
                "equivalent smoothing γ", "student test accuracy % (95 % CI)");
        chart.getStyler().setXAxisDecimalPattern("0.00");
        chart.getStyler().setYAxisDecimalPattern("0.00");
        addGammaSeries(chart, "distilled from hard teacher", r.distilledFrom(0), XYSeries.XYSeriesRenderStyle.Line, 0);
        addGammaSeries(chart, "distilled from LS teachers", r.distilled().stream().filter(g -> g.alpha() > 0).toList(),
                XYSeries.XYSeriesRenderStyle.Scatter, 1);
        List<Group> direct = new ArrayList<>();
        if (!r.labelStudents().isEmpty()) {
            direct.add(r.labelStudents());
        }
        direct.addAll(r.lsLabelStudents());
        addGammaSeries(chart, "trained with LS (γ = α)", direct, XYSeries.XYSeriesRenderStyle.Line, 2);
        if (chart.getSeriesMap().isEmpty()) {
            return Optional.empty();
        }
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        return Optional.of(Plot.of(label + "-accuracy-vs-gamma", label + ": student test accuracy against the teacher's "
                        + "equivalent smoothing gamma, for students of the hard teacher, of LS teachers, and trained with LS directly",
                label + ": student test accuracy against γ (the paper's distillation figure). γ of a distilled student is the "
                        + "mean wrong-class mass of its teacher at T, rescaled so that LS with α has γ = α; the student "
                        + "from labels sits at γ = 0 on the \"trained with LS\" line.", chart));
    }

    private static void addGammaSeries(XYChart chart, String name, List<Group> groups, XYSeries.XYSeriesRenderStyle style, int colour) {
        record Point(double gamma, MeanCi accuracy, double distillationTemperature) {
        }
        List<Point> points = new ArrayList<>();
        for (Group g : groups) {
            double gamma = g.summary(c -> {
                double v = c.param("gamma");
                if (Double.isNaN(v) && !c.family().equals(CellResult.DISTILLED)) {
                    v = Double.isNaN(c.param("alpha")) ? 0 : c.param("alpha");
                }
                return v;
            }).mean();
            MeanCi acc = g.summary(CellResult::testAccuracyPercent);
            if (Double.isFinite(gamma) && !acc.isEmpty()) {
                points.add(new Point(gamma, acc, g.distillationTemperature()));
            }
        }
        if (points.isEmpty()) {
            return;
        }
        points.sort(Comparator.comparingDouble(Point::gamma));
        XYSeries s = chart.addSeries(name, points.stream().mapToDouble(Point::gamma).toArray(),
                points.stream().mapToDouble(p -> p.accuracy().mean()).toArray(),
                points.stream().mapToDouble(p -> zeroIfNaN(p.accuracy().halfWidth())).toArray());
        s.setXYSeriesRenderStyle(style);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(ChartStyle.color(colour));
        s.setLineColor(ChartStyle.color(colour));
        for (Point p : points) { // label each distilled student with its temperature
            if (Double.isFinite(p.distillationTemperature())) {
                org.knowm.xchart.AnnotationText t = new org.knowm.xchart.AnnotationText("T=" + ReportNumbers.plain(
                        p.distillationTemperature()), p.gamma(), p.accuracy().mean(), false);
                chart.addAnnotation(t);
            }
        }
    }

    private static String uniqueName(XYChart chart, String name) {
        String n = name;
        for (int i = 2; chart.getSeriesMap().containsKey(n); i++) {
            n = name + " (" + i + ")";
        }
        return n;
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }
}

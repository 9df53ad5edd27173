package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.model.Group;
import io.smoothkd.report.model.TeacherMeasurements;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.render.ChartStyle;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.stats.MeanCi;
import io.smoothkd.report.stats.Paired;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Paper §5: the mutual information Î(X; z_a − z_b) between a training example and the difference of two logits,
 * measured while each teacher trains, with ln N and ln 2 drawn as lines.
 */
public final class MutualInformationSection implements ReportSection {

    @Override
    public String title() {
        return "Information in the logits (mutual information during training)";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        for (DatasetResults r : context.datasets()) {
            List<Group> teachers = TeacherMeasurements.teachers(r).stream()
                    .filter(g -> TeacherMeasurements.firstWith(g, TeacherMeasurements::mi).isPresent()).toList();
            if (teachers.isEmpty()) {
                continue;
            }
            String label = context.label(r);
            JsonNode first = TeacherMeasurements.mi(TeacherMeasurements.firstWith(teachers.get(0),
                    TeacherMeasurements::mi).get().metrics());
            int n = first.path("n").asInt();
            JsonNode classes = first.path("classes");
            blocks.add(new Block.Heading(3, label));
            blocks.add(new Block.Paragraph("Claim 5: label smoothing erases information in the logits. Î(X; Y) with X one"
                    + " of N = " + n + " training examples (" + first.path("per_class").asInt() + " of each of classes "
                    + classes.path(0).asInt() + " and " + classes.path(1).asInt() + "), Y = z_" + classes.path(0).asInt()
                    + " − z_" + classes.path(1).asInt() + " on L = " + first.path("l").asInt() + " augmented copies of each"
                    + " (" + copiesDiffer(first) + "the same copies at every measurement), Gaussian p(y|x) with pooled"
                    + " within-example variance;"
                    + " measured every " + first.path("every").asInt() + " iterations. Upper bound ln N = "
                    + ReportNumbers.fixed(Math.log(n), 3) + " nats; ln 2 = 0.693 is what is left when only the class is"
                    + " known. The paper: Î rises, then falls; with LS it ends far lower."));
            List<List<String>> rows = new ArrayList<>();
            XYChart chart = ChartStyle.xy(label + ": mutual information during training", "training iteration",
                    "Î(X; z_a − z_b), nats");
            double maxIteration = 0;
            int colour = 0;
            for (Group g : teachers) {
                TreeMap<Integer, List<Double>> curve = new TreeMap<>();
                for (CellResult c : g.cells()) {
                    for (JsonNode p : TeacherMeasurements.mi(c.metrics()).path("points")) {
                        curve.computeIfAbsent(p.path("iteration").asInt(), k -> new ArrayList<>())
                                .add(p.path("mi").asDouble());
                    }
                }
                MeanCi last = TeacherMeasurements.over(g, m -> TeacherMeasurements.mi(m).path("final_mi"));
                if (curve.isEmpty()) { // measured at the end only
                    rows.add(List.of(g.label(), Integer.toString(last.n()), ReportNumbers.meanCi(last, 1, 3),
                            "— (end only)", ReportNumbers.fixed(last.mean() / Math.log(n), 3)));
                    continue;
                }
                double[] x = curve.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                double[] y = curve.values().stream().mapToDouble(v -> MeanCi.of(v).mean()).toArray();
                maxIteration = Math.max(maxIteration, x[x.length - 1]);
                XYSeries s = chart.addSeries(g.shortLabel(), x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(x.length > 40 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                s.setLineColor(ChartStyle.color(colour));
                s.setMarkerColor(ChartStyle.color(colour));
                colour++;
                double peak = 0;
                for (double v : y) {
                    peak = Math.max(peak, v);
                }
                rows.add(List.of(g.label(), Integer.toString(last.n()), ReportNumbers.meanCi(last, 1, 3),
                        ReportNumbers.fixed(peak, 3), ReportNumbers.fixed(last.mean() / Math.log(n), 3)));
            }
            blocks.add(new Block.Table(List.of("Teacher", "Seeds", "Final Î (nats, mean ± 95 % CI)",
                    "Peak of the mean curve", "Final Î / ln N"), rows));
            sensitivity(r, teachers, first).ifPresent(blocks::addAll);
            if (chart.getSeriesMap().isEmpty()) {
                continue; // no curve was measured, only end points
            }
            line(chart, "ln N", maxIteration, Math.log(n), Color.GRAY);
            line(chart, "ln 2", maxIteration, Math.log(2), Color.DARK_GRAY);
            blocks.add(new Block.Figure(Plot.of(label + "-mutual-information", label + ": line chart of the mutual"
                    + " information between example and logit difference during training, per teacher, with ln N and"
                    + " ln 2 as dashed lines", label + ": Î(X; z_a − z_b) during training (mean over seeds); dashed:"
                    + " ln N (every example distinguishable) and ln 2 (only the class).", chart)));
        }
        return blocks;
    }

    private static void line(XYChart chart, String name, double maxX, double y, Color color) {
        XYSeries s = chart.addSeries(name, new double[] {0, Math.max(1, maxX)}, new double[] {y, y});
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.DASH_DASH);
        s.setLineColor(color);
    }

    /**
     * The probe's sensitivity row: the final Î of every teacher under the study's probe and under the other probe
     * ({@code metrics.mutual_information_sensitivity}), with the paired LS − hard difference under each, so that the
     * choice of probe is visible rather than tuned.
     */
    private static java.util.Optional<List<Block>> sensitivity(DatasetResults r, List<Group> teachers, JsonNode main) {
        java.util.function.Function<JsonNode, JsonNode> other = m -> m.path("mutual_information_sensitivity");
        if (teachers.stream().noneMatch(g -> TeacherMeasurements.firstWith(g, other).isPresent())) {
            return java.util.Optional.empty();
        }
        JsonNode alt = TeacherMeasurements.firstWith(teachers.stream()
                .filter(g -> TeacherMeasurements.firstWith(g, other).isPresent()).findFirst().get(), other).get()
                .metrics().path("mutual_information_sensitivity");
        List<String> header = new ArrayList<>(List.of("Probe (how the copies differ)"));
        teachers.forEach(g -> header.add(g.label() + ": final Î"));
        Group hard = r.hardTeachers();
        java.util.Optional<Group> ls = r.selectedLsTeacher();
        boolean paired = !hard.isEmpty() && ls.isPresent();
        if (paired) {
            header.add("LS − hard, paired");
        }
        List<List<String>> rows = new ArrayList<>();
        for (boolean sensitivityProbe : new boolean[] {false, true}) {
            java.util.function.Function<JsonNode, JsonNode> pick = sensitivityProbe ? other : TeacherMeasurements::mi;
            JsonNode settings = sensitivityProbe ? alt : main;
            List<String> row = new ArrayList<>(List.of((sensitivityProbe ? "sensitivity: " : "the study's: ")
                    + copiesDiffer(settings).replaceFirst("; $", "")));
            for (Group g : teachers) {
                row.add(ReportNumbers.meanCi(TeacherMeasurements.over(g, m -> pick.apply(m).path("final_mi")), 1, 3));
            }
            if (paired) {
                Paired p = Paired.of(hard, ls.get(), c -> {
                    JsonNode v = pick.apply(c.metrics()).path("final_mi");
                    return v.isNumber() ? v.asDouble() : Double.NaN;
                });
                row.add(p.describe(3, "") + " → " + p.verdict(Paired.Side.NEGATIVE));
            }
            rows.add(row);
        }
        return java.util.Optional.of(List.of(new Block.Paragraph("Sensitivity to the probe: the same examples, measured"
                        + " at each teacher's end with copies that differ in another way. The claim's verdict uses the"
                        + " study's probe; the second row shows whether another choice would have changed it."),
                new Block.Table(header, rows)));
    }

    /** For the claims table: final MI of a teacher group. */
    static MeanCi finalMi(Group g) {
        return TeacherMeasurements.over(g, m -> TeacherMeasurements.mi(m).path("final_mi"));
    }


    /** How the copies differ, where the cell recorded it (older cells did not). */
    static String copiesDiffer(JsonNode mi) {
        if (!mi.path("shift").isNumber()) {
            return "";
        }
        int shift = mi.path("shift").asInt();
        double noise = mi.path("noise").asDouble();
        List<String> parts = new ArrayList<>();
        if (shift > 0) {
            parts.add("random shifts of up to ±" + shift + " px");
        }
        if (noise > 0) {
            parts.add("Gaussian pixel noise σ = " + ReportNumbers.fixed(noise, 2));
        }
        return parts.isEmpty() ? "" : String.join(" and ", parts) + "; ";
    }
}

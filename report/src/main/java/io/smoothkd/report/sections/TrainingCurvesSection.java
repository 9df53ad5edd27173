package io.smoothkd.report.sections;

import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.model.Group;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.render.ChartStyle;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.stats.MeanCi;

import com.fasterxml.jackson.databind.JsonNode;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Validation accuracy per epoch (mean over seeds) for each teacher family and the main student families. */
public final class TrainingCurvesSection implements ReportSection {

    @Override
    public String title() {
        return "Training curves";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        for (DatasetResults r : context.datasets()) {
            String label = context.label(r);
            List<Group> groups = new ArrayList<>();
            groups.add(r.hardTeachers());
            groups.addAll(r.lsTeachers());
            groups.add(r.labelStudents());
            groups.addAll(r.lsLabelStudents());
            for (double alpha : r.distilledTeacherAlphas()) {
                r.bestDistilledFrom(alpha).ifPresent(groups::add);
            }
            XYChart chart = ChartStyle.xy(label + ": validation accuracy during training", "epoch", "validation accuracy %");
            chart.getStyler().setXAxisDecimalPattern("0");
            chart.getStyler().setYAxisDecimalPattern("0.0");
            int colour = 0;
            for (Group g : groups) {
                TreeMap<Integer, List<Double>> perEpoch = curve(g);
                if (perEpoch.isEmpty()) {
                    continue;
                }
                double[] x = perEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
                double[] y = perEpoch.values().stream().mapToDouble(v -> 100 * MeanCi.of(v).mean()).toArray();
                XYSeries s = chart.addSeries(g.shortLabel(), x, y);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                s.setMarker(x.length > 30 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
                s.setLineColor(ChartStyle.color(colour));
                s.setMarkerColor(ChartStyle.color(colour));
                colour++;
            }
            if (chart.getSeriesMap().isEmpty()) {
                continue;
            }
            blocks.add(new Block.Heading(3, label));
            blocks.add(new Block.Figure(Plot.of(label + "-training-curves", label + ": line chart of validation accuracy "
                            + "per epoch for each teacher and student family",
                    label + ": validation accuracy per epoch, mean over the seeds that reached that epoch "
                            + "(distilled students at the T chosen on validation).", chart)));
        }
        return blocks;
    }

    /** epoch → validation accuracies of the runs that logged it. */
    private static TreeMap<Integer, List<Double>> curve(Group g) {
        TreeMap<Integer, List<Double>> perEpoch = new TreeMap<>();
        for (CellResult c : g.cells()) {
            JsonNode history = c.metricNode("history");
            if (!history.isArray()) {
                continue;
            }
            for (JsonNode h : history) {
                JsonNode epoch = h.path("epoch");
                JsonNode acc = h.path("validation_accuracy");
                if (epoch.canConvertToInt() && acc.isNumber()) {
                    perEpoch.computeIfAbsent(epoch.asInt(), k -> new ArrayList<>()).add(acc.asDouble());
                }
            }
        }
        for (Map.Entry<Integer, List<Double>> e : perEpoch.entrySet()) {
            e.setValue(List.copyOf(e.getValue()));
        }
        return perEpoch;
    }
}

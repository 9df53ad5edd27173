package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.render.Block;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** "What was run": suites, data sets, seeds, cell counts, nets, and how numbers are chosen and summarised. */
public final class OverviewSection implements ReportSection {

    @Override
    public String title() {
        return "What was run";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<CellResult> cells = context.cells();
        if (cells.isEmpty()) {
            return List.of(new Block.Paragraph("The results folder holds no cells yet: nothing to report."));
        }
        long teachers = cells.stream().filter(c -> c.isTeacher()).count();
        long students = cells.stream().filter(c -> c.isStudent()).count();
        long other = cells.size() - teachers - students;
        String suites = String.join(", ", new TreeSet<>(cells.stream().map(CellResult::suite).filter(s -> !s.isEmpty()).toList()));
        String datasets = cells.stream().map(CellResult::dataset).filter(s -> !s.isEmpty()).distinct()
                .sorted(DatasetResults::compareDatasets).map(DatasetResults::displayName).collect(Collectors.joining(", "));
        TreeSet<Long> seeds = new TreeSet<>(cells.stream().map(CellResult::seed).toList());
        StringBuilder text = new StringBuilder();
        text.append("This report collects ").append(cells.size()).append(cells.size() == 1 ? " cell" : " cells")
                .append(" (").append(teachers).append(" teacher runs, ").append(students).append(" student runs");
        if (other > 0) {
            text.append(", ").append(other).append(" cells of other kinds");
        }
        text.append(") from the suite").append(suites.contains(",") ? "s " : " ").append(suites.isEmpty() ? "(unnamed)" : suites)
                .append(" on ").append(datasets.isEmpty() ? "no named data set" : datasets)
                .append(", with ").append(seeds.size()).append(seeds.size() == 1 ? " seed (" : " seeds (")
                .append(seeds.stream().map(String::valueOf).collect(Collectors.joining(", "))).append("). ");
        TreeSet<String> alphas = new TreeSet<>();
        TreeSet<Double> temperatures = new TreeSet<>();
        TreeSet<String> teacherNets = new TreeSet<>();
        TreeSet<String> studentNets = new TreeSet<>();
        for (DatasetResults r : context.datasets()) {
            r.lsTeachers().forEach(g -> alphas.add(ReportNumbers.plain(g.alpha())));
            r.distilled().forEach(g -> temperatures.add(g.distillationTemperature()));
        }
        for (CellResult c : cells) {
            String net = c.textParam("net");
            if (!net.isEmpty() && c.isTeacher()) {
                teacherNets.add(net);
            } else if (!net.isEmpty() && c.isStudent()) {
                studentNets.add(net);
            }
        }
        text.append("Teachers are trained on hard targets (α = 0)");
        if (!alphas.isEmpty()) {
            text.append(" and with label smoothing (α ∈ {").append(String.join(", ", alphas)).append("})");
        }
        text.append("; students are trained from labels, with label smoothing directly, or distilled from a teacher");
        if (!temperatures.isEmpty()) {
            text.append(" at temperatures T ∈ {").append(temperatures.stream().map(ReportNumbers::plain)
                    .collect(Collectors.joining(", "))).append("}");
        }
        text.append(". ");
        if (!teacherNets.isEmpty() || !studentNets.isEmpty()) {
            List<String> nets = new ArrayList<>();
            if (!teacherNets.isEmpty()) {
                nets.add("teacher " + String.join(", ", teacherNets));
            }
            if (!studentNets.isEmpty()) {
                nets.add("student " + String.join(", ", studentNets));
            }
            text.append("Networks: ").append(String.join("; ", nets)).append(". ");
        }
        text.append("All reported numbers are measured on the test set; every choice among runs (best temperature, "
                + "which LS teacher) is made on mean validation accuracy only. Intervals are 95 % Student-t "
                + "confidence intervals over seeds (mean ± half-width); a value without ± comes from one seed.");
        return List.of(new Block.Paragraph(text.toString()));
    }
}

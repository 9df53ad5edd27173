package io.smoothkd.experiments.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Calibration of the teachers before and after temperature scaling (T fitted by NLL on the validation set):
 * a table of ECE, MCE, NLL and Brier per teacher family, and reliability diagrams for hard, LS, hard + TS and
 * LS + TS (the LS teacher chosen by validation accuracy).
 */
public final class CalibrationSection implements ReportSection {
    private static final List<String> HEADER = List.of("Teacher", "Seeds", "TS temperature", "Test acc. %", "ECE", "MCE",
            "NLL", "Brier");

    @Override
    public String title() {
        return "Calibration of the teachers";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        for (DatasetResults r : context.datasets()) {
            List<Group> teachers = new ArrayList<>();
            if (!r.hardTeachers().isEmpty()) {
                teachers.add(r.hardTeachers());
            }
            teachers.addAll(r.lsTeachers());
            if (teachers.isEmpty()) {
                continue;
            }
            String label = context.label(r);
            blocks.add(new Block.Heading(3, label));
            List<List<String>> rows = new ArrayList<>();
            for (Group g : teachers) {
                rows.add(row(g, false));
                rows.add(row(g, true));
            }
            blocks.add(new Block.Table(HEADER, rows));
            blocks.add(new Block.Paragraph("ECE and MCE use 15 equal-width confidence bins; NLL in nats; Brier = mean of "
                    + "Σ_k (p_k − y_k)². \"+ TS\": logits divided by one temperature fitted by NLL on the validation set. "
                    + "MCE after TS is recomputed from the pooled reliability bins where a cell does not report it. "
                    + "For scale, the paper reports on CIFAR-100 (ResNet-56) ECE 0.150 without LS, 0.024 with LS (α = 0.05) "
                    + "and 0.021 with TS (T = 1.9)."));
            List<Group> shown = new ArrayList<>();
            if (!r.hardTeachers().isEmpty()) {
                shown.add(r.hardTeachers());
            }
            r.selectedLsTeacher().ifPresent(shown::add);
            for (boolean scaled : new boolean[] {false, true}) {
                for (Group g : shown) {
                    diagram(label, g, scaled).ifPresent(p -> blocks.add(new Block.Figure(p)));
                }
            }
        }
        return blocks;
    }

    private static List<String> row(Group g, boolean scaled) {
        String name = g.label().replaceFirst("^Teacher, ", "");
        if (!scaled) {
            return List.of(name, String.valueOf(g.cells().size()), "— (1)",
                    ReportNumbers.meanCi(g.summary(Cell::testAccuracyPercent), 1, 2),
                    ReportNumbers.meanCi(g.metric("test_ece"), 1, 4), ReportNumbers.meanCi(g.metric("test_mce"), 1, 4),
                    ReportNumbers.meanCi(g.metric("test_nll"), 1, 4), ReportNumbers.meanCi(g.metric("test_brier"), 1, 4));
        }
        return List.of(name + " + TS", String.valueOf(g.cells().size()),
                ReportNumbers.meanCi(g.metric("temperature"), 1, 3),
                ReportNumbers.meanCi(g.summary(Cell::testAccuracyPercent), 1, 2),
                ReportNumbers.meanCi(g.metric("test_ece_after_scaling"), 1, 4),
                ReportNumbers.meanCi(g.summary(CalibrationSection::mceAfterScaling), 1, 4),
                ReportNumbers.meanCi(g.metric("test_nll_after_scaling"), 1, 4),
                ReportNumbers.meanCi(g.metric("test_brier_after_scaling"), 1, 4));
    }

    private static double mceAfterScaling(Cell c) {
        double reported = c.metric("test_mce_after_scaling");
        if (!Double.isNaN(reported)) {
            return reported;
        }
        return ReliabilityBins.pool(List.of(c), "reliability_test_after_scaling").map(ReliabilityBins::mce).orElse(Double.NaN);
    }

    private static Optional<Plot> diagram(String label, Group g, boolean scaled) {
        String metric = scaled ? "reliability_test_after_scaling" : "reliability_test";
        return ReliabilityBins.pool(g.cells(), metric).map(bins -> {
            String who = g.alpha() == 0 ? "hard targets" : "LS α = " + ReportNumbers.plain(g.alpha());
            String what = "teacher, " + who + (scaled ? " + TS" : "");
            String title = label + ": " + what + " (ECE " + ReportNumbers.fixed(bins.ece(), 4) + ")";
            return Plot.of(label + "-reliability-" + (g.alpha() == 0 ? "hard" : "ls-a" + ReportNumbers.plain(g.alpha()))
                            + (scaled ? "-ts" : ""),
                    label + ": reliability diagram of the " + what + ", accuracy per confidence bin against the diagonal",
                    label + ": reliability diagram, " + what + ", test set, bins pooled over " + g.cells().size()
                            + (g.cells().size() == 1 ? " seed" : " seeds") + ". Blue: accuracy per bin; red: gap to the "
                            + "bin's mean confidence; numbers on top: test examples per bin; dashed: perfect calibration.",
                    ReliabilityDiagram.chart(title, bins));
        });
    }
}

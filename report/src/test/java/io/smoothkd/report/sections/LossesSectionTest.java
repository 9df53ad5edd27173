package io.smoothkd.report.sections;

import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportWriter;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.render.Block;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The LS-teacher penalty per loss against a hand computation on made-up cells. */
class LossesSectionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** t(0.975, df) from a printed table, so the reference does not use the code's quantile. */
    private static final Map<Integer, Double> T975 = Map.of(1, 12.7062, 2, 4.30265, 3, 3.18245, 4, 2.77645);

    private static CellResult teacher(double alpha, int seed) {
        ObjectNode p = JSON.createObjectNode().put("alpha", alpha);
        return new CellResult("teacher-mnist-a" + alpha + "-s" + seed, "modern-kd", "teacher", alpha == 0 ? "hard" : "ls",
                "mnist", seed, p, JSON.createObjectNode().put("test_error", 0.01)
                .put("test_ece", 0.01).put("validation_accuracy", 0.99));
    }

    /** A distilled student; loss null: a cell written before there were several losses (kd, no loss key). */
    private static CellResult student(String loss, double alpha, double t, int seed, double error, double val,
                                double tckd, double nckd) {
        ObjectNode p = JSON.createObjectNode().put("teacher", "teacher-mnist-a" + alpha + "-s" + seed)
                .put("teacher_alpha", alpha).put("temperature", t);
        if (loss == null) {
            p.put("beta", 0.6).put("t_squared", false);
        } else {
            p.put("loss", loss);
            ObjectNode lp = p.putObject("loss_params").put("temperature", t);
            if (loss.equals("dkd")) {
                lp.put("alpha", 1.0).put("beta", 8.0).put("ce_weight", 1.0);
            } else {
                lp.put("ce_weight", 0.1).put("kd_weight", 9.0); // logit_std's defaults
            }
        }
        ObjectNode m = JSON.createObjectNode().put("test_error", error).put("validation_accuracy", val)
                .put("test_ece", 0.02);
        if (!Double.isNaN(tckd)) {
            m.put("test_tckd", tckd).put("test_nckd", nckd);
        }
        return new CellResult("student-mnist-" + loss + "-a" + alpha + "-T" + t + "-s" + seed, "modern-kd", "student",
                "distilled", "mnist", seed, p, m);
    }

    /** mean ± half-width of the differences, by naive loops. */
    private static double[] reference(double[] hard, double[] ls) {
        int n = hard.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += ls[i] - hard[i];
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = ls[i] - hard[i] - mean;
            ss += d * d;
        }
        double half = T975.get(n - 1) * Math.sqrt(ss / (n - 1)) / Math.sqrt(n);
        return new double[] {mean, half};
    }

    private static String pm(double[] r, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f ± %." + digits + "f", r[0], r[1]);
    }

    @Test
    void penaltyPerLossAndTemperatureIsThePairedDifferenceWithItsCiAndVerdict() {
        List<CellResult> cells = new ArrayList<>();
        double[][] hardKd = {{0.0100, 0.0110, 0.0105, 0.0120}, {0.0090, 0.0095, 0.0100, 0.0092}};
        double[][] lsKd = {{0.0130, 0.0150, 0.0141, 0.0155}, {0.0091, 0.0080, 0.0110, 0.0090}};
        double[] hardDkd = {0.0200, 0.0210, 0.0190};
        double[] lsDkd = {0.0180, 0.0185, 0.0160};
        double[] tckdHard = {0.010, 0.012, 0.011};
        double[] tckdLs = {0.020, 0.018, 0.025};
        double[] nckdHard = {0.30, 0.35, 0.32};
        double[] nckdLs = {0.50, 0.41, 0.62};
        for (int s = 1; s <= 4; s++) {
            cells.add(teacher(0, s));
            cells.add(teacher(0.1, s));
            double[] ts = {1, 4};
            for (int k = 0; k < 2; k++) {
                // validation accuracy: T = 4 best for the hard teacher, T = 1 best for the LS teacher
                cells.add(student(null, 0, ts[k], s, hardKd[k][s - 1], k == 1 ? 0.99 : 0.98, Double.NaN, 0));
                cells.add(student(null, 0.1, ts[k], s, lsKd[k][s - 1], k == 0 ? 0.99 : 0.98, Double.NaN, 0));
            }
            if (s <= 3) {
                cells.add(student("dkd", 0, 4, s, hardDkd[s - 1], 0.97, tckdHard[s - 1], nckdHard[s - 1]));
                cells.add(student("dkd", 0.1, 4, s, lsDkd[s - 1], 0.97, tckdLs[s - 1], nckdLs[s - 1]));
            }
            if (s <= 2) { // two seeds only: no verdict
                cells.add(student("logit_std", 0, 2, s, 0.02, 0.97, Double.NaN, 0));
                cells.add(student("logit_std", 0.1, 2, s, 0.03, 0.97, Double.NaN, 0));
            }
        }
        // an LS seed without its hard partner does not enter the pairing
        cells.add(student("dkd", 0.1, 4, 9, 0.5, 0.97, 1, 1));
        cells.add(teacher(0.1, 9));
        List<Block> blocks = new LossesSection().content(ReportContext.of(cells));
        List<Block.Table> tables = blocks.stream().filter(b -> b instanceof Block.Table).map(b -> (Block.Table) b)
                .toList();
        assertThat(tables).hasSize(3);
        Block.Table verdicts = tables.get(0);
        Block.Table penalty = tables.get(1);
        Block.Table dkd = tables.get(2);
        assertThat(penalty.header()).isEqualTo(LossesSection.PENALTY_HEADER);

        double[][] pct = new double[2][];
        for (int k = 0; k < 2; k++) {
            double[] h = new double[4];
            double[] l = new double[4];
            for (int i = 0; i < 4; i++) {
                h[i] = 100 * hardKd[k][i];
                l[i] = 100 * lsKd[k][i];
            }
            pct[k] = reference(h, l);
        }
        // rows: kd T=1, kd T=4, dkd T=4, logit_std T=2 (registry order)
        assertThat(penalty.rows()).extracting(r -> r.get(0) + " T=" + r.get(1) + " α=" + r.get(2)).containsExactly(
                "kd (β = 0.6) T=1 α=0.1", "kd (β = 0.6) T=4 α=0.1", "dkd T=4 α=0.1",
                "logit_std T=2 α=0.1"); // its parameters are the defaults: not repeated
        List<String> kd1 = penalty.rows().get(0);
        assertThat(kd1.get(3)).isEqualTo("4");
        assertThat(kd1.get(6)).isEqualTo(pm(pct[0], 2));
        assertThat(kd1.get(8)).isEqualTo(pct[0][0] - pct[0][1] > 0 ? "yes" : "check the made-up data");
        List<String> kd4 = penalty.rows().get(1);
        assertThat(kd4.get(6)).isEqualTo(pm(pct[1], 2));
        assertThat(kd4.get(8)).isEqualTo("not decided"); // its CI contains 0
        double[] dk = reference(new double[] {2.00, 2.10, 1.90}, new double[] {1.80, 1.85, 1.60});
        List<String> d4 = penalty.rows().get(2);
        assertThat(d4.get(3)).isEqualTo("3");
        assertThat(d4.get(6)).isEqualTo(pm(dk, 2));
        assertThat(d4.get(8)).isEqualTo(dk[0] + dk[1] < 0 ? "no" : "check the made-up data");
        assertThat(penalty.rows().get(3).get(8)).isEqualTo("not decided (n < 3 seeds)");

        // per loss: each side at its best T by validation accuracy (hard T = 4, LS T = 1)
        assertThat(verdicts.rows().get(0).subList(0, 5)).containsExactly("kd (β = 0.6)", "0.1", "4", "1", "4");
        double[] h4 = new double[4];
        double[] l1 = new double[4];
        for (int i = 0; i < 4; i++) {
            h4[i] = 100 * hardKd[1][i];
            l1[i] = 100 * lsKd[0][i];
        }
        double[] best = reference(h4, l1);
        assertThat(verdicts.rows().get(0).get(5)).isEqualTo(pm(best, 2));
        assertThat(verdicts.rows().get(0).get(7)).isEqualTo("yes");
        assertThat(verdicts.rows().get(1).get(7)).isEqualTo("no");
        assertThat(verdicts.rows().get(2).get(7)).isEqualTo("not decided (n < 3 seeds)");

        // DKD's parts, paired
        assertThat(dkd.rows()).hasSize(1);
        List<String> row = dkd.rows().get(0);
        assertThat(row.get(3)).isEqualTo("3");
        assertThat(row.get(6)).isEqualTo(pm(reference(tckdHard, tckdLs), 4));
        assertThat(row.get(9)).isEqualTo(pm(reference(nckdHard, nckdLs), 4));
        assertThat(row.get(7)).isEqualTo(String.format(Locale.ROOT, "%.4f ± %.4f", 0.3233333333, T975.get(2)
                * 0.0251661148 / Math.sqrt(3)));
    }

    @Test
    void kdOnlyStudiesHaveNoLossesSectionAndTheirKdTablesIgnoreOtherLosses() {
        List<CellResult> cells = new ArrayList<>();
        for (int s = 1; s <= 3; s++) {
            cells.add(teacher(0, s));
            cells.add(teacher(0.1, s));
            cells.add(student(null, 0, 4, s, 0.01, 0.99, Double.NaN, 0));
            cells.add(student(null, 0.1, 4, s, 0.02, 0.99, Double.NaN, 0));
        }
        assertThat(new LossesSection().content(ReportContext.of(cells))).isEmpty();
        cells.add(student("dkd", 0, 4, 1, 0.5, 0.9, 0.1, 0.2));
        ReportContext withDkd = ReportContext.of(cells);
        assertThat(new LossesSection().content(withDkd)).isNotEmpty();
        // the paper's KD groups hold the kd students only
        assertThat(withDkd.datasets().get(0).distilled()).allSatisfy(g -> assertThat(g.cells())
                .allSatisfy(c -> assertThat(c.loss()).isEqualTo("kd")).hasSize(3));
    }

    @Test
    void theReportWritesTheLossTablesAsCsv(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cells"));
        for (int s = 1; s <= 3; s++) {
            for (CellResult c : List.of(teacher(0, s), teacher(0.1, s),
                    student("dkd", 0, 4, s, 0.02 + s / 1000.0, 0.97, 0.01, 0.3),
                    student("dkd", 0.1, 4, s, 0.03, 0.97, 0.02, 0.5 + s / 100.0))) {
                ObjectNode n = JSON.createObjectNode().put("id", c.id()).put("suite", c.suite()).put("kind", c.kind())
                        .put("family", c.family()).put("dataset", c.dataset()).put("seed", c.seed());
                n.set("params", c.params());
                n.set("metrics", c.metrics());
                Files.writeString(dir.resolve("cells").resolve(c.id() + ".json"), n.toPrettyString());
            }
        }
        ReportWriter.write(dir);
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(md).contains("Distillation losses: the LS-teacher penalty").contains("An LS teacher teaches worse");
        try (var files = Files.list(dir.resolve("tables"))) {
            List<String> csv = files.map(f -> f.getFileName().toString()).filter(f -> f.contains("distillation-losses"))
                    .sorted().toList();
            assertThat(csv).hasSize(3);
            String penalty = Files.readString(dir.resolve("tables").resolve(csv.get(1)));
            assertThat(penalty).contains("LS-teacher penalty").contains("dkd");
        }
    }
}

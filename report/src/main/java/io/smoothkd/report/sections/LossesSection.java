package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.model.Group;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.stats.MeanCi;
import io.smoothkd.report.stats.Paired;

import io.smoothkd.core.loss.DistillationLosses;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * Does a label-smoothed teacher teach worse under a distillation loss L? Per data set that has students distilled
 * with a loss other than Hinton's KD (the {@code modern-kd} suite): for every loss setting, temperature T and LS
 * teacher α, the <em>LS-teacher penalty</em>, the paired per-seed difference d_s = (test error of the student of the
 * LS teacher) − (test error of the student of the hard teacher), in percentage points, mean ± Student-t 95 % CI
 * ({@link Paired}); a verdict per loss and LS α on each side's best T by mean validation accuracy; and for
 * {@code dkd} the test-set TCKD and NCKD (the unweighted KL terms between the teacher and the final student, metrics
 * {@code test_tckd} and {@code test_nckd}) of the hard and the LS teacher's students, paired the same way.
 * Verdicts: "yes" when the CI of d lies above 0, "no" when below, else "not decided" (and
 * "not decided (n &lt; 3 seeds)").
 */
public final class LossesSection implements ReportSection {
    static final List<String> PENALTY_HEADER = List.of("Loss", "T", "LS teacher α", "Seeds (paired)",
            "Hard teacher's student: test error %", "LS teacher's student: test error %",
            "LS-teacher penalty d, points (mean ± 95 % CI)", "95 % CI of d", "LS teacher worse?");
    static final List<String> VERDICT_HEADER = List.of("Loss L", "LS teacher α", "Hard teacher's best T",
            "LS teacher's best T", "Seeds (paired)", "LS-teacher penalty d, points (mean ± 95 % CI)", "95 % CI of d",
            "An LS teacher teaches worse under L");
    static final List<String> DKD_HEADER = List.of("Loss", "T", "LS teacher α", "Seeds (paired)", "TCKD hard",
            "TCKD LS", "TCKD d = LS − hard (mean ± 95 % CI)", "NCKD hard", "NCKD LS",
            "NCKD d = LS − hard (mean ± 95 % CI)");

    @Override
    public String title() {
        return "Distillation losses: the LS-teacher penalty";
    }

    /** A loss with its parameters other than the temperature, as a row label: "kd (β = 0.6)", "dkd". */
    record Setting(String loss, String label) {
    }

    /** The students of one (loss setting, teacher α, T) over seeds. */
    record Key(String setting, double teacherAlpha, double distillationTemperature) {
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        for (DatasetResults r : context.datasets()) {
            List<CellResult> students = r.cells().stream().filter(c -> c.isDistilled()).toList();
            if (students.stream().allMatch(c -> c.loss().equals("kd"))) {
                continue; // the paper's studies: KD alone, in the sections above
            }
            blocks.addAll(dataset(context.label(r), r, students));
        }
        if (!blocks.isEmpty()) {
            blocks.add(0, new Block.Paragraph("The LS-teacher penalty of a loss L at temperature T is the paired"
                    + " per-seed difference d = (test error of the student distilled with L from the LS teacher) −"
                    + " (test error of the student distilled with L from the hard teacher), in percentage points; the"
                    + " two students of a seed share the data split and the initialisation. Mean ± Student-t 95 % CI"
                    + " over the seeds measured on both sides; \"yes\" when the whole CI lies above 0, \"no\" when it"
                    + " lies below, \"not decided\" when it contains 0, and no verdict below " + Paired.MIN_SEEDS
                    + " seeds. The verdict per loss compares each side at its best T by mean validation accuracy"
                    + " (never test)."));
        }
        return blocks;
    }

    private static List<Block> dataset(String label, DatasetResults r, List<CellResult> students) {
        Map<String, Double> teacherAlpha = new LinkedHashMap<>();
        r.cells().stream().filter(c -> c.isTeacher()).forEach(c -> teacherAlpha.put(c.id(),
                Double.isNaN(c.param("alpha")) ? (c.family().equals(CellResult.HARD) ? 0 : Double.NaN) : c.param("alpha")));
        // settings in the registry's order (kd first), then by label
        Map<String, Setting> settings = new LinkedHashMap<>();
        Map<Key, List<CellResult>> groups = new TreeMap<>(java.util.Comparator.comparing(Key::setting, LossesSection::compare)
                .thenComparingDouble(Key::teacherAlpha).thenComparingDouble(Key::distillationTemperature));
        for (CellResult c : students) {
            Setting s = setting(c);
            settings.putIfAbsent(s.label(), s);
            double alpha = c.param("teacher_alpha");
            if (Double.isNaN(alpha)) {
                alpha = teacherAlpha.getOrDefault(c.textParam("teacher"), Double.NaN);
            }
            groups.computeIfAbsent(new Key(s.label(), alpha, c.param("temperature")), k -> new ArrayList<>()).add(c);
        }
        TreeSet<String> sorted = new TreeSet<>(LossesSection::compare);
        groups.keySet().forEach(k -> sorted.add(k.setting()));
        List<String> order = List.copyOf(sorted);
        List<List<String>> penalty = new ArrayList<>();
        List<List<String>> verdicts = new ArrayList<>();
        List<List<String>> dkd = new ArrayList<>();
        for (String s : order) {
            List<Double> lsAlphas = groups.keySet().stream().filter(k -> k.setting().equals(s)
                    && k.teacherAlpha() > 0).map(Key::teacherAlpha).distinct().sorted().toList();
            List<Double> ts = groups.keySet().stream().filter(k -> k.setting().equals(s)).map(Key::distillationTemperature)
                    .distinct().sorted().toList();
            for (double t : ts) {
                List<CellResult> hard = groups.getOrDefault(new Key(s, 0, t), List.of());
                for (double a : lsAlphas) {
                    List<CellResult> ls = groups.get(new Key(s, a, t));
                    if (ls == null) {
                        continue;
                    }
                    Paired p = paired(hard, ls, CellResult::testErrorPercent);
                    penalty.add(List.of(s, ReportNumbers.plain(t), ReportNumbers.plain(a), String.valueOf(p.n()),
                            ReportNumbers.meanCi(MeanCi.of(hard.stream().map(CellResult::testErrorPercent).toList()), 1, 2),
                            ReportNumbers.meanCi(MeanCi.of(ls.stream().map(CellResult::testErrorPercent).toList()), 1, 2),
                            meanCi(p), ci(p), p.verdict(Paired.Side.POSITIVE)));
                    if (settings.get(s).loss().equals("dkd")) {
                        Paired tc = paired(hard, ls, c -> c.metric("test_tckd"));
                        Paired nc = paired(hard, ls, c -> c.metric("test_nckd"));
                        dkd.add(List.of(s, ReportNumbers.plain(t), ReportNumbers.plain(a), String.valueOf(
                                Math.min(tc.n(), nc.n())), mean(hard, "test_tckd"), mean(ls, "test_tckd"), meanCi(tc, 4),
                                mean(hard, "test_nckd"), mean(ls, "test_nckd"), meanCi(nc, 4)));
                    }
                }
            }
            for (double a : lsAlphas) {
                Optional<Group> hardBest = best(groups, s, 0);
                Optional<Group> lsBest = best(groups, s, a);
                if (hardBest.isEmpty() || lsBest.isEmpty()) {
                    verdicts.add(List.of(s, ReportNumbers.plain(a), hardBest.map(g -> ReportNumbers.plain(
                                    g.distillationTemperature())).orElse(ReportNumbers.MISSING),
                            lsBest.map(g -> ReportNumbers.plain(g.distillationTemperature())).orElse(ReportNumbers.MISSING), "0",
                            ReportNumbers.MISSING, ReportNumbers.MISSING, "not decided (no validation accuracy on"
                                    + " one side)"));
                    continue;
                }
                Paired p = Paired.of(hardBest.get(), lsBest.get(), CellResult::testErrorPercent);
                verdicts.add(List.of(s, ReportNumbers.plain(a), ReportNumbers.plain(hardBest.get().distillationTemperature()),
                        ReportNumbers.plain(lsBest.get().distillationTemperature()), String.valueOf(p.n()), meanCi(p), ci(p),
                        p.verdict(Paired.Side.POSITIVE)));
            }
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(3, label + ": distillation losses"));
        blocks.add(new Block.Paragraph("Verdict per loss: does an LS teacher teach worse under L (each side at its"
                + " best T by validation accuracy)?"));
        blocks.add(new Block.Table(VERDICT_HEADER, verdicts));
        blocks.add(new Block.Paragraph("The LS-teacher penalty per loss and temperature."));
        blocks.add(new Block.Table(PENALTY_HEADER, penalty));
        if (!dkd.isEmpty()) {
            blocks.add(new Block.Paragraph("DKD's two parts (Zhao et al. 2022) between each teacher and its final"
                    + " student on the test set: TCKD, the KL of the binary (target, rest) split, and NCKD, the KL"
                    + " among the non-target classes (the \"dark knowledge\", which label smoothing flattens), both"
                    + " unweighted (no T², alpha, beta), means over the test set, then over seeds; d is paired by"
                    + " seed."));
            blocks.add(new Block.Table(DKD_HEADER, dkd));
        }
        return blocks;
    }

    /** The loss of a distilled cell; cells written before there were several losses are kd. */
    /**
     * A cell's loss setting: the loss and its parameters other than the temperature that differ from the loss's
     * defaults (kd: always β, and ×T² when on), e.g. {@code kd (β = 0.6)}, {@code dkd}, {@code dkd (beta = 2)}.
     */
    static Setting setting(CellResult c) {
        String loss = c.loss();
        if (loss.equals("kd")) {
            double beta = c.param("beta");
            boolean t2 = c.flag("t_squared");
            if (Double.isNaN(beta)) {
                beta = c.params().path("loss_params").path("beta").asDouble(Double.NaN);
                t2 = c.params().path("loss_params").path("t_squared").asDouble(0) == 1.0;
            }
            return new Setting(loss, "kd (β = " + ReportNumbers.plain(beta) + (t2 ? ", ×T²" : "") + ")");
        }
        Map<String, Double> defaults;
        try {
            defaults = DistillationLosses.defaults(loss);
        } catch (IllegalArgumentException e) {
            defaults = Map.of(); // a loss this build does not know: every parameter is shown
        }
        List<String> shown = new ArrayList<>();
        for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = c.params().path("loss_params")
                .fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> e = it.next();
            if (!e.getKey().equals("temperature") && e.getValue().isNumber()
                    && !Double.valueOf(e.getValue().asDouble()).equals(defaults.get(e.getKey()))) {
                shown.add(e.getKey() + " = " + ReportNumbers.plain(e.getValue().asDouble()));
            }
        }
        return new Setting(loss, shown.isEmpty() ? loss : loss + " (" + String.join(", ", shown) + ")");
    }

    /** Settings in the registry's order of their loss (kd first; unknown losses last), then by label. */
    private static int compare(String a, String b) {
        int c = Integer.compare(rank(a), rank(b));
        return c != 0 ? c : a.compareTo(b);
    }

    private static int rank(String label) {
        String loss = label.split(" ", 2)[0];
        int i = DistillationLosses.names().indexOf(loss);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static Optional<Group> best(Map<Key, List<CellResult>> groups, String setting, double alpha) {
        List<Group> candidates = new ArrayList<>();
        groups.forEach((k, cells) -> {
            if (k.setting().equals(setting) && k.teacherAlpha() == alpha) {
                candidates.add(new Group(setting + " T = " + ReportNumbers.plain(k.distillationTemperature()), setting, alpha,
                        k.distillationTemperature(), cells));
            }
        });
        return DatasetResults.best(candidates);
    }

    private static Paired paired(List<CellResult> a, List<CellResult> b, ToDoubleFunction<CellResult> value) {
        return Paired.of(new Group("", "", 0, Double.NaN, a), new Group("", "", 0, Double.NaN, b), value);
    }

    private static String meanCi(Paired p) {
        return meanCi(p, 2);
    }

    private static String meanCi(Paired p, int digits) {
        return p.n() == 0 ? ReportNumbers.MISSING : ReportNumbers.meanCi(p.difference(), 1, digits);
    }

    private static String ci(Paired p) {
        MeanCi d = p.difference();
        return p.n() < 2 ? ReportNumbers.MISSING : ReportNumbers.fixed(d.lower(), 2) + " … "
                + ReportNumbers.fixed(d.upper(), 2);
    }

    private static String mean(List<CellResult> cells, String metric) {
        return ReportNumbers.meanCi(MeanCi.of(cells.stream().map(c -> c.metric(metric)).toList()), 1, 4);
    }
}

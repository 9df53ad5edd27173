package io.smoothkd.experiments.report;

import java.util.List;
import java.util.Optional;

/**
 * The five claims of the paper (shared/PAPER.md) as {@link ClaimRule}s. Every verdict is computed from the
 * cells; with one seed per configuration a verdict is suffixed "(one seed: indicative only)". The LS teacher
 * used by claims 1 and 2 is the one with the best mean validation accuracy.
 */
public final class PaperClaims {
    /** Claim 2b tolerance: |ECE(LS) − ECE(hard + TS)| at most this counts as "about as much". */
    public static final double ECE_TOLERANCE = 0.01;
    static final String ONE_SEED = " (one seed: indicative only)";

    private PaperClaims() {
    }

    /** Claims 1, 2a–c, 3, 4, 5 and the translation claim 6, in order. */
    public static List<ClaimRule> defaults() {
        return List.of(accuracy(), calibrationImproves(), calibrationLikeTs(), tsOnLsHurts(), clusters(), worseTeacher(),
                information(), beamSearch());
    }

    static ClaimRule beamSearch() {
        return new ClaimRule("6. LS improves beam-search quality; TS on top of LS hurts",
                "WMT EN→DE Transformer: LS (α = 0.1) gives better BLEU with beam search; temperature scaling the LS"
                        + " model makes BLEU (and ECE) worse; the public re-implementation could not reproduce the BLEU gain",
                "translation cells: BLEU averaged over beam widths > 1 (mean over seeds) of LS > of hard → \"LS improves\";"
                        + " of LS + TS < of LS → \"TS on LS hurts\"; both → yes, one → partly, neither → no;"
                        + " with several seeds, LS vs hard CIs overlapping at every beam → not significant",
                (ctx, ignored) -> {
                    List<TranslationSection.Setting> settings = TranslationSection.settings(ctx);
                    Optional<TranslationSection.Setting> hard = TranslationSection.hard(settings, false);
                    Optional<TranslationSection.Setting> ls = TranslationSection.ls(settings, false);
                    Optional<TranslationSection.Setting> lsTs = TranslationSection.ls(settings, true);
                    if (hard.isEmpty() || ls.isEmpty() || lsTs.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("needs hard and LS translation cells");
                    }
                    List<Integer> beams = TranslationSection.beams(settings);
                    double h = TranslationSection.beamBleu(hard.get(), beams);
                    double l = TranslationSection.beamBleu(ls.get(), beams);
                    double lt = TranslationSection.beamBleu(lsTs.get(), beams);
                    boolean lsImproves = l > h;
                    boolean tsHurts = lt < l;
                    String verdict = lsImproves && tsHurts ? "yes" : lsImproves || tsHurts
                            ? "partly (" + (lsImproves ? "LS improves; TS on LS does not hurt" : "LS does not improve;"
                            + " TS on LS hurts") + ")" : "no";
                    int seeds = hard.get().cells().size();
                    if (lsImproves && seeds > 1 && ls.get().cells().size() > 1) {
                        boolean apart = beams.stream().filter(b -> b > 1).anyMatch(b ->
                                !hard.get().decoding(b, "bleu").overlaps(ls.get().decoding(b, "bleu")));
                        if (!apart) {
                            verdict = verdict + "; LS vs hard not significant";
                        }
                    }
                    String measured = "BLEU over beams > 1: hard " + ReportNumbers.fixed(h, 2) + ", LS α = "
                            + ReportNumbers.plain(ls.get().alpha()) + " " + ReportNumbers.fixed(l, 2) + ", LS + TS (T = "
                            + ReportNumbers.fixed(lsTs.get().metric("temperature").mean(), 3) + ") "
                            + ReportNumbers.fixed(lt, 2);
                    return new ClaimRule.Verdict(measured, seeds == 1 ? verdict + ONE_SEED : verdict);
                }, true);
    }

    static ClaimRule accuracy() {
        return new ClaimRule("1. LS keeps or improves accuracy",
                "MNIST teacher test error 0.67 % → 0.59 % with α = 0.1; CIFAR/ImageNet top-1 unchanged or better",
                "LS teacher test error ≤ hard teacher test error + max(CI half-widths) → yes, else no",
                (ctx, r) -> {
                    Optional<Group> ls = r.selectedLsTeacher();
                    Summary hard = r.hardTeachers().testErrorPercent();
                    if (hard.isEmpty() || ls.isEmpty() || ls.get().testErrorPercent().isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("needs hard and LS teachers with test error and validation accuracy");
                    }
                    Summary smooth = ls.get().testErrorPercent();
                    boolean yes = smooth.mean() <= hard.mean() + Math.max(hard.halfWidth(), smooth.halfWidth());
                    return new ClaimRule.Verdict("test error: hard " + err(hard) + ", LS α = " + ReportNumbers.plain(ls.get().alpha())
                            + " " + err(smooth), qualify(yes ? "yes" : "no", hard, smooth));
                });
    }

    static ClaimRule calibrationImproves() {
        return new ClaimRule("2a. LS improves calibration",
                "ECE 0.150 → 0.024 (CIFAR-100), 0.071 → 0.035 (ImageNet)",
                "mean ECE(LS teacher) < mean ECE(hard teacher) → yes, else no",
                (ctx, r) -> eceComparison(r, (hard, ls) -> {
                    Summary a = hard.metric("test_ece");
                    Summary b = ls.metric("test_ece");
                    if (a.isEmpty() || b.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no test ECE");
                    }
                    return new ClaimRule.Verdict("ECE: hard " + ece(a) + ", LS α = " + ReportNumbers.plain(ls.alpha()) + " " + ece(b),
                            qualify(b.mean() < a.mean() ? "yes" : "no", a, b));
                }));
    }

    static ClaimRule calibrationLikeTs() {
        return new ClaimRule("2b. LS calibrates about as well as temperature scaling",
                "ECE with LS 0.024 vs TS 0.021 (CIFAR-100); 0.035 vs 0.022 (ImageNet)",
                "|mean ECE(LS) − mean ECE(hard + TS)| ≤ " + ReportNumbers.plain(ECE_TOLERANCE) + " → yes, else no",
                (ctx, r) -> eceComparison(r, (hard, ls) -> {
                    Summary ts = hard.metric("test_ece_after_scaling");
                    Summary b = ls.metric("test_ece");
                    if (ts.isEmpty() || b.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no ECE after temperature scaling");
                    }
                    double gap = Math.abs(b.mean() - ts.mean());
                    return new ClaimRule.Verdict("ECE: LS α = " + ReportNumbers.plain(ls.alpha()) + " " + ece(b) + ", hard + TS "
                            + ece(ts) + ", difference " + ReportNumbers.fixed(gap, 4),
                            qualify(gap <= ECE_TOLERANCE ? "yes" : "no", ts, b));
                }));
    }

    static ClaimRule tsOnLsHurts() {
        return new ClaimRule("2c. Temperature scaling on top of LS hurts calibration",
                "temperature scaling an LS-trained model makes its calibration worse",
                "mean ECE(LS + TS) ≥ mean ECE(LS) → yes (TS on LS hurts or does nothing), else no",
                (ctx, r) -> eceComparison(r, (hard, ls) -> {
                    Summary before = ls.metric("test_ece");
                    Summary after = ls.metric("test_ece_after_scaling");
                    if (before.isEmpty() || after.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no ECE after temperature scaling of the LS teacher");
                    }
                    return new ClaimRule.Verdict("ECE of LS α = " + ReportNumbers.plain(ls.alpha()) + ": " + ece(before)
                            + " → with TS " + ece(after) + " (T = " + ReportNumbers.fixed(ls.metric("temperature").mean(), 3) + ")",
                            qualify(after.mean() >= before.mean() ? "yes" : "no", before, after));
                }));
    }

    static ClaimRule worseTeacher() {
        return new ClaimRule("4. An LS teacher is a worse teacher for distillation",
                "MNIST students: 0.74 % from the hard teacher vs 0.91 % from the LS teacher (re-impl. 0.93 % vs 1.05 %)",
                "best student (T and α chosen on validation) of LS teachers has higher test error than best student of "
                        + "the hard teacher: CIs not overlapping → yes, overlapping → not significant; lower or equal → no",
                (ctx, r) -> {
                    Optional<Group> fromHard = r.bestDistilledFromHard();
                    Optional<Group> fromLs = r.bestDistilledFromLs();
                    if (fromHard.isEmpty() || fromLs.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("needs students distilled from hard and LS teachers");
                    }
                    Summary a = fromHard.get().testErrorPercent();
                    Summary b = fromLs.get().testErrorPercent();
                    if (a.isEmpty() || b.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no student test error");
                    }
                    String verdict = b.mean() <= a.mean() ? "no" : a.overlaps(b) ? "not significant" : "yes";
                    StringBuilder measured = new StringBuilder("student test error: from hard teacher (T = ")
                            .append(ReportNumbers.plain(fromHard.get().temperature())).append(") ").append(err(a))
                            .append(", from LS teacher (α = ").append(ReportNumbers.plain(fromLs.get().alpha())).append(", T = ")
                            .append(ReportNumbers.plain(fromLs.get().temperature())).append(") ").append(err(b));
                    Summary hardTeacher = r.hardTeachers().testErrorPercent();
                    Optional<Group> lsTeacher = r.lsTeachers().stream().filter(g -> g.alpha() == fromLs.get().alpha()).findFirst();
                    if (!hardTeacher.isEmpty() && lsTeacher.isPresent() && !lsTeacher.get().testErrorPercent().isEmpty()) {
                        boolean lsMoreAccurate = lsTeacher.get().testErrorPercent().mean() < hardTeacher.mean();
                        measured.append("; the LS teacher is ").append(lsMoreAccurate ? "the more" : "not the more")
                                .append(" accurate teacher");
                    }
                    return new ClaimRule.Verdict(measured.toString(), qualify(verdict, a, b));
                });
    }

    static ClaimRule clusters() {
        return new ClaimRule("3. LS collapses penultimate-layer activations into tight, equidistant clusters",
                "2-D projections onto the plane through three class templates: tight equidistant clusters with LS",
                "cluster tightness (within-class spread / between-class distance, full penultimate space, validation"
                        + " examples) lower for the LS teacher than for the hard teacher in every projected class"
                        + " triple → yes; in none → no; else mixed",
                (ctx, r) -> {
                    Optional<Group> ls = r.selectedLsTeacher();
                    Group hard = r.hardTeachers();
                    if (ls.isEmpty() || hard.isEmpty() || TeacherMeasurements.firstWith(hard,
                            TeacherMeasurements::analysis).isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no projection measurements of hard and LS teachers");
                    }
                    int triples = TeacherMeasurements.firstWith(hard, TeacherMeasurements::analysis).get().metrics()
                            .path("analysis").path("projections").size();
                    int tighter = 0;
                    StringBuilder measured = new StringBuilder("tightness hard → LS:");
                    Summary any = Summary.of(List.of());
                    for (int t = 0; t < triples; t++) {
                        int tt = t;
                        Summary h = TeacherMeasurements.over(hard, m -> m.path("analysis").path("projections").path(tt)
                                .path("validation").path("tightness_penultimate"));
                        Summary l = TeacherMeasurements.over(ls.get(), m -> m.path("analysis").path("projections")
                                .path(tt).path("validation").path("tightness_penultimate"));
                        any = h;
                        measured.append(' ').append(ReportNumbers.fixed(h.mean(), 3)).append(" → ")
                                .append(ReportNumbers.fixed(l.mean(), 3)).append(t < triples - 1 ? ";" : "");
                        tighter += l.mean() < h.mean() ? 1 : 0;
                    }
                    String verdict = tighter == triples ? "yes" : tighter == 0 ? "no" : "mixed";
                    return new ClaimRule.Verdict(measured.toString(), qualify(verdict, any));
                });
    }

    static ClaimRule information() {
        return new ClaimRule("5. LS erases information in the logits",
                "mutual information between input and a logit difference ends far lower with LS (near log 2)",
                "final Î(X; z_a − z_b) of the LS teacher < that of the hard teacher: with several seeds, CIs apart → yes,"
                        + " overlapping → not significant; higher → no",
                (ctx, r) -> {
                    Optional<Group> ls = r.selectedLsTeacher();
                    Group hard = r.hardTeachers();
                    if (ls.isEmpty() || hard.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no hard and LS teachers");
                    }
                    Summary h = MutualInformationSection.finalMi(hard);
                    Summary l = MutualInformationSection.finalMi(ls.get());
                    if (h.isEmpty() || l.isEmpty()) {
                        return ClaimRule.Verdict.notMeasured("no mutual-information measurements");
                    }
                    boolean several = h.n() > 1 && l.n() > 1;
                    String verdict = l.mean() >= h.mean() ? "no" : several && h.overlaps(l) ? "not significant" : "yes";
                    return new ClaimRule.Verdict("final Î: hard " + ReportNumbers.meanCi(h, 1, 3) + ", LS α = "
                            + ReportNumbers.plain(ls.get().alpha()) + " " + ReportNumbers.meanCi(l, 1, 3)
                            + " nats (ln 2 = 0.693)", qualify(verdict, h, l));
                });
    }

    private interface TeacherPair {
        ClaimRule.Verdict apply(Group hard, Group ls);
    }

    private static ClaimRule.Verdict eceComparison(DatasetResults r, TeacherPair rule) {
        Optional<Group> ls = r.selectedLsTeacher();
        if (r.hardTeachers().isEmpty() || ls.isEmpty()) {
            return ClaimRule.Verdict.notMeasured("needs hard and LS teachers");
        }
        return rule.apply(r.hardTeachers(), ls.get());
    }

    /** Appends the one-seed note when any summary used has a single value. */
    static String qualify(String verdict, Summary... used) {
        for (Summary s : used) {
            if (s.n() == 1) {
                return verdict + ONE_SEED;
            }
        }
        return verdict;
    }

    private static String err(Summary s) {
        return ReportNumbers.meanCi(s, 1, 2) + " %";
    }

    private static String ece(Summary s) {
        return ReportNumbers.meanCi(s, 1, 4);
    }
}

package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.stats.ClaimRule;
import io.smoothkd.report.stats.Paired;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The per-seed values behind every claim's paired verdict: seed, reference side, compared side, difference. */
public final class PerSeedSection implements ReportSection {
    /** The section's heading (the summary links to it). */
    public static final String TITLE = "Per-seed values";
    private final List<ClaimRule> rules;

    /** The per-seed values of these rules' verdicts. */
    public PerSeedSection(List<ClaimRule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public String title() {
        return TITLE;
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<List<String>> rows = new ArrayList<>();
        for (ClaimRule rule : rules) {
            if (rule.studyWide()) {
                add(rows, rule, "all", rule.evaluate().apply(context, null));
            } else {
                for (DatasetResults r : context.datasets()) {
                    add(rows, rule, context.label(r), rule.evaluate().apply(context, r));
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        return List.of(new Block.Paragraph("One row per claim, data set, compared quantity and seed: the value of the"
                        + " reference side (before the arrow), of the compared side (after it), and their difference d"
                        + " (compared − reference), whose mean and CI the verdict uses."),
                new Block.Table(List.of("Claim", "Data set", "Quantity", "Seed", "Reference", "Compared", "d"), rows));
    }

    private static void add(List<List<String>> rows, ClaimRule rule, String dataset, ClaimRule.Verdict v) {
        String claim = rule.claim().contains(".") ? rule.claim().substring(0, rule.claim().indexOf('.')) : rule.claim();
        for (Map.Entry<String, Paired> e : v.evidence().entrySet()) {
            Paired p = e.getValue();
            for (int i = 0; i < p.n(); i++) {
                double a = p.a().get(i);
                double b = p.b().get(i);
                rows.add(List.of(claim, dataset, e.getKey(), String.valueOf(p.seeds().get(i)), number(a), number(b),
                        number(b - a)));
            }
        }
    }

    /** Six significant digits: enough to recompute every mean and CI of the report. */
    private static String number(double v) {
        if (!Double.isFinite(v)) {
            return ReportNumbers.MISSING;
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
    }
}

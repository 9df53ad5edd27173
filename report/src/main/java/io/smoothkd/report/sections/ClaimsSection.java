package io.smoothkd.report.sections;

import io.smoothkd.report.render.ReportNumbers;
import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.stats.ClaimRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The "paper claim → reproduced?" table: one row per {@link ClaimRule}, with the paper's statement, the rule,
 * and for each (suite, data set) the measured numbers and the computed verdict (a study-wide rule, such as the
 * translation claim, shows its one verdict in the first column only).
 */
public final class ClaimsSection implements ReportSection {
    private final List<ClaimRule> rules;

    /** The table for these rules, in this order. */
    public ClaimsSection(List<ClaimRule> rules) {
        this.rules = List.copyOf(rules);
    }

    @Override
    public String title() {
        return "Paper claim → reproduced?";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<String> header = new ArrayList<>(List.of("Claim", "Paper", "Rule"));
        for (DatasetResults r : context.datasets()) {
            String label = context.label(r);
            header.add(label + ": measured");
            header.add(label + ": verdict");
        }
        if (context.datasets().isEmpty()) {
            header.add("Measured");
            header.add("Verdict");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ClaimRule rule : rules) {
            List<String> row = new ArrayList<>(List.of(rule.claim(), rule.paper(), rule.rule()));
            ClaimRule.Verdict wide = rule.studyWide() ? rule.evaluate().apply(context, null) : null;
            if (context.datasets().isEmpty()) {
                row.add(wide != null ? wide.measured() : ReportNumbers.MISSING);
                row.add(wide != null ? wide.verdict() : "not measured (no teacher or student cells)");
            }
            boolean first = true;
            for (DatasetResults r : context.datasets()) {
                if (wide != null && !first) { // a study-wide claim (translation) is stated once, in the first column
                    row.add(ReportNumbers.MISSING);
                    row.add("(study-wide: see the first column)");
                    continue;
                }
                first = false;
                ClaimRule.Verdict v = wide != null ? wide : rule.evaluate().apply(context, r);
                row.add(v.measured());
                row.add(v.verdict());
            }
            rows.add(row);
        }
        return List.of(
                new Block.Paragraph("Each verdict is computed from the cells by the rule printed next to it; nothing here is "
                        + "typed in by hand. Test-set numbers, mean ± 95 % CI over seeds; verdicts rest on the paired "
                        + "per-seed differences (hard and LS runs of one seed share data split and initialisation); "
                        + "choices among runs use validation accuracy only. The paper's numbers come from its own (mostly CIFAR/ImageNet) experiments and are "
                        + "context, not thresholds."),
                new Block.Table(header, rows));
    }
}

package io.smoothkd.report.sections;

import io.smoothkd.report.ReportContext;
import io.smoothkd.report.ReportSection;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.stats.ClaimRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's opening: for a {@code --quick} study a plain warning that it is a smoke test, then one row per claim
 * with its verdict on each data set, linking to the claims table (numbers, rules) and the per-seed values.
 */
public final class SummarySection implements ReportSection {
    private final List<ClaimRule> rules;
    private final String detailsTitle;

    /** A summary of these rules; {@code detailsTitle} is the heading of the section with the full claims table. */
    public SummarySection(List<ClaimRule> rules, String detailsTitle) {
        this.rules = List.copyOf(rules);
        this.detailsTitle = detailsTitle;
    }

    @Override
    public String title() {
        return "Summary";
    }

    @Override
    public List<Block> content(ReportContext context) {
        List<Block> out = new ArrayList<>();
        if (context.quick()) {
            out.add(new Block.Paragraph("Smoke test: this study ran with --quick (small training subsets, few epochs,"
                    + " short grids; see Provenance). It checks that every part of the pipeline runs; its numbers and"
                    + " verdicts mean nothing about the paper's claims."));
        }
        if (context.cells().isEmpty()) {
            return out;
        }
        List<String> header = new ArrayList<>(List.of("Claim"));
        for (DatasetResults r : context.datasets()) {
            header.add(context.label(r));
        }
        boolean onlyStudyWide = context.datasets().isEmpty();
        if (onlyStudyWide) {
            header.add("Verdict");
        }
        List<List<String>> rows = new ArrayList<>();
        for (ClaimRule rule : rules) {
            List<String> row = new ArrayList<>(List.of(rule.claim()));
            if (rule.studyWide()) {
                String v = rule.evaluate().apply(context, null).verdict();
                for (int i = 0; i < Math.max(1, context.datasets().size()); i++) {
                    row.add(i == 0 ? v : "(study-wide: see the first column)");
                }
            } else if (onlyStudyWide) {
                row.add("not measured (no teacher or student cells)");
            } else {
                for (DatasetResults r : context.datasets()) {
                    row.add(rule.evaluate().apply(context, r).verdict());
                }
            }
            rows.add(row);
        }
        out.add(new Block.Paragraph("Each verdict comes from the paired per-seed differences between the hard and the"
                + " LS runs of a seed (95 % Student-t CI; fewer than 3 seeds: not decided), by the rule printed beside"
                + " it in the claims table."));
        out.add(new Block.Table(header, rows));
        out.add(new Block.Link("Numbers and rules: " + detailsTitle, "#" + Block.anchor(detailsTitle)));
        out.add(new Block.Link("Per-seed values", "#" + Block.anchor(PerSeedSection.TITLE)));
        return out;
    }
}

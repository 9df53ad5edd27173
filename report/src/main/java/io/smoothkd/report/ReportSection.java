package io.smoothkd.report;

import io.smoothkd.report.render.Block;

import java.util.List;

/**
 * One section of the report. A later suite adds its results by implementing this and passing it to
 * {@link ReportWriter#ReportWriter(List)} (e.g. after {@link ReportWriter#defaultSections()}).
 * Plots are {@link Block.Figure}s among the blocks: the writer saves them under {@code plots/} and embeds
 * them in the HTML. Output must depend on the context only (no clock, no hash order).
 */
public interface ReportSection {

    /** The section heading (level 2). */
    String title();

    /**
     * The section's body, headings of level 3 and below, tables, paragraphs and figures.
     * An empty list leaves the section (and its heading) out of the report.
     */
    List<Block> content(ReportContext context);
}

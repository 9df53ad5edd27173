/**
 * The results report: reads {@code cells/*.json} of a results folder and writes {@code report.md},
 * {@code report.html} (showing the PNGs under {@code plots/}), its plots ({@code plots/}, PNG and SVG) and every table as CSV
 * ({@code tables/}).
 *
 * <p>Entry point: {@link io.smoothkd.report.ReportWriter#write(java.nio.file.Path)}. A report is a list of
 * {@link io.smoothkd.report.ReportSection}s, each producing {@link io.smoothkd.report.render.Block}s (headings,
 * paragraphs, tables, figures); the same blocks are rendered to Markdown and HTML, so both files always say the same
 * thing. Output is deterministic: cells are read in file-name order, numbers are formatted with
 * {@link java.util.Locale#ROOT}, and the report carries no timestamps, so rebuilding from the same cells gives
 * byte-identical files.
 *
 * <p>Sub-packages: {@code model} (the cell schema, {@link io.smoothkd.report.model.CellResult}, shared with the
 * writer of cell files, and the cells grouped per data set), {@code stats} (Student-t intervals, paired differences,
 * verdict rules), {@code render} (blocks, Markdown and HTML, plots, number formatting) and {@code sections} (one
 * class per part of the report, and the paper's claims).
 */
package io.smoothkd.report;

package io.smoothkd.experiments.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the report of a results folder: reads only {@code cells/*.json}; writes {@code report.md},
 * {@code report.html} (self-contained, images as data URIs) and {@code plots/*.png}, each atomically
 * (temp file + rename). Rebuilding from the same cells gives byte-identical files; PNGs in {@code plots/}
 * that the new report does not produce are removed.
 */
public final class ReportWriter {
    /** The report's title (level-1 heading). */
    public static final String TITLE = "SmoothKD: when does label smoothing help? Results";

    private final List<ReportSection> sections;

    /** A writer with these sections, in this order (see {@link #defaultSections()}). */
    public ReportWriter(List<ReportSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /** Overview, teachers and students, calibration, training curves, translation, claims. */
    public static List<ReportSection> defaultSections() {
        return List.of(new OverviewSection(), new DistillationSection(), new CalibrationSection(),
                new RepresentationSection(), new MutualInformationSection(), new TrainingCurvesSection(),
                new TranslationSection(), new ClaimsSection(PaperClaims.defaults()));
    }

    /**
     * Writes the default report of {@code resultsDir}.
     *
     * @return the path of {@code report.md}
     * @throws IllegalArgumentException when there is no cells folder or a cell file is malformed (the message names it)
     * @throws IOException              when reading or writing fails
     */
    public static Path write(Path resultsDir) throws IOException {
        return new ReportWriter(defaultSections()).writeReport(resultsDir);
    }

    /** Writes this writer's report of {@code resultsDir}; returns the path of {@code report.md}. */
    public Path writeReport(Path resultsDir) throws IOException {
        List<Block> blocks = blocks(ReportContext.of(CellLoader.load(resultsDir)));
        TreeMap<String, Plot> plots = new TreeMap<>();
        for (Block b : blocks) {
            if (b instanceof Block.Figure f && plots.put(f.plot().fileName(), f.plot()) != null) {
                throw new IllegalStateException("two plots named " + f.plot().fileName());
            }
        }
        Path plotDir = resultsDir.resolve("plots");
        Files.createDirectories(plotDir);
        for (Plot p : plots.values()) {
            AtomicFiles.write(plotDir.resolve(p.fileName()), p.png());
        }
        removeStalePlots(plotDir, plots.keySet());
        Path md = resultsDir.resolve("report.md");
        AtomicFiles.write(md, MarkdownRenderer.render(blocks).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(resultsDir.resolve("report.html"), HtmlRenderer.render(blocks).getBytes(StandardCharsets.UTF_8));
        return md;
    }

    /** The report as blocks: the title, then each non-empty section under its heading. */
    List<Block> blocks(ReportContext context) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(1, TITLE));
        for (ReportSection section : sections) {
            List<Block> content = section.content(context);
            if (!content.isEmpty()) {
                blocks.add(new Block.Heading(2, section.title()));
                blocks.addAll(content);
            }
        }
        return blocks;
    }

    private static void removeStalePlots(Path plotDir, Set<String> keep) throws IOException {
        List<Path> stale;
        try (Stream<Path> files = Files.list(plotDir)) {
            stale = files.filter(p -> p.getFileName().toString().endsWith(".png"))
                    .filter(p -> !keep.contains(p.getFileName().toString())).sorted().toList();
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }
}

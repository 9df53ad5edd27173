package io.smoothkd.report;

import io.smoothkd.report.model.CellLoader;
import io.smoothkd.report.render.Block;
import io.smoothkd.report.render.HtmlRenderer;
import io.smoothkd.report.render.MarkdownRenderer;
import io.smoothkd.report.render.Plot;
import io.smoothkd.report.sections.CalibrationSection;
import io.smoothkd.report.sections.ClaimsSection;
import io.smoothkd.report.sections.DistillationSection;
import io.smoothkd.report.sections.LossesSection;
import io.smoothkd.report.sections.MutualInformationSection;
import io.smoothkd.report.sections.OverviewSection;
import io.smoothkd.report.sections.PaperClaims;
import io.smoothkd.report.sections.PerSeedSection;
import io.smoothkd.report.sections.ProvenanceSection;
import io.smoothkd.report.sections.RepresentationSection;
import io.smoothkd.report.sections.SummarySection;
import io.smoothkd.report.sections.TrainingCurvesSection;
import io.smoothkd.report.sections.TranslationSection;
import io.smoothkd.report.stats.ClaimRule;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smoothkd.core.data.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds the report of a results folder: reads only {@code cells/*.json} (and {@code study.json}, for how the study
 * was run); writes {@code report.md}, {@code report.html} (its images the PNGs under plots/), {@code plots/*.png} and
 * {@code *.svg}, and every table as {@code tables/*.csv}, each atomically (temp file + rename). The report opens
 * with a summary of the verdicts and a table of contents, and ends with the per-seed values and the provenance.
 * Rebuilding from the same folder gives byte-identical files; plots and tables the new report does not produce are
 * removed.
 */
public final class ReportWriter {
    /** The report's title (level-1 heading). */
    public static final String TITLE = "SmoothKD: when does label smoothing help? Results";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<ReportSection> sections;

    /** A writer with these sections, in this order (see {@link #defaultSections()}). */
    public ReportWriter(List<ReportSection> sections) {
        this.sections = List.copyOf(sections);
    }

    /**
     * MeanCi, overview, teachers and students, distillation losses (where a study has other losses than kd),
     * calibration, representation, mutual information, training curves,
     * translation, the claims table, per-seed values, provenance.
     */
    public static List<ReportSection> defaultSections() {
        List<ClaimRule> claims = PaperClaims.defaults();
        ClaimsSection details = new ClaimsSection(claims);
        return List.of(new SummarySection(claims, details.title()), new OverviewSection(), new DistillationSection(),
                new LossesSection(),
                new CalibrationSection(), new RepresentationSection(), new MutualInformationSection(),
                new TrainingCurvesSection(), new TranslationSection(), details, new PerSeedSection(claims),
                new ProvenanceSection());
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
        List<Block> blocks = blocks(ReportContext.of(CellLoader.load(resultsDir), study(resultsDir)));
        TreeMap<String, Plot> plots = new TreeMap<>();
        for (Block b : blocks) {
            if (b instanceof Block.Figure f) {
                Plot before = plots.put(f.plot().fileName(), f.plot());
                if (before != null && !before.equals(f.plot())) {
                    throw new IllegalStateException("two plots named " + f.plot().fileName());
                }
            }
        }
        Path plotDir = resultsDir.resolve("plots");
        Files.createDirectories(plotDir);
        Set<String> plotFiles = new java.util.TreeSet<>();
        for (Plot p : plots.values()) {
            AtomicFiles.write(plotDir.resolve(p.fileName()), p.png());
            plotFiles.add(p.fileName());
            if (p.svg() != null) {
                AtomicFiles.write(plotDir.resolve(p.svgFileName()), p.svg());
                plotFiles.add(p.svgFileName());
            }
        }
        removeStale(plotDir, plotFiles, ".png", ".svg");
        Map<String, Block.Table> tables = tables(blocks);
        Path tableDir = resultsDir.resolve("tables");
        Files.createDirectories(tableDir);
        for (Map.Entry<String, Block.Table> t : tables.entrySet()) {
            AtomicFiles.write(resultsDir.resolve(t.getKey()), csv(t.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        removeStale(tableDir, tables.keySet().stream().map(k -> k.substring("tables/".length()))
                .collect(java.util.stream.Collectors.toSet()), ".csv");
        Path md = resultsDir.resolve("report.md");
        AtomicFiles.write(md, MarkdownRenderer.render(blocks).getBytes(StandardCharsets.UTF_8));
        AtomicFiles.write(resultsDir.resolve("report.html"), HtmlRenderer.render(blocks).getBytes(StandardCharsets.UTF_8));
        return md;
    }

    /** The folder's {@code study.json}, or null when it has none. */
    static JsonNode study(Path resultsDir) throws IOException {
        Path f = resultsDir.resolve("study.json");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        try {
            return JSON.readTree(f.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException("malformed " + f + ": " + e.getOriginalMessage()
                    + " (expected the JSON that 'smoothkd run' writes)", e);
        }
    }

    /**
     * The report as blocks: the title, the first section (the summary), the table of contents, then each other
     * non-empty section under its heading; after every table a link to its CSV.
     */
    List<Block> blocks(ReportContext context) {
        List<List<Block>> bodies = new ArrayList<>();
        for (ReportSection section : sections) {
            List<Block> content = section.content(context);
            if (!content.isEmpty()) {
                List<Block> body = new ArrayList<>();
                body.add(new Block.Heading(2, section.title()));
                body.addAll(content);
                bodies.add(body);
            }
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(new Block.Heading(1, TITLE));
        if (!bodies.isEmpty()) {
            blocks.addAll(bodies.get(0));
        }
        if (bodies.size() > 2) {
            List<Block.Heading> headings = new ArrayList<>();
            for (List<Block> body : bodies.subList(1, bodies.size())) {
                for (Block b : body) {
                    if (b instanceof Block.Heading h && h.level() <= 3) {
                        headings.add(h);
                    }
                }
            }
            blocks.add(new Block.Heading(2, "Contents"));
            blocks.add(new Block.Contents(headings));
        }
        for (List<Block> body : bodies.subList(Math.min(1, bodies.size()), bodies.size())) {
            blocks.addAll(body);
        }
        return withCsvLinks(blocks);
    }

    /** Inserts after every table a link to {@code tables/<section>-<k>.csv}. */
    private static List<Block> withCsvLinks(List<Block> blocks) {
        List<Block> out = new ArrayList<>();
        Map<Block.Table, String> names = csvNames(blocks);
        for (Block b : blocks) {
            out.add(b);
            if (b instanceof Block.Table && names.containsKey(b)) {
                out.add(new Block.Link("Table as CSV", names.get(b)));
            }
        }
        return out;
    }

    /** The tables of a report by their CSV path, in report order. */
    static Map<String, Block.Table> tables(List<Block> blocks) {
        Map<String, Block.Table> byName = new java.util.LinkedHashMap<>();
        csvNames(blocks).forEach((t, name) -> byName.put(name, t));
        return byName;
    }

    /** Each table's CSV path, {@code tables/<section slug>-<k>.csv}, keyed by identity, in report order. */
    private static Map<Block.Table, String> csvNames(List<Block> blocks) {
        Map<Block.Table, String> names = new java.util.IdentityHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        String section = "report";
        for (Block b : blocks) {
            if (b instanceof Block.Heading h && h.level() == 2) {
                section = Block.anchor(h.text()).replaceAll("[^a-z0-9-]+", "").replaceAll("-+", "-")
                        .replaceAll("(^-|-$)", "");
                if (section.isEmpty()) {
                    section = "section";
                }
            } else if (b instanceof Block.Table t && !names.containsKey(t)) {
                int k = counts.merge(section, 1, Integer::sum);
                names.put(t, "tables/" + section + "-" + k + ".csv");
            }
        }
        return names;
    }

    /** RFC 4180: comma-separated, fields with a comma, quote or line break quoted, quotes doubled, CRLF. */
    static String csv(Block.Table t) {
        StringBuilder s = new StringBuilder();
        row(s, t.header());
        for (List<String> r : t.rows()) {
            row(s, r);
        }
        return s.toString();
    }

    private static void row(StringBuilder s, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) {
                s.append(',');
            }
            if (c.contains(",") || c.contains("\"") || c.contains("\n") || c.contains("\r")) {
                s.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                s.append(c);
            }
        }
        s.append("\r\n");
    }

    private static void removeStale(Path dir, Set<String> keep, String... suffixes) throws IOException {
        List<Path> stale;
        try (Stream<Path> files = Files.list(dir)) {
            stale = files.filter(p -> Stream.of(suffixes).anyMatch(x -> p.getFileName().toString().endsWith(x)))
                    .filter(p -> !keep.contains(p.getFileName().toString())).sorted().toList();
        }
        for (Path p : stale) {
            Files.deleteIfExists(p);
        }
    }
}

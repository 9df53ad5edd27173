package io.smoothkd.report;

import io.smoothkd.core.data.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The results preview of a README: the claims table and the teachers-and-students tables of a ledger's
 * {@code report.md}, copied verbatim (links made relative to the README) between the markers {@link #BEGIN} and
 * {@link #END}, so that a README never shows numbers typed by hand. {@code smoothkd report DIR --readme README.md}
 * writes it; a test checks that the committed README holds what the committed ledger gives.
 */
public final class ReadmePreview {
    /** The line that opens the preview (its rest names the ledger). */
    public static final String BEGIN = "<!-- results preview: begin";
    /** The line that closes it. */
    public static final String END = "<!-- results preview: end -->";

    private ReadmePreview() {
    }

    /**
     * The preview of the ledger at {@code ledger}, as seen from the README's folder {@code readmeDir}.
     *
     * @throws IllegalArgumentException when the ledger has no report.md or it has no summary table
     */
    public static String render(Path ledger, Path readmeDir) throws IOException {
        Path md = ledger.resolve("report.md");
        if (!Files.isRegularFile(md)) {
            throw new IllegalArgumentException("no report.md in " + ledger + " (expected a results folder with a"
                    + " report: smoothkd report " + ledger + ")");
        }
        String rel = readmeDir.toAbsolutePath().normalize().relativize(ledger.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        List<String> lines = Files.readAllLines(md, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        out.add(BEGIN + " (written by `smoothkd report " + rel + " --readme README.md` from the committed ledger;"
                + " do not edit) -->");
        List<String> summary = firstTable(lines, indexOf(lines, "## Summary", 0), "## ");
        if (summary.isEmpty()) {
            throw new IllegalArgumentException(md + " has no summary table (expected a report with cells)");
        }
        String provenance = String.join(" ", section(lines, "## What was run"));
        out.add("");
        out.add("From [`" + rel + "/`](" + rel + "/report.md) (the full report: every number with its CI, the rules, per-seed"
                + " values, plots, provenance). " + firstSentence(provenance));
        out.add("");
        out.add("**Claims** (verdicts from paired per-seed differences, 95 % Student-t CI; fewer than 3 seeds: not"
                + " decided):");
        out.add("");
        summary.forEach(l -> out.add(links(l, rel)));
        int teachers = indexOf(lines, "## Teachers and students", 0);
        if (teachers >= 0) {
            int end = indexOf(lines, "## ", teachers + 1);
            for (int i = teachers + 1; i < (end < 0 ? lines.size() : end); i++) {
                if (lines.get(i).startsWith("### ")) {
                    List<String> table = firstTable(lines, i, "### ");
                    if (!table.isEmpty()) {
                        out.add("");
                        out.add("**" + lines.get(i).substring(4) + ": teachers and students** (test error %, mean ± 95 %"
                                + " CI over seeds):");
                        out.add("");
                        table.forEach(l -> out.add(links(l, rel)));
                    }
                }
            }
        }
        out.add("");
        out.add(END);
        return String.join("\n", out);
    }

    /**
     * Replaces the preview block of {@code readme} (from a line starting with {@link #BEGIN} to {@link #END}) with
     * the ledger's; the file is rewritten atomically, and only when it changes.
     *
     * @return whether the file changed
     * @throws IllegalArgumentException when the README has no preview block
     */
    public static boolean update(Path readme, Path ledger) throws IOException {
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END, Math.max(begin, 0));
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(readme + " has no results preview block (expected a line starting with '"
                    + BEGIN + "' and a line '" + END + "')");
        }
        Path dir = readme.toAbsolutePath().getParent();
        String updated = text.substring(0, begin) + render(ledger, dir) + text.substring(end + END.length());
        if (updated.equals(text)) {
            return false;
        }
        AtomicFiles.write(readme, updated.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** The preview block currently in a README's text, or null. */
    public static String block(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END, Math.max(begin, 0));
        return begin < 0 || end < 0 ? null : readme.substring(begin, end + END.length());
    }

    private static int indexOf(List<String> lines, String prefix, int from) {
        for (int i = Math.max(from, 0); i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }

    /** The first markdown table after line {@code from}, before the next heading starting with {@code stop}. */
    private static List<String> firstTable(List<String> lines, int from, String stop) {
        List<String> table = new ArrayList<>();
        if (from < 0) {
            return table;
        }
        for (int i = from + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith(stop) || l.startsWith("## ")) {
                break;
            }
            if (l.startsWith("|")) {
                table.add(l);
            } else if (!table.isEmpty()) {
                break;
            }
        }
        return table;
    }

    private static List<String> section(List<String> lines, String heading) {
        int i = indexOf(lines, heading, 0);
        List<String> text = new ArrayList<>();
        for (int j = i + 1; i >= 0 && j < lines.size() && !lines.get(j).startsWith("#"); j++) {
            if (!lines.get(j).isBlank()) {
                text.add(lines.get(j));
            }
        }
        return text;
    }

    private static String firstSentence(String paragraph) {
        int dot = paragraph.indexOf(". ");
        return dot < 0 ? paragraph : paragraph.substring(0, dot + 1);
    }

    private static String links(String line, String rel) {
        return line.replace("](#", "](" + rel + "/report.md#").replace("](tables/", "](" + rel + "/tables/")
                .replace("](plots/", "](" + rel + "/plots/");
    }
}

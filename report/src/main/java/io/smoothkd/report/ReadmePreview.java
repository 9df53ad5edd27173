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
        String rel = relative(readmeDir, ledger);
        List<String> lines = Files.readAllLines(md, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        out.add(BEGIN + " (written by `smoothkd report " + rel + " --readme README.md` from the committed ledger;"
                + " do not edit) -->");
        int losses = indexOf(lines, LOSSES, 0);
        if (losses >= 0) {
            out.addAll(lossesPreview(lines, losses, rel, md));
            out.add("");
            out.add(END);
            return String.join("\n", out);
        }
        List<String> summary = firstTable(lines, indexOf(lines, "## Summary", 0), "## ");
        if (summary.isEmpty()) {
            throw new IllegalArgumentException(md + " has no summary table (expected a report with cells)");
        }
        out.add("");
        out.add(from(lines, rel, "plots"));
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
        Path dir = readme.toAbsolutePath().getParent();
        String rel = relative(dir, ledger);
        int begin = blockOf(text, rel);
        int end = begin < 0 ? -1 : text.indexOf(END, begin);
        if (begin < 0 || end < 0) {
            throw new IllegalArgumentException(readme + " has no results preview block for " + rel + " (expected a line"
                    + " starting with '" + BEGIN + " " + rel + "' and a line '" + END + "'; a README with one block"
                    + " naming no ledger may use it for any)");
        }
        String updated = text.substring(0, begin) + render(ledger, dir) + text.substring(end + END.length());
        if (updated.equals(text)) {
            return false;
        }
        AtomicFiles.write(readme, updated.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** The (first) preview block currently in a README's text, or null. */
    public static String block(String readme) {
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END, Math.max(begin, 0));
        return begin < 0 || end < 0 ? null : readme.substring(begin, end + END.length());
    }

    /** The preview block of the ledger at {@code rel} (relative to the README) in a README's text, or null. */
    public static String block(String readme, String rel) {
        int begin = blockOf(readme, rel);
        int end = begin < 0 ? -1 : readme.indexOf(END, begin);
        return end < 0 ? null : readme.substring(begin, end + END.length());
    }

    /**
     * Where the block of ledger {@code rel} begins: the BEGIN line naming it ({@code "... begin REL ..."} or, as
     * written here, {@code "smoothkd report REL ..."}); else the only BEGIN line naming no ledger; else -1.
     */
    private static int blockOf(String text, String rel) {
        int unnamed = -1;
        int unnamedCount = 0;
        for (int at = text.indexOf(BEGIN); at >= 0; at = text.indexOf(BEGIN, at + 1)) {
            int eol = text.indexOf('\n', at);
            String line = text.substring(at + BEGIN.length(), eol < 0 ? text.length() : eol);
            java.util.regex.Matcher written = WRITTEN.matcher(line);
            String named = written.find() ? written.group(1) : line.replace("-->", " ").trim().split("\\s+")[0];
            if (named.equals(rel)) {
                return at;
            }
            if (named.isEmpty() || named.startsWith("(")) {
                unnamed = at;
                unnamedCount++;
            }
        }
        return unnamedCount == 1 ? unnamed : -1;
    }

    private static final java.util.regex.Pattern WRITTEN = java.util.regex.Pattern.compile("smoothkd report (\\S+) ");

    /** The heading of the report's section on distillation losses (modern-kd and other multi-loss studies). */
    static final String LOSSES = "## Distillation losses";

    /** Per data set: the verdict per loss and the LS-teacher penalty per loss and T, as the report gives them. */
    private static List<String> lossesPreview(List<String> lines, int losses, String rel, Path md) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(from(lines, rel, "DKD's TCKD and NCKD"));
        int end = indexOf(lines, "## ", losses + 1);
        boolean any = false;
        for (int i = losses + 1; i < (end < 0 ? lines.size() : end); i++) {
            String heading = lines.get(i);
            if (!heading.startsWith("### ")) {
                continue;
            }
            String label = heading.substring(4).replace(": distillation losses", "");
            List<String> verdicts = firstTable(lines, i, "### ");
            if (verdicts.isEmpty()) {
                continue;
            }
            any = true;
            out.add("");
            out.add("**" + label + ": does an LS teacher teach worse under loss L?** (paired per-seed difference of"
                    + " student test error, LS teacher's − hard teacher's, points; each side at its best T by"
                    + " validation):");
            out.add("");
            verdicts.forEach(l -> out.add(links(l, rel)));
            int verdictsEnd = indexOf(lines, "|", i + 1) + verdicts.size() - 1; // the verdict table's last line
            List<String> penalty = firstTable(lines, verdictsEnd, "### "); // the table after it
            if (!penalty.isEmpty()) {
                out.add("");
                out.add("**" + label + ": the LS-teacher penalty per loss and temperature** (points, mean ± 95 % CI):");
                out.add("");
                penalty.forEach(l -> out.add(links(l, rel)));
            }
        }
        if (!any) {
            throw new IllegalArgumentException(md + " has a distillation-losses section without tables (expected a"
                    + " report with distilled cells)");
        }
        return out;
    }

    /** The preview's first line: the link to the full report and the report's one-sentence description of the study. */
    private static String from(List<String> lines, String rel, String alsoThere) {
        return "From [`" + rel + "/`](" + rel + "/report.md) (the full report: every number with its CI, the rules, per-seed"
                + " values, " + alsoThere + ", provenance). "
                + firstSentence(String.join(" ", section(lines, "## What was run")));
    }

    private static String relative(Path readmeDir, Path ledger) {
        return readmeDir.toAbsolutePath().normalize().relativize(ledger.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
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

package io.smoothkd.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The README's results preview: the ledger report's tables, copied, with links that work from the README. */
class ReadmePreviewTest {
    @Test
    void thePreviewHoldsTheReportsClaimsAndTeacherTablesAndLeavesTheRestOfTheReadmeAlone(@TempDir Path dir)
            throws Exception {
        Path ledger = dir.resolve("docs/results/paper");
        new SyntheticCells().write(ledger);
        ReportWriter.write(ledger);
        Path readme = dir.resolve("README.md");
        String before = "# Title\n\nintro\n\n## Results\n\n" + ReadmePreview.BEGIN + " -->\nstale numbers\n"
                + ReadmePreview.END + "\n\n## After\n\ntext\n";
        Files.writeString(readme, before);
        assertThat(ReadmePreview.update(readme, ledger)).isTrue();
        String after = Files.readString(readme, StandardCharsets.UTF_8);
        assertThat(after).startsWith("# Title\n\nintro\n\n## Results\n\n" + ReadmePreview.BEGIN)
                .endsWith(ReadmePreview.END + "\n\n## After\n\ntext\n")
                .doesNotContain("stale numbers");

        // every row of the report's summary table and of its teachers-and-students table is in the preview,
        // read here from report.md line by line
        List<String> md = Files.readAllLines(ledger.resolve("report.md"));
        int summary = md.indexOf("## Summary");
        int teachers = md.indexOf("## Teachers and students");
        List<String> claimRows = md.subList(summary, teachers).stream().filter(l -> l.startsWith("| ")).toList();
        assertThat(claimRows).isNotEmpty().anyMatch(l -> l.startsWith("| 1. LS keeps or improves accuracy"));
        int calibration = md.indexOf("## Calibration of the teachers");
        List<String> teacherRows = md.subList(teachers, calibration).stream()
                .filter(l -> l.startsWith("| ") && !l.startsWith("| Model")).toList();
        assertThat(teacherRows).anyMatch(l -> l.startsWith("| Teacher, hard targets"));
        String block = ReadmePreview.block(after);
        for (String row : claimRows) {
            assertThat(block).contains(row.replace("](#", "](docs/results/paper/report.md#"));
        }
        for (String row : teacherRows) {
            assertThat(block).contains(row);
        }
        assertThat(block).contains("(docs/results/paper/report.md)").doesNotContain("](#");

        assertThat(ReadmePreview.update(readme, ledger)).isFalse();
        assertThat(Files.readString(readme)).isEqualTo(after);
    }

    @Test
    void aReadmeWithoutTheBlockOrALedgerWithoutAReportIsAClearError(@TempDir Path dir) throws Exception {
        Path readme = Files.writeString(dir.resolve("README.md"), "# no block\n");
        Path ledger = dir.resolve("ledger");
        new SyntheticCells().write(ledger);
        assertThatThrownBy(() -> ReadmePreview.update(readme, ledger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no results preview block");
        Files.writeString(readme, ReadmePreview.BEGIN + " -->\n" + ReadmePreview.END + "\n");
        assertThatThrownBy(() -> ReadmePreview.update(readme, ledger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no report.md in");
    }

    @Test
    void aLossesLedgerGetsItsOwnBlockWithTheVerdictAndPenaltyTablesAndThePapersBlockStaysAsItIs(@TempDir Path dir)
            throws Exception {
        Path paper = dir.resolve("docs/results/paper");
        new SyntheticCells().write(paper);
        ReportWriter.write(paper);
        Path modern = Files.createDirectories(dir.resolve("docs/results/modern-kd"));
        String verdictRow = "| dkd | 0.1 | 4 | 1 | 5 | 0.12 ± 0.05 | 0.07 … 0.17 | yes |";
        String penaltyRow = "| dkd | 1 | 0.1 | 5 | 1.10 ± 0.02 | 1.20 ± 0.03 | 0.10 ± 0.04 | 0.06 … 0.14 | yes |";
        Files.writeString(modern.resolve("report.md"), String.join("\n",
                "# Report", "", "## Summary", "", "| Claim | MNIST |", "|---|---|", "| 1. LS keeps | no |", "",
                "## What was run", "", "Suite modern-kd, 5 seeds. More text.", "",
                "## Distillation losses: the LS-teacher penalty", "", "Intro.", "",
                "### MNIST: distillation losses", "", "Verdict per loss.", "",
                "| Loss L | LS teacher α | Hard teacher's best T | LS teacher's best T | Seeds (paired) | d | CI | worse |",
                "|---|---|---|---|---|---|---|---|", verdictRow, "", "The LS-teacher penalty per loss and temperature.", "",
                "| Loss | T | LS teacher α | Seeds | hard | LS | d | CI | worse |", "|---|---|---|---|---|---|---|---|---|",
                penaltyRow, "", "DKD parts.", "", "| Loss | T | TCKD |", "|---|---|---|", "| dkd | 1 | 0.3 |", "",
                "## Per-seed values", "", "| x |", "|---|", ""));
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# T\n\n" + ReadmePreview.BEGIN + " docs/results/paper -->\nold paper\n"
                + ReadmePreview.END + "\n\nmiddle\n\n" + ReadmePreview.BEGIN + " docs/results/modern-kd -->\nold modern\n"
                + ReadmePreview.END + "\n");

        assertThat(ReadmePreview.update(readme, modern)).isTrue();
        String once = Files.readString(readme);
        assertThat(once).contains("old paper").doesNotContain("old modern");
        String block = ReadmePreview.block(once, "docs/results/modern-kd");
        assertThat(block).contains(verdictRow, penaltyRow, "**MNIST: does an LS teacher teach worse under loss L?**",
                "Suite modern-kd, 5 seeds.", "(docs/results/modern-kd/report.md)")
                .doesNotContain("| dkd | 1 | 0.3 |", "1. LS keeps");

        assertThat(ReadmePreview.update(readme, paper)).isTrue();
        String twice = Files.readString(readme);
        assertThat(twice).doesNotContain("old paper").contains(block).contains("\n\nmiddle\n\n");
        assertThat(ReadmePreview.block(twice, "docs/results/paper")).contains("1. LS keeps or improves accuracy");
        // a second run finds each block by the ledger its (rewritten) first line names
        assertThat(ReadmePreview.update(readme, modern)).isFalse();
        assertThat(ReadmePreview.update(readme, paper)).isFalse();

        Path other = dir.resolve("docs/results/other");
        new SyntheticCells().write(other);
        ReportWriter.write(other);
        assertThatThrownBy(() -> ReadmePreview.update(readme, other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no results preview block for docs/results/other");
    }
}

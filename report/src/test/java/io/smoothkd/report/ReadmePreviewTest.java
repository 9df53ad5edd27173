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
        String before = "# Title\n\nintro\n\n## Results\n\n" + ReadmePreview.BEGIN + " old -->\nstale numbers\n"
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
}

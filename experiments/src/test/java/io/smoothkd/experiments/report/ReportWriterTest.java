package io.smoothkd.experiments.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportWriterTest {

    @TempDir
    Path tmp;

    @Test
    void bestTemperatureIsChosenOnValidationNotTest() throws IOException {
        Path dir = tmp.resolve("r");
        new SyntheticCells().write(dir);
        DatasetResults r = DatasetResults.from(CellLoader.load(dir)).get(0);
        // hard teacher's students: T = 4 has the lowest test error, T = 2 the best validation accuracy
        assertThat(r.bestDistilledFromHard()).get().extracting(Group::temperature).isEqualTo(2.0);
        assertThat(r.bestDistilledFromLs()).get().extracting(Group::temperature).isEqualTo(2.0);
        String md = Files.readString(ReportWriter.write(dir));
        assertThat(md).contains("Student distilled from hard teacher, best T = 2 (by validation)");
        assertThat(md).contains("for the hard teacher T = 2 (validation accuracy 99.00 %)");
    }

    @Test
    void distillationTableShowsCiAndPaperNumbers() throws IOException {
        Path dir = tmp.resolve("r");
        new SyntheticCells().write(dir);
        String md = Files.readString(ReportWriter.write(dir));
        // hard teacher: 0.69, 0.70, 0.71 % → 0.70 ± 4.303·0.01/√3 = 0.0248
        assertThat(md).contains("| Teacher, hard targets (α = 0) | 3 | 0.70 ± 0.02 |");
        assertThat(md).contains("| 0.67 | 0.81 |").contains("| 0.59 | 0.69 |").contains("| 0.74 | 0.93 |")
                .contains("| 0.91 | 1.05 |");
        assertThat(md).contains("Student distilled from LS teacher α = 0.1, T = 4");
    }

    @Test
    void clusterAndInformationVerdictsFollowTheNumbers() throws IOException {
        SyntheticCells cells = new SyntheticCells();
        cells.hardMi = 2.5;
        cells.lsMi = 0.8;
        cells.hardTightness = 0.6;
        cells.lsTightness = 0.3;
        Map<String, String> v = verdicts(cells, "measured");
        assertThat(v.get("3")).isEqualTo("yes");
        assertThat(v.get("5")).isEqualTo("yes");
        SyntheticCells flipped = new SyntheticCells();
        flipped.hardMi = 0.8;
        flipped.lsMi = 2.5;
        flipped.hardTightness = 0.3;
        flipped.lsTightness = 0.6;
        Map<String, String> w = verdicts(flipped, "flipped-measurements");
        assertThat(w.get("3")).isEqualTo("no");
        assertThat(w.get("5")).isEqualTo("no");
        SyntheticCells endOnly = new SyntheticCells();
        endOnly.hardMi = 2.5;
        endOnly.lsMi = 0.8;
        endOnly.miEndOnly = true;
        assertThat(verdicts(endOnly, "end-only").get("5")).isEqualTo("yes");
        assertThat(Files.readString(tmp.resolve("end-only/report.md"))).contains("— (end only)");
        assertThat(Files.readString(tmp.resolve("end-only/report.md"))).contains("augmented copies of each (random"
                + " shifts of up to ±2 px and Gaussian pixel noise σ = 0.10; the same copies at every measurement)");
        assertThat(tmp.resolve("end-only/plots/mnist-mutual-information.png")).doesNotExist();
        assertThat(tmp.resolve("measured/plots/mnist-mutual-information.png")).exists();
        SyntheticCells close = new SyntheticCells();
        close.hardMi = 1.0;
        close.lsMi = 0.99999;
        close.jitter = 0.01;
        close.lsJitter = 0.01; // paired d = −0.00001 ± 0.025
        assertThat(verdicts(close, "close").get("5")).isEqualTo("not decided");
        SyntheticCells sameShift = new SyntheticCells();
        sameShift.hardMi = 1.0;
        sameShift.lsMi = 0.99;
        sameShift.jitter = 0.05; // independent CIs would overlap (±0.12 each) ...
        assertThat(verdicts(sameShift, "same-shift").get("5")).as("... but the paired differences are all −0.01")
                .isEqualTo("yes");
    }

    @Test
    void verdictsFollowTheNumbers() throws IOException {
        SyntheticCells agree = new SyntheticCells();
        Map<String, String> yes = verdicts(agree, "agree");
        assertThat(yes.get("1")).isEqualTo("yes");
        assertThat(yes.get("2a")).isEqualTo("yes");
        assertThat(yes.get("2b")).isEqualTo("yes");
        assertThat(yes.get("2c")).isEqualTo("yes");
        assertThat(yes.get("4")).isEqualTo("yes");
        assertThat(yes.get("3")).isEqualTo("not measured (no projection measurements of hard and LS teachers)");
        assertThat(yes.get("5")).isEqualTo("not measured (no mutual-information measurements)");

        SyntheticCells flipped = new SyntheticCells();
        flipped.lsTeacherError = 0.0090;
        flipped.lsEce = 0.020;
        flipped.lsEceAfterTs = 0.003;
        var hard = flipped.hardStudents;
        flipped.hardStudents = flipped.lsStudents;
        flipped.lsStudents = hard;
        Map<String, String> no = verdicts(flipped, "flipped");
        assertThat(no.get("1")).isEqualTo("no");
        assertThat(no.get("2a")).isEqualTo("no");
        assertThat(no.get("2b")).isEqualTo("no");
        assertThat(no.get("2c")).isEqualTo("no");
        assertThat(no.get("4")).isEqualTo("no");
    }

    @Test
    void pairedStudentDifferencesStraddlingZeroAreNotDecided() throws IOException {
        SyntheticCells close = new SyntheticCells();
        close.lsJitter = 0.0005; // paired d = 0.05 ± 4.303 · 0.05 / √3 ≈ ± 0.12 points
        close.lsStudents.put(2.0, new double[] {0.0085, 0.9880});
        assertThat(verdicts(close, "close").get("4")).isEqualTo("not decided");
    }

    @Test
    void fewerThanThreeSeedsDecideNothing() throws IOException {
        for (int seeds : new int[] {1, 2}) {
            SyntheticCells few = new SyntheticCells();
            few.seeds = seeds;
            Map<String, String> v = verdicts(few, "seeds-" + seeds);
            for (String claim : List.of("1", "2a", "2b", "2c", "4")) {
                assertThat(v.get(claim)).as("claim %s, %d seeds", claim, seeds).isEqualTo("not decided (n < 3 seeds)");
            }
        }
        String md = Files.readString(tmp.resolve("seeds-1").resolve("report.md"));
        assertThat(md).doesNotContain("n=1").contains("a value without ± comes from one seed");
    }

    @Test
    void bothDatasetsGetTheirOwnColumns() throws IOException {
        Path dir = tmp.resolve("both");
        new SyntheticCells().write(dir);
        SyntheticCells fashion = new SyntheticCells();
        fashion.dataset = "fashion-mnist";
        fashion.lsTeacherError = 0.12;
        fashion.hardTeacherError = 0.10;
        fashion.write(dir);
        String md = Files.readString(ReportWriter.write(dir));
        assertThat(md).contains("| Claim | Paper | Rule | MNIST: measured | MNIST: verdict | Fashion-MNIST: measured | Fashion-MNIST: verdict |");
        assertThat(md.indexOf("### MNIST")).isLessThan(md.indexOf("### Fashion-MNIST"));
        String claim1 = md.lines().filter(l -> l.startsWith("| 1. ")).findFirst().orElseThrow();
        assertThat(claim1).contains("| yes |").endsWith("| no |");
    }

    @Test
    void rebuildIsByteIdentical() throws IOException {
        Path first = tmp.resolve("first");
        Path second = tmp.resolve("second");
        new SyntheticCells().write(first);
        new SyntheticCells().write(second);
        ReportWriter.write(first);
        Map<String, byte[]> once = outputs(first);
        ReportWriter.write(first);
        Map<String, byte[]> twice = outputs(first);
        ReportWriter.write(second);
        Map<String, byte[]> elsewhere = outputs(second);
        assertThat(once.keySet()).contains("report.md", "report.html").anyMatch(k -> k.startsWith("plots/"));
        assertThat(twice.keySet()).isEqualTo(once.keySet());
        assertThat(elsewhere.keySet()).isEqualTo(once.keySet());
        for (String name : once.keySet()) {
            assertThat(twice.get(name)).as(name).isEqualTo(once.get(name));
            assertThat(elsewhere.get(name)).as(name).isEqualTo(once.get(name));
        }
        try (Stream<Path> files = Files.list(first)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void htmlEmbedsEveryImageAndLinksOnlyItsOwnFiles() throws IOException {
        Path dir = tmp.resolve("r");
        new SyntheticCells().write(dir);
        ReportWriter.write(dir);
        String html = Files.readString(dir.resolve("report.html"));
        Matcher refs = Pattern.compile("(src|href)\\s*=\\s*\"([^\"]*)\"").matcher(html);
        int images = 0;
        int anchors = 0;
        int files = 0;
        while (refs.find()) {
            String target = refs.group(2);
            if (refs.group(1).equals("src")) {
                assertThat(target).startsWith("data:image/png;base64,");
                images++;
            } else if (target.startsWith("#")) {
                assertThat(html).as("anchor %s", target).contains("id=\"" + target.substring(1) + "\"");
                anchors++;
            } else {
                assertThat(target).matches("(tables/[a-z0-9-]+\\.csv|plots/[a-z0-9.-]+\\.svg)");
                assertThat(dir.resolve(target)).as(target).isRegularFile();
                files++;
            }
        }
        assertThat(images).isGreaterThan(5);
        assertThat(anchors).isGreaterThan(5);
        List<String> ids = Pattern.compile(" id=\"([^\"]+)\"").matcher(html).results().map(m -> m.group(1)).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(files).isGreaterThan(5);
        assertThat(html).doesNotContain("url(").doesNotContain("<link");
        long pngs;
        try (Stream<Path> list = Files.list(dir.resolve("plots"))) {
            pngs = list.filter(p -> p.toString().endsWith(".png")).count();
        }
        assertThat(images).isEqualTo((int) pngs);
        assertThat(html).contains("data-images-total=\"" + images + "\"");
        String md = Files.readString(dir.resolve("report.md"));
        assertThat(Pattern.compile("!\\[[^\\]]+\\]\\(plots/[a-z0-9.-]+\\.png\\)").matcher(md).results().count()).isEqualTo(pngs);
    }

    @Test
    void unknownKindsAndFamiliesAreIgnored() throws IOException {
        Path plain = tmp.resolve("plain");
        Path extra = tmp.resolve("extra");
        new SyntheticCells().write(plain);
        new SyntheticCells().write(extra);
        SyntheticCells.put(extra, Map.of("id", "measurement-mnist-projection", "suite", "projection", "kind", "measurement",
                "family", "projection", "dataset", "mnist", "metrics", Map.of("points", List.of(List.of(1, 2)))));
        SyntheticCells.put(extra, Map.of("id", "teacher-odd", "suite", "mnist-distillation", "kind", "teacher",
                "family", "mixup", "dataset", "mnist", "seed", "not a number", "params", List.of(), "metrics", "nothing"));
        SyntheticCells.put(extra, Map.of("id", "bare"));
        String a = Files.readString(ReportWriter.write(plain));
        String b = Files.readString(ReportWriter.write(extra));
        assertThat(b).contains("cells of other kinds");
        assertThat(section(b, "## Teachers and students")).isEqualTo(section(a, "## Teachers and students"));
        assertThat(section(b, "## Paper claim")).isEqualTo(section(a, "## Paper claim"));
    }

    @Test
    void partialAndOddCellsStillGiveAReport() throws IOException {
        Path dir = tmp.resolve("partial");
        SyntheticCells.put(dir, Map.of("id", "teacher-mnist-a0-s1", "suite", "mnist-distillation", "kind", "teacher",
                "family", "hard", "dataset", "mnist", "seed", 1,
                "params", Map.of("alpha", 0.0),
                "metrics", Map.of("test_error", 0.007, "test_ece", "NaN", "validation_accuracy", 0.99,
                        "reliability_test", Map.of("counts", List.of(1, 2), "accuracy", List.of(0.5), "confidence", List.of()),
                        "history", List.of(Map.of("epoch", 1), Map.of("epoch", "two", "validation_accuracy", 0.9)))));
        Files.writeString(dir.resolve("cells").resolve("student-nan.json"), "{\"id\":\"student-nan\",\"suite\":"
                + "\"mnist-distillation\",\"kind\":\"student\",\"family\":\"distilled\",\"dataset\":\"mnist\",\"seed\":1,"
                + "\"params\":{\"teacher\":\"teacher-mnist-a0-s1\",\"temperature\":2},\"metrics\":{\"test_error\":NaN}}");
        String md = Files.readString(ReportWriter.write(dir));
        assertThat(md).contains("| Teacher, hard targets (α = 0) | 1 | 0.70 | — |");
        assertThat(md).contains("not measured (needs hard and LS teachers");
    }

    @Test
    void malformedCellNamesTheFile() throws IOException {
        Path dir = tmp.resolve("bad");
        new SyntheticCells().write(dir);
        Files.writeString(dir.resolve("cells").resolve("broken-cell.json"), "{\"id\": \"x\", \"kind\": ", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReportWriter.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken-cell.json");
        Files.writeString(dir.resolve("cells").resolve("broken-cell.json"), "[1, 2]", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReportWriter.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("broken-cell.json");
        assertThatThrownBy(() -> ReportWriter.write(tmp.resolve("nowhere"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cells");
    }

    @Test
    void emptyCellsFolderGivesAShortReport() throws IOException {
        Path dir = tmp.resolve("empty");
        Files.createDirectories(dir.resolve("cells"));
        String md = Files.readString(ReportWriter.write(dir));
        assertThat(md).contains("no cells yet").contains("not measured (no teacher or student cells)");
    }

    @Test
    void stalePlotsAreRemoved() throws IOException {
        Path dir = tmp.resolve("r");
        new SyntheticCells().write(dir);
        Files.createDirectories(dir.resolve("plots"));
        Files.write(dir.resolve("plots").resolve("old-plot.png"), new byte[] {1});
        ReportWriter.write(dir);
        assertThat(dir.resolve("plots").resolve("old-plot.png")).doesNotExist();
    }

    /** Claim number ("1", "2a", …) → first data set's verdict, from the written Markdown. */
    private Map<String, String> verdicts(SyntheticCells cells, String name) throws IOException {
        Path dir = tmp.resolve(name);
        cells.write(dir);
        String md = Files.readString(ReportWriter.write(dir));
        Map<String, String> verdicts = new TreeMap<>();
        for (String line : section(md, "## Paper claim").lines().toList()) {
            Matcher m = Pattern.compile("^\\| (\\d[a-c]?)\\. ").matcher(line);
            if (m.find()) {
                String[] cols = line.split(" \\| ");
                verdicts.put(m.group(1), cols[cols.length - 1].replaceAll(" \\|$", "").trim());
            }
        }
        assertThat(verdicts).containsKeys("1", "2a", "2b", "2c", "3", "4", "5");
        return verdicts;
    }

    private static String section(String md, String heading) {
        int start = md.indexOf(heading);
        assertThat(start).as(heading).isNotNegative();
        int end = md.indexOf("\n## ", start + heading.length());
        return end < 0 ? md.substring(start) : md.substring(start, end);
    }

    private static Map<String, byte[]> outputs(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("report.md", Files.readAllBytes(dir.resolve("report.md")));
        files.put("report.html", Files.readAllBytes(dir.resolve("report.html")));
        try (Stream<Path> plots = Files.list(dir.resolve("plots"))) {
            for (Path p : plots.sorted().toList()) {
                files.put("plots/" + p.getFileName(), Files.readAllBytes(p));
            }
        }
        return files;
    }
}

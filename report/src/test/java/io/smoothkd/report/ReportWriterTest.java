package io.smoothkd.report;

import io.smoothkd.report.model.CellLoader;
import io.smoothkd.report.model.DatasetResults;
import io.smoothkd.report.model.Group;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
        assertThat(r.bestDistilledFromHard()).get().extracting(Group::distillationTemperature).isEqualTo(2.0);
        assertThat(r.bestDistilledFromLs()).get().extracting(Group::distillationTemperature).isEqualTo(2.0);
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
        close.jitter = 0.005; // (larger would make some synthetic test errors negative, which a cell cannot hold)
        close.lsJitter = 0.005; // paired d = −0.00001 ± 0.012
        assertThat(verdicts(close, "close").get("5")).isEqualTo("not decided");
        SyntheticCells sameShift = new SyntheticCells();
        sameShift.hardMi = 1.0;
        sameShift.lsMi = 0.999;
        sameShift.jitter = 0.005; // independent CIs would overlap (±0.012 each) ...
        assertThat(verdicts(sameShift, "same-shift").get("5")).as("... but the paired differences are all −0.001")
                .isEqualTo("yes");
    }

    @Test
    void theSensitivityProbeIsShownBesideTheStudysProbe() throws IOException {
        SyntheticCells cells = new SyntheticCells();
        cells.hardMi = 2.5;
        cells.lsMi = 0.8;
        cells.hardMiSensitivity = 3.0;
        cells.lsMiSensitivity = 2.9;
        verdicts(cells, "sensitivity");
        String md = Files.readString(tmp.resolve("sensitivity/report.md"));
        assertThat(md).contains("Sensitivity to the probe");
        assertThat(md).contains("| the study's: random shifts of up to ±2 px and Gaussian pixel noise σ = 0.10 | 2.500"
                + " ± 0.000 | 0.800 ± 0.000 | paired d = -1.700 ± 0.000");
        assertThat(md).contains("| sensitivity: Gaussian pixel noise σ = 0.10 | 3.000 ± 0.000 | 2.900 ± 0.000 | paired"
                + " d = -0.100 ± 0.000");
        SyntheticCells without = new SyntheticCells();
        without.hardMi = 2.5;
        without.lsMi = 0.8;
        verdicts(without, "no-sensitivity");
        assertThat(Files.readString(tmp.resolve("no-sensitivity/report.md"))).as("no sensitivity probe, no row")
                .doesNotContain("Sensitivity to the probe");
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
    void htmlShowsEveryPlotAndLinksOnlyItsOwnFiles() throws IOException {
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
                assertThat(target).matches("plots/[a-z0-9.-]+\\.png");
                assertThat(dir.resolve(target)).as(target).isRegularFile();
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
    void unknownFamiliesAndExtraFieldsAreIgnored() throws IOException {
        Path plain = tmp.resolve("plain");
        Path extra = tmp.resolve("extra");
        new SyntheticCells().write(plain);
        new SyntheticCells().write(extra);
        SyntheticCells.put(extra, Map.of("id", "teacher-odd", "suite", "mnist-distillation", "kind", "teacher",
                "family", "mixup", "dataset", "mnist", "seed", 1, "params", Map.of(), "metrics",
                Map.of("test_error", 0.5, "test_ece", 0.1, "validation_accuracy", 0.5), "future", List.of(1)));
        String a = Files.readString(ReportWriter.write(plain));
        String b = Files.readString(ReportWriter.write(extra));
        assertThat(section(b, "## Teachers and students")).isEqualTo(section(a, "## Teachers and students"));
        assertThat(section(b, "## Paper claim")).isEqualTo(section(a, "## Paper claim"));
    }

    @Test
    void aPartialStudyStillGivesAReport() throws IOException {
        Path dir = tmp.resolve("partial");
        SyntheticCells.put(dir, Map.of("id", "teacher-mnist-a0-s1", "suite", "mnist-distillation", "kind", "teacher",
                "family", "hard", "dataset", "mnist", "seed", 1,
                "params", Map.of("alpha", 0.0),
                "metrics", Map.of("test_error", 0.007, "test_ece", 0.01, "validation_accuracy", 0.99,
                        "reliability_test", Map.of("counts", List.of(1, 2), "accuracy", List.of(0.5), "confidence", List.of()),
                        "history", List.of(Map.of("epoch", 1), Map.of("epoch", "two", "validation_accuracy", 0.9)))));
        String md = Files.readString(ReportWriter.write(dir));
        assertThat(md).contains("| Teacher, hard targets (α = 0) | 1 | 0.70 | 0.0100 | — |");
        assertThat(md).contains("not measured (needs hard and LS teachers");
    }

    /** A valid teacher cell, as JSON text, with one field's text replaced. */
    static String teacherCell(String field, String value) {
        Map<String, String> f = new java.util.LinkedHashMap<>();
        f.put("id", "\"teacher-mnist-a0-s1\"");
        f.put("suite", "\"mnist-distillation\"");
        f.put("kind", "\"teacher\"");
        f.put("family", "\"hard\"");
        f.put("dataset", "\"mnist\"");
        f.put("seed", "1");
        f.put("params", "{\"alpha\": 0.0}");
        f.put("metrics", "{\"test_error\": 0.007, \"test_ece\": 0.01, \"validation_accuracy\": 0.99}");
        if (value == null) {
            f.remove(field);
        } else {
            f.put(field, value);
        }
        StringBuilder b = new StringBuilder("{");
        f.forEach((k, v) -> b.append(b.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(v));
        return b.append('}').toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "NaN test error|metrics|{\"test_error\": NaN, \"test_ece\": 0.01, \"validation_accuracy\": 0.99}|metrics.test_error",
            "NaN as a string|metrics|{\"test_error\": \"NaN\", \"test_ece\": 0.01, \"validation_accuracy\": 0.99}|metrics.test_error",
            "-Infinity ECE|metrics|{\"test_error\": 0.01, \"test_ece\": -Infinity, \"validation_accuracy\": 0.99}|metrics.test_ece",
            "missing metric|metrics|{\"test_error\": 0.01, \"test_ece\": 0.01}|metrics.validation_accuracy is missing",
            "no metrics|metrics||metrics is missing",
            "error out of range|metrics|{\"test_error\": -6.5, \"test_ece\": 0.01, \"validation_accuracy\": 0.99}|expected a number in [0, 1]",
            "accuracy above 1|metrics|{\"test_error\": 0.01, \"test_ece\": 0.01, \"validation_accuracy\": 99}|metrics.validation_accuracy",
            "nested NaN|metrics|{\"test_error\": 0.01, \"test_ece\": 0.01, \"validation_accuracy\": 0.9, \"history\": [{\"train_loss\": NaN}]}|metrics.history[0].train_loss",
            "seed as text|seed|\"one\"|seed is the string \"one\", expected an integer",
            "fractional seed|seed|1.5|seed is 1.5",
            "missing seed|seed||seed is missing",
            "unknown kind|kind|\"measurement\"|kind 'measurement' is unknown",
            "missing id|id||id is missing",
            "params a list|params|[]|params is [], expected an object",
            "alpha out of range|params|{\"alpha\": 1.5}|params.alpha"})
    void malformedCellIsRefusedNamingTheFileAndField(String name, String field, String value, String expected)
            throws IOException {
        Path dir = tmp.resolve("schema-" + name.replace(' ', '-'));
        new SyntheticCells().write(dir);
        Path bad = dir.resolve("cells").resolve("teacher-mnist-a0-s1.json");
        Files.writeString(bad, teacherCell(field, value), StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ReportWriter.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.toString()).hasMessageContaining(expected)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(dir.resolve("report.md")).doesNotExist();
    }

    @Test
    void aCopiedCellWithTheSameIdIsRefused() throws IOException {
        Path dir = tmp.resolve("duplicate");
        new SyntheticCells().write(dir);
        Path cells = dir.resolve("cells");
        Path original = cells.resolve("teacher-mnist-a0.0-s1.json");
        assertThat(original).exists();
        Files.copy(original, cells.resolve("teacher-mnist-a0.0-s1 (copy).json"));
        assertThatThrownBy(() -> ReportWriter.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teacher-mnist-a0.0-s1 (copy).json").hasMessageContaining("also the id of");
    }

    @Test
    void anEmptyCellFileIsRefusedNamingIt() throws IOException {
        Path dir = tmp.resolve("empty-cell");
        new SyntheticCells().write(dir);
        Files.write(dir.resolve("cells").resolve("teacher-mnist-a0.0-s1.json"), new byte[0]);
        assertThatThrownBy(() -> ReportWriter.write(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("teacher-mnist-a0.0-s1.json");
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

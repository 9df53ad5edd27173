package io.smoothkd.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smoothkd.report.Ledger;
import io.smoothkd.report.ReportWriter;
import io.smoothkd.report.SyntheticCells;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code smoothkd merge}: seeds measured in separate runs gathered into one ledger folder. */
class MergeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Two results folders of one study: seed 1 in {@code a}, seed 2 in {@code b}, each with its study.json. */
    private static void twoRuns(Path dir, Path a, Path b) throws Exception {
        SyntheticCells cells = new SyntheticCells();
        cells.seeds = 2;
        Path all = dir.resolve("all");
        cells.write(all);
        for (Path target : List.of(a, b)) {
            Files.createDirectories(target.resolve("cells"));
        }
        try (Stream<Path> s = Files.list(all.resolve("cells"))) {
            for (Path f : s.toList()) {
                Path to = (f.getFileName().toString().endsWith("-s1.json") ? a : b).resolve("cells").resolve(f.getFileName());
                Files.copy(f, to);
            }
        }
        study(a, "{\"seeds\":2,\"epochs\":3}", "smoothkd run x --only-seeds 1", "2026-12-01T10:00:00Z");
        study(b, "{\"seeds\":2,\"epochs\":3}", "smoothkd run x --only-seeds 2", "2026-12-02T10:00:00Z");
    }

    private static void study(Path dir, String config, String command, String ended) throws Exception {
        Files.writeString(dir.resolve("study.json"), "{\"config\":" + config + ",\"cells\":[],\"run\":{\"quick\":false,"
                + "\"command\":\"" + command + "\",\"git_commit\":\"abc\",\"smoothkd\":\"0.1.0\",\"ended\":\"" + ended
                + "\"}}");
    }

    private static Map<String, byte[]> files(Path dir) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(f).toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    @Test
    void seedsOfTwoRunsMergeIntoOneFolderWithEachRunRecorded(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        twoRuns(dir, a, b);
        Path ledger = dir.resolve("ledger");
        Ledger.Result first = Ledger.merge(List.of(a), ledger);
        long inA = Files.list(a.resolve("cells")).count();
        long inB = Files.list(b.resolve("cells")).count();
        assertThat(first.copied()).isEqualTo(inA);
        assertThat(first.seeds()).isEqualTo("1");
        Ledger.Result second = Ledger.merge(List.of(a, b), ledger);
        assertThat(second.copied()).isEqualTo(inB);
        assertThat(second.same()).isEqualTo(inA);
        assertThat(second.total()).isEqualTo(inA + inB);
        assertThat(second.seeds()).isEqualTo("1, 2");
        // every cell is the source's file, byte for byte
        for (Path src : List.of(a, b)) {
            try (Stream<Path> s = Files.list(src.resolve("cells"))) {
                for (Path f : s.toList()) {
                    assertThat(ledger.resolve("cells").resolve(f.getFileName())).hasSameBinaryContentAs(f);
                }
            }
        }
        JsonNode study = JSON.readTree(ledger.resolve("study.json").toFile());
        assertThat(study.path("config").toString()).isEqualTo("{\"seeds\":2,\"epochs\":3}");
        assertThat(study.path("runs")).hasSize(2);
        assertThat(study.path("runs").get(0).path("seeds_merged").toString()).isEqualTo("[1]");
        assertThat(study.path("runs").get(1).path("seeds_merged").toString()).isEqualTo("[2]");
        assertThat(study.path("run").path("command").asText()).isEqualTo("smoothkd run x --only-seeds 2");
        assertThat(study.path("run").has("seeds_merged")).isFalse();

        // the report of the ledger: rebuilt byte for byte, and its provenance names both runs
        ReportWriter.write(ledger);
        Map<String, byte[]> once = files(ledger);
        ReportWriter.write(ledger);
        Map<String, byte[]> twice = files(ledger);
        assertThat(twice.keySet()).isEqualTo(once.keySet());
        once.forEach((k, v) -> assertThat(twice.get(k)).as(k).isEqualTo(v));
        String md = Files.readString(ledger.resolve("report.md"), StandardCharsets.UTF_8);
        assertThat(md).contains("merged (smoothkd merge) from 2 runs")
                .contains("| 2026-12-01T10:00:00Z | 1 | smoothkd run x --only-seeds 1 |")
                .contains("| 2026-12-02T10:00:00Z | 2 | smoothkd run x --only-seeds 2 |");
    }

    @Test
    void aCellMeasuredTwiceDifferentlyOrAnotherStudyStopsTheMergeBeforeAnythingIsWritten(@TempDir Path dir)
            throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        twoRuns(dir, a, b);
        Path ledger = dir.resolve("ledger");
        Ledger.merge(List.of(a), ledger);
        Map<String, byte[]> before = files(ledger);

        Path clash = b.resolve("cells").resolve("teacher-mnist-a0.0-s1.json");
        String text = Files.readString(a.resolve("cells").resolve("teacher-mnist-a0.0-s1.json"));
        Files.writeString(clash, text.replaceFirst("\"seed\" : 1", "\"seed\" : 1, \"extra\" : 1"));
        assertThat(Files.readString(clash)).isNotEqualTo(text);
        assertThatThrownBy(() -> Ledger.merge(List.of(b), ledger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cell teacher-mnist-a0.0-s1.json differs between");
        Map<String, byte[]> after = files(ledger);
        assertThat(after).containsOnlyKeys(before.keySet());
        before.forEach((k, v) -> assertThat(after.get(k)).isEqualTo(v));

        Files.delete(clash);
        study(b, "{\"seeds\":2,\"epochs\":4}", "smoothkd run x", "2026-12-02T10:00:00Z");
        assertThatThrownBy(() -> Ledger.merge(List.of(b), ledger)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("describes another study")
                .hasMessageContaining("epochs: 3 vs 4");
        Map<String, byte[]> afterConfig = files(ledger);
        before.forEach((k, v) -> assertThat(afterConfig.get(k)).isEqualTo(v));
    }

    @Test
    void aFolderWithoutStudyJsonIsOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("src/cells"));
        CliTest.Result r = CliTest.run("merge", dir.resolve("src").toString(), "--into", dir.resolve("l").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("no study.json in");
        assertThat(Files.exists(dir.resolve("l"))).isFalse();
    }
}

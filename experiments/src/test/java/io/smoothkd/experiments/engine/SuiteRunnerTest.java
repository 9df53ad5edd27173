package io.smoothkd.experiments.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tiny suite on real MNIST, run whole, killed with {@code kill -9} and resumed, and split into shards run as
 * concurrent processes: the cells must come out the same every way.
 */
class SuiteRunnerTest {
    static final String TINY = """
            suite: mnist-distillation
            data: mnist
            validation_size: 500
            train_limit: 1500
            test_limit: 500
            teacher: {net: 784-48-10, alphas: [0.0, 0.1], epochs: 2, jitter: 1}
            student: {net: 784-32-10, epochs: 2, temperatures: [2], ls_alphas: [0.1]}
            """;
    @TempDir
    static Path dir;
    static Path config;
    static Path whole;

    @BeforeAll
    static void runWholeSuiteInAChildProcess() throws Exception {
        config = dir.resolve("tiny.yaml");
        Files.writeString(config, TINY);
        whole = dir.resolve("whole");
        Process p = smoothkd(whole, "run", "mnist-distillation", "--config", config.toString(), "--out",
                whole.toString());
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(whole.resolveSibling("whole.log"))).isZero();
    }

    /** The CLI in a child JVM (surefire's class path), output to {@code <out>.log}. */
    static Process smoothkd(Path out, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g", "-cp", System.getProperty("java.class.path"), "io.smoothkd.experiments.cli.SmoothKd"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling(out.getFileName() + ".log").toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        return pb.start();
    }

    /** Every cell file's content without wall-clock fields, by id. */
    static Map<String, JsonNode> cells(Path results) throws Exception {
        Map<String, JsonNode> m = new TreeMap<>();
        try (Stream<Path> files = Files.list(results.resolve("cells"))) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                ObjectNode n = (ObjectNode) new ObjectMapper().readTree(f.toFile());
                n.remove("cell_seconds");
                ObjectNode metrics = (ObjectNode) n.get("metrics");
                metrics.remove(List.of("train_seconds", "mean_examples_per_second"));
                for (JsonNode h : (ArrayNode) metrics.get("history")) {
                    ((ObjectNode) h).remove(List.of("seconds", "examples_per_second"));
                }
                m.put(f.getFileName().toString(), n);
            }
        }
        return m;
    }

    @Test
    void wholeRunHasEveryCellWithTheContractedFields() throws Exception {
        Map<String, JsonNode> cells = cells(whole);
        assertThat(cells.keySet()).containsExactly("student-mnist-from-a0-T2-b0.6-s1.json",
                "student-mnist-from-a0.1-T2-b0.6-s1.json", "student-mnist-labels-s1.json", "student-mnist-ls0.1-s1.json",
                "teacher-mnist-a0-s1.json", "teacher-mnist-a0.1-s1.json");
        JsonNode d = cells.get("student-mnist-from-a0.1-T2-b0.6-s1.json");
        assertThat(d.get("kind").asText()).isEqualTo("student");
        assertThat(d.get("family").asText()).isEqualTo("distilled");
        assertThat(d.get("params").get("teacher").asText()).isEqualTo("teacher-mnist-a0.1-s1");
        assertThat(d.get("params").get("gamma").asDouble()).isBetween(0.0, 1.0);
        assertThat(d.get("metrics").get("test_accuracy").asDouble()).isGreaterThan(0.3);
        assertThat(cells.get("student-mnist-ls0.1-s1.json").get("params").get("gamma").asDouble()).isEqualTo(0.1);
        assertThat(cells.get("teacher-mnist-a0.1-s1.json").get("family").asText()).isEqualTo("ls");
        assertThat(whole.resolve("runs/teacher-mnist-a0-s1/model.zip")).exists();
        try (Stream<Path> files = Files.walk(whole)) {
            assertThat(files.map(Path::toString)).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void killedMidSuiteAndResumedGivesTheSameCells() throws Exception {
        Path out = dir.resolve("killed");
        Process p = smoothkd(out, "run", "mnist-distillation", "--config", config.toString(), "--out", out.toString());
        Path cellsDir = out.resolve("cells");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (p.isAlive() && System.nanoTime() < deadline && count(cellsDir) < 2) {
            Thread.sleep(100);
        }
        assertThat(p.isAlive()).as("the suite must still be running when it is killed").isTrue();
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor();
        Map<String, JsonNode> before = cells(out);
        Map<String, byte[]> beforeBytes = new TreeMap<>();
        for (String f : before.keySet()) {
            beforeBytes.put(f, Files.readAllBytes(cellsDir.resolve(f)));
        }
        assertThat(before.size()).isBetween(2, 5);

        Process again = smoothkd(out.resolveSibling("killed-resume"), "run", "mnist-distillation", "--config",
                config.toString(), "--out", out.toString(), "--resume");
        assertThat(again.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(again.exitValue()).isZero();
        for (Map.Entry<String, byte[]> e : beforeBytes.entrySet()) {
            assertThat(Files.readAllBytes(cellsDir.resolve(e.getKey()))).as("finished cell %s untouched", e.getKey())
                    .isEqualTo(e.getValue());
        }
        assertThat(cells(out)).isEqualTo(cells(whole));
    }

    @Test
    void shardsRunConcurrentlyMergeToTheUnshardedRun() throws Exception {
        Path out = dir.resolve("sharded");
        List<Process> shards = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shards.add(smoothkd(out.resolveSibling("shard" + i), "run", "mnist-distillation", "--config",
                    config.toString(), "--out", out.toString(), "--shard", i + "/3", "--resume"));
        }
        for (Process p : shards) {
            assertThat(p.waitFor(400, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertThat(cells(out)).isEqualTo(cells(whole));
    }

    @Test
    void refusesAFolderWithResultsUnlessResumeOrForce() {
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        StudyConfig c = ConfigLoader.load(config, false);
        assertThatThrownBy(() -> runner.run(c, whole, Shard.ALL, false, false))
                .hasMessageContaining("already holds results").hasMessageContaining("--resume");
        assertThatThrownBy(() -> Shard.parse("3/3")).hasMessageContaining("0 <= i < n");
        assertThat(Shard.parse("1/4").owns(5)).isTrue();
    }

    @Test
    void secondRunOfFinishedCellsIsANoOp() throws Exception {
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        Map<String, JsonNode> before = cells(whole);
        long stamp = Files.getLastModifiedTime(whole.resolve("cells/teacher-mnist-a0-s1.json")).toMillis();
        SuiteRunner.Summary s = runner.run(ConfigLoader.load(config, false), whole, Shard.ALL, true, false);
        assertThat(s.ran()).isZero();
        assertThat(s.skipped()).isEqualTo(6);
        assertThat(cells(whole)).isEqualTo(before);
        assertThat(Files.getLastModifiedTime(whole.resolve("cells/teacher-mnist-a0-s1.json")).toMillis())
                .isEqualTo(stamp);
    }

    static long count(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".json")).count();
        }
    }

}

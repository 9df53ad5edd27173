package io.smoothkd.experiments.engine;

import io.smoothkd.runs.Shard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smoothkd.experiments.config.ConfigLoader;
import io.smoothkd.experiments.config.StudyConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import io.smoothkd.runs.FingerprintMismatchException;
import io.smoothkd.experiments.cli.CliTest;

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
            assertThat(files.map(Path::toString)).noneMatch(n -> n.endsWith(".tmp") || n.endsWith(".lock"));
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
        try (Stream<Path> files = Files.walk(out)) {
            assertThat(files.map(Path::toString)).as("locks of concurrent shards removed").noneMatch(
                    n -> n.endsWith(".lock"));
        }
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


    /** The tiny config with one line of it replaced (the replacement must change it). */
    static Path variant(String name, String from, String to) throws Exception {
        assertThat(TINY).contains(from);
        Path f = dir.resolve(name + ".yaml");
        Files.writeString(f, TINY.replace(from, to));
        return f;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "teacher epochs|teacher: {net: 784-48-10, alphas: [0.0, 0.1], epochs: 2|teacher: {net: 784-48-10, alphas: [0.0, 0.1], epochs: 30|epochs = 2 there, 30 now",
            "training set|train_limit: 1500|train_limit: 1600|train_limit = 1500 there, 1600 now",
            "learning rate|jitter: 1}|jitter: 1, lr: 0.01}|learning_rate = 0.001 there, 0.01 now",
            "teacher net|teacher: {net: 784-48-10|teacher: {net: 784-64-10|net = 784-48-10 there, 784-64-10 now"})
    void resumeAfterAConfigChangeIsRefusedNamingTheFirstDifferingKey(String name, String from, String to,
                                                                     String expected) throws Exception {
        Path changed = variant("changed-" + name.replace(' ', '-'), from, to);
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        byte[] study = Files.readAllBytes(whole.resolve("study.json"));
        Map<String, JsonNode> before = cells(whole);
        assertThatThrownBy(() -> runner.run(ConfigLoader.load(changed, false), whole, Shard.ALL, true, false))
                .isInstanceOf(FingerprintMismatchException.class).hasMessageContaining(expected)
                .hasMessageContaining("--force");
        assertThat(Files.readAllBytes(whole.resolve("study.json"))).as("study.json not rewritten").isEqualTo(study);
        assertThat(cells(whole)).isEqualTo(before);
    }

    @Test
    void quickCellsAreNeverReusedAsFullResults() throws Exception {
        Path withQuick = dir.resolve("with-quick.yaml");
        Files.writeString(withQuick, TINY + "quick: {train_limit: 600, teacher: {epochs: 1}}\n");
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        assertThatThrownBy(() -> runner.run(ConfigLoader.load(withQuick, true), whole, Shard.ALL, true, false))
                .isInstanceOf(FingerprintMismatchException.class).hasMessageContaining("epochs = 2 there, 1 now");
        // and the same from the command line: exit 2 and one line
        CliTest.Result r = CliTest.run("run", "mnist-distillation", "--config", withQuick.toString(), "--quick",
                "--out", whole.toString(), "--resume");
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("was computed with other settings (epochs = 2 there, 1 now)");
    }

    /** A copy of a results folder. */
    static Path copy(Path from, String name) throws Exception {
        Path to = dir.resolve(name);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return to;
    }

    @Test
    void anEmptyCellIsRunAgainAndTemporariesOfKilledWritesAreRemoved() throws Exception {
        Path out = copy(whole, "power-loss");
        Files.write(out.resolve("cells/student-mnist-labels-s1.json"), new byte[0]); // what a power loss can leave
        long dead = 4_000_000;
        while (ProcessHandle.of(dead).isPresent()) {
            dead++;
        }
        String host = io.smoothkd.core.data.AtomicFiles.hostName().replaceAll("[^A-Za-z0-9.-]", "_");
        Path staleCell = out.resolve("cells/.student-mnist-labels-s1.json~" + dead + "-1@" + host + ".tmp");
        Files.write(staleCell, new byte[100]);
        Path staleCheckpoint = out.resolve("runs/teacher-mnist-a0-s1/checkpoints/.checkpoint-2.zip~" + dead + "-1@"
                + host + ".tmp");
        Files.createDirectories(staleCheckpoint.getParent()); // a finished run has removed its checkpoints/
        Files.write(staleCheckpoint, new byte[1 << 20]);
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        SuiteRunner.Summary s = runner.run(ConfigLoader.load(config, false), out, Shard.ALL, true, false);
        assertThat(s.ran()).isEqualTo(1);
        assertThat(s.skipped()).isEqualTo(5);
        assertThat(cells(out)).isEqualTo(cells(whole));
        assertThat(staleCell).doesNotExist();
        assertThat(staleCheckpoint).doesNotExist();
    }

    @Test
    void forceDeletesOnlyWhatRunsOfOursWrote() throws Exception {
        Path out = copy(whole, "forced");
        Files.writeString(out.resolve("notes.txt"), "mine");
        Files.writeString(out.resolve("runs/my-analysis.py"), "mine");
        Files.createDirectories(out.resolve("runs/elsewhere"));
        Files.writeString(out.resolve("runs/elsewhere/model.zip"), "a model of mine, not a run of SmoothKD");
        Files.writeString(out.resolve("runs/teacher-mnist-a0-s1/plot.py"), "mine");
        Path one = dir.resolve("one-teacher.yaml");
        Files.writeString(one, """
                suite: mnist-distillation
                data: mnist
                validation_size: 200
                train_limit: 600
                test_limit: 200
                teacher: {net: 784-16-10, alphas: [0.0], epochs: 1}
                student: {from_labels: false, temperatures: [], ls_alphas: []}
                similar_pair: none
                """);
        SuiteRunner runner = EngineModule.injector().getInstance(SuiteRunner.class);
        runner.run(ConfigLoader.load(one, false), out, Shard.ALL, false, true);
        for (String mine : new String[] {"notes.txt", "runs/my-analysis.py", "runs/elsewhere/model.zip",
                "runs/teacher-mnist-a0-s1/plot.py"}) {
            assertThat(out.resolve(mine)).as(mine).exists();
        }
        try (Stream<Path> c = Files.list(out.resolve("cells"))) {
            assertThat(c.map(p -> p.getFileName().toString())).containsExactly("teacher-mnist-a0-s1.json");
        }
        assertThat(out.resolve("runs/student-mnist-labels-s1")).doesNotExist();
        // a folder with cells/ but no study.json is not ours: --force refuses to delete from it
        Path foreign = Files.createDirectories(dir.resolve("foreign/cells"));
        Files.writeString(foreign.resolve("data.json"), "{}");
        assertThatThrownBy(() -> runner.run(ConfigLoader.load(one, false), foreign.getParent(), Shard.ALL, false,
                true)).hasMessageContaining("not a SmoothKD results folder");
        assertThat(foreign.resolve("data.json")).exists();
    }
}

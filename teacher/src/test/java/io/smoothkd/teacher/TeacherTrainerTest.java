package io.smoothkd.teacher;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.data.Npy;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.representation.NetworkLogits;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.runs.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** A short teacher training on real MNIST and the run folder it leaves. */
class TeacherTrainerTest {
    static final RunConfig CONFIG = new RunConfig("mnist", NetSpec.parse("784-128-10"), 0.1, 2, 64, 2e-3, 0.9, 0.0,
            0.2, 1, 1000, 0, 3, 4000, 2000);
    @TempDir
    static Path dir;
    static io.smoothkd.runs.RunTrainer.Result result;

    @BeforeAll
    static void train() throws Exception {
        result = new TeacherTrainer(DatasetRepository.atDefaultLocation()).train(CONFIG, dir.resolve("t"), false, false);
    }

    @Test
    void beatsChanceByFarOnRealMnist() throws Exception {
        assertThat((double) result.metrics().get("test_accuracy")).isGreaterThan(0.85);
        // the error against an independent count: rows of the saved test logits whose arg-max is not the label
        float[][] logits = Npy.read(dir.resolve("t/logits-test.npy")).toFloatMatrix();
        long[] labels = Npy.read(dir.resolve("t/labels-test.npy")).toLongVector();
        assertThat(labels).hasSize(logits.length);
        int wrong = 0;
        for (int i = 0; i < logits.length; i++) {
            int best = 0;
            for (int k = 1; k < logits[i].length; k++) {
                if (logits[i][k] > logits[i][best]) {
                    best = k;
                }
            }
            if (best != labels[i]) {
                wrong++;
            }
        }
        assertThat((double) result.metrics().get("test_error")).isCloseTo((double) wrong / logits.length,
                within(1e-12));
    }

    @Test
    void runFolderRoundTrips() throws Exception {
        Path t = dir.resolve("t");
        for (String f : new String[] {"model.zip", "provenance.json", "metrics.json", "logits-train.npy",
                "logits-test.npy"}) {
            assertThat(t.resolve(f)).exists();
        }
        MultiLayerNetwork loaded = ModelSerializer.restoreMultiLayerNetwork(t.resolve("model.zip").toFile());
        var repo = DatasetRepository.atDefaultLocation();
        var test = repo.load("mnist", io.smoothkd.core.data.Split.TEST);
        INDArray saved = Npy.read(t.resolve("logits-test.npy"));
        assertThat(saved.shape()).containsExactly(2000, 10);
        INDArray recomputed = NetworkLogits.of(loaded, test.features().getRows(java.util.stream.IntStream.range(0, 2000)
                .toArray()), 500);
        assertThat(recomputed.equalsWithEps(saved, 1e-5)).isTrue();
        INDArray train = Npy.read(t.resolve("logits-train.npy"));
        assertThat(train.shape()).containsExactly(60000, 10);
        // a finished run keeps no checkpoints, and model.zip carries no updater state (inference and distillation only)
        assertThat(t.resolve("checkpoints")).doesNotExist();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(t.resolve("model.zip").toFile())) {
            assertThat(zip.getEntry("configuration.json")).isNotNull();
            assertThat(zip.getEntry("updaterState.bin")).isNull();
        }
        INDArray labels = Npy.read(t.resolve("labels-test.npy")); // beside the logits, in their row order
        assertThat(labels.shape()).containsExactly(2000);
        for (int i = 0; i < 2000; i++) {
            assertThat(labels.getLong(i)).as("row %d", i).isEqualTo(test.labels()[i]);
        }

        JsonNode prov = new ObjectMapper().readTree(t.resolve("provenance.json").toFile());
        assertThat(prov.get("kind").asText()).isEqualTo("teacher");
        assertThat(prov.get("config").get("alpha").asDouble()).isEqualTo(0.1);
        assertThat(prov.get("config").get("net").asText()).isEqualTo("784-128-10");
        assertThat(prov.get("data_sha256").size()).isEqualTo(4);
        for (String k : new String[] {"git_commit", "versions", "machine", "backend", "timings_seconds", "classes"}) {
            assertThat(prov.has(k)).as(k).isTrue();
        }
        assertThat(prov.get("versions").get("deeplearning4j").asText()).isEqualTo("1.0.0-M2.1");
        JsonNode metrics = new ObjectMapper().readTree(t.resolve("metrics.json").toFile());
        for (String k : new String[] {"test_accuracy", "test_error", "test_ece", "test_nll", "test_brier",
                "temperature", "test_ece_after_scaling", "test_nll_after_scaling", "history"}) {
            assertThat(metrics.has(k)).as(k).isTrue();
        }
        assertThat(metrics.get("temperature_fitted_on").asText()).isEqualTo("validation");
    }

    @Test
    void refusesAFolderHoldingAnotherRunUnlessResumeOrForce() throws Exception {
        Path t = dir.resolve("t");
        TeacherTrainer trainer = new TeacherTrainer(DatasetRepository.atDefaultLocation());
        assertThatThrownBy(() -> trainer.train(CONFIG, t, false, false)).hasMessageContaining("already holds a run")
                .hasMessageContaining("--resume").hasMessageContaining("--force");
        // resuming a finished run returns it as it is
        io.smoothkd.runs.RunTrainer.Result again = trainer.train(CONFIG, t, true, false);
        assertThat(again.metrics().get("test_accuracy")).isEqualTo(result.metrics().get("test_accuracy"));
        Map<String, Object> before = RunFolder.open(t).readMap(RunFolder.PROVENANCE);
        assertThat(before.get("kind")).isEqualTo("teacher");
        assertThat(Files.exists(t.resolve("checkpoints"))).as("a finished run keeps no checkpoints").isFalse();
    }

    /** A copy of the finished run folder (its files and checkpoints). */
    static Path copyOfRun(String name) throws Exception {
        Path from = dir.resolve("t");
        Path to = dir.resolve(name);
        try (var files = Files.walk(from)) {
            for (Path f : files.toList()) {
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

    static RunConfig withAlpha(double alpha) {
        return new RunConfig("mnist", CONFIG.net(), alpha, CONFIG.epochs(), CONFIG.batchSize(), CONFIG.learningRate(),
                CONFIG.learningRateDecay(), CONFIG.inputDropout(), CONFIG.hiddenDropout(), CONFIG.jitter(),
                CONFIG.validationSize(), CONFIG.patience(), CONFIG.seed(), CONFIG.trainLimit(), CONFIG.testLimit());
    }

    @Test
    void resumingAFinishedTeacherWithAnotherAlphaIsRefusedNotReturned() throws Exception {
        Path t = copyOfRun("t-alpha");
        TeacherTrainer trainer = new TeacherTrainer(DatasetRepository.atDefaultLocation());
        assertThatThrownBy(() -> trainer.train(withAlpha(0.0), t, true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha = 0.1 there, 0 now");
        // an unfinished run (checkpoints, no provenance) with another net is refused too, not continued
        Files.delete(t.resolve("provenance.json"));
        RunConfig otherNet = new RunConfig("mnist", NetSpec.parse("784-64-10"), 0.1, 2, 64, 2e-3, 0.9, 0.0, 0.2, 1,
                1000, 0, 3, 4000, 2000);
        assertThatThrownBy(() -> trainer.train(otherNet, t, true, false))
                .hasMessageContaining("net = 784-128-10 there, 784-64-10 now");
    }

    @Test
    void forceNextToAUsersFileReplacesTheRunAndKeepsTheFile() throws Exception {
        Path t = copyOfRun("t-force");
        Files.writeString(t.resolve("chapter1.tex"), "\\chapter{Introduction}");
        io.smoothkd.runs.RunTrainer.Result r = new TeacherTrainer(DatasetRepository.atDefaultLocation()).train(CONFIG, t, false,
                true);
        assertThat(Files.readString(t.resolve("chapter1.tex"))).isEqualTo("\\chapter{Introduction}");
        assertThat(r.metrics().get("test_accuracy")).isEqualTo(result.metrics().get("test_accuracy"));
        // files are created with the umask's permissions, readable by the group like the user's own file
        assertThat(Files.getPosixFilePermissions(t.resolve("model.zip")))
                .isEqualTo(Files.getPosixFilePermissions(t.resolve("chapter1.tex")));
    }
}

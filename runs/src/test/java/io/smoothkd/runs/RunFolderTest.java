package io.smoothkd.runs;

import io.smoothkd.core.nets.NetSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What --force may delete, and what --resume accepts: a run folder's marker and fingerprint. */
class RunFolderTest {
    static final RunConfig CONFIG = new RunConfig("mnist", NetSpec.parse("784-16-10"), 0.0, 3, 64, 1e-3, 0.95, 0.2,
            0.5, 0, 100, 0, 1, 600, 200);

    static RunConfig with(double alpha, String net, int epochs, int trainLimit, double lr) {
        return new RunConfig("mnist", NetSpec.parse(net), alpha, epochs, 64, lr, 0.95, 0.2, 0.5, 0, 100, 0, 1,
                trainLimit, 200);
    }

    /**
     * A finished run (model and logits stand in as bytes: only names matter here), with the checkpoints that runs of
     * earlier versions kept after finishing.
     */
    static void finishedRun(Path dir, RunConfig config) throws Exception {
        RunFolder f = RunFolder.create(dir, "teacher", Fingerprint.of(config), false, false);
        Files.writeString(dir.resolve("model.zip"), "zip");
        Files.writeString(dir.resolve("logits-train.npy"), "npy");
        f.finish(Map.of("test_accuracy", 0.9), Map.of("kind", "teacher", "config", config.toMap()));
        checkpoints(dir);
    }

    private static void checkpoints(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("checkpoints/checkpoint-3.zip"), "zip");
        Files.writeString(dir.resolve("checkpoints/best.zip"), "zip");
        Files.writeString(dir.resolve("checkpoints/checkpoint.json"), "{\"completed_epochs\": 3}");
    }

    @Test
    void finishingARunRemovesItsCheckpointsButNotTheUsersFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        RunFolder f = RunFolder.create(dir, "teacher", Fingerprint.of(CONFIG), false, false);
        checkpoints(dir);
        f.finish(Map.of("test_accuracy", 0.9), Map.of("kind", "teacher", "config", CONFIG.toMap()));
        assertThat(dir.resolve("checkpoints")).doesNotExist();
        Path other = tmp.resolve("other");
        RunFolder g = RunFolder.create(other, "teacher", Fingerprint.of(CONFIG), false, false);
        checkpoints(other);
        Files.writeString(other.resolve("checkpoints/my-notes.txt"), "mine");
        g.finish(Map.of("test_accuracy", 0.9), Map.of("kind", "teacher", "config", CONFIG.toMap()));
        assertThat(other.resolve("checkpoints/my-notes.txt")).exists();
        assertThat(other.resolve("checkpoints/best.zip")).doesNotExist();
    }

    @Test
    void forceDeletesOnlyTheRunsOwnFilesNextToTheUsersFiles(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("thesis");
        finishedRun(dir, CONFIG);
        Files.writeString(dir.resolve("chapter1.tex"), "my thesis");
        Files.writeString(dir.resolve("checkpoints/my-notes.txt"), "mine");
        RunFolder.create(dir, "teacher", Fingerprint.of(CONFIG), false, true);
        assertThat(Files.readString(dir.resolve("chapter1.tex"))).isEqualTo("my thesis");
        assertThat(dir.resolve("checkpoints/my-notes.txt")).exists();
        for (String gone : new String[] {"model.zip", "provenance.json", "metrics.json", "logits-train.npy",
                "checkpoints/checkpoint-3.zip", "checkpoints/best.zip", "checkpoints/checkpoint.json"}) {
            assertThat(dir.resolve(gone)).as(gone).doesNotExist();
        }
        assertThat(dir.resolve(RunFolder.MARKER)).exists(); // the new run's marker
    }

    @Test
    void aFolderThatIsNotARunIsNeverDeletedFromEvenWithForce(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("thesis"));
        Files.writeString(dir.resolve("model.zip"), "a model the user made elsewhere");
        Files.writeString(dir.resolve("chapter1.tex"), "my thesis");
        for (boolean resume : new boolean[] {false, true}) {
            assertThatThrownBy(() -> RunFolder.create(dir, "teacher", Fingerprint.of(CONFIG), resume, !resume))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a SmoothKD run folder")
                    .hasMessageContaining("model.zip");
        }
        assertThat(Files.readString(dir.resolve("model.zip"))).isEqualTo("a model the user made elsewhere");
        assertThat(dir.resolve("chapter1.tex")).exists();
        // a folder with only unrelated files is a fine place for a run (and keeps them)
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("chapter1.tex"), "x");
        RunFolder.create(other, "teacher", Fingerprint.of(CONFIG), false, false);
        assertThat(other.resolve("chapter1.tex")).exists();
    }

    @Test
    void resumeWithOtherSettingsNamesTheFirstDifferingKeyAndBothValues(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("t");
        finishedRun(dir, CONFIG);
        Object[][] cases = {
                {with(0.1, "784-16-10", 3, 600, 1e-3), "alpha = 0 there, 0.1 now"},
                {with(0.0, "784-32-10", 3, 600, 1e-3), "net = 784-16-10 there, 784-32-10 now"},
                {with(0.0, "784-16-10", 30, 600, 1e-3), "epochs = 3 there, 30 now"},
                {with(0.0, "784-16-10", 3, 5000, 1e-3), "train_limit = 600 there, 5000 now"},
                {with(0.0, "784-16-10", 3, 600, 1e-2), "learning_rate = 0.001 there, 0.01 now"}};
        for (Object[] c : cases) {
            Fingerprint wanted = Fingerprint.of((RunConfig) c[0]);
            assertThatThrownBy(() -> RunFolder.finished(dir, "teacher", wanted))
                    .isInstanceOf(FingerprintMismatchException.class).hasMessageContaining((String) c[1])
                    .hasMessageContaining(dir.toString());
            assertThatThrownBy(() -> RunFolder.create(dir, "teacher", wanted, true, false))
                    .isInstanceOf(FingerprintMismatchException.class).hasMessageContaining((String) c[1]);
        }
        assertThat(RunFolder.finished(dir, "teacher", Fingerprint.of(CONFIG))).isPresent();
        assertThatThrownBy(() -> RunFolder.finished(dir, "student", Fingerprint.of(CONFIG)))
                .hasMessageContaining("holds a teacher run");
    }

    @Test
    void anUnfinishedRunIsCheckedByItsMarker(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("t");
        RunFolder.create(dir, "teacher", Fingerprint.of(CONFIG), false, false);
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("checkpoints/checkpoint.json"), "{\"completedEpochs\": 1}");
        assertThat(RunFolder.finished(dir, "teacher", Fingerprint.of(CONFIG))).isEmpty();
        assertThatThrownBy(() -> RunFolder.create(dir, "teacher", Fingerprint.of(with(0.0, "784-32-10", 3, 600, 1e-3)),
                true, false)).hasMessageContaining("net = 784-16-10 there, 784-32-10 now");
    }

    @Test
    void aRunOfAnEarlierVersionIsRecognisedByItsProvenance(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("old");
        finishedRun(dir, CONFIG);
        Files.delete(dir.resolve(RunFolder.MARKER));
        assertThatThrownBy(() -> RunFolder.finished(dir, "teacher", Fingerprint.of(with(0.1, "784-16-10", 3, 600,
                1e-3)))).hasMessageContaining("alpha = 0 there, 0.1 now");
        Files.writeString(dir.resolve("notes.txt"), "keep");
        RunFolder.create(dir, "teacher", Fingerprint.of(CONFIG), false, true);
        assertThat(dir.resolve("model.zip")).doesNotExist();
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void anEmptyProvenanceFromAnInterruptedWriteIsAnUnfinishedRun(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("t");
        finishedRun(dir, CONFIG);
        Files.write(dir.resolve(RunFolder.PROVENANCE), new byte[0]);
        assertThat(RunFolder.finished(dir, "teacher", Fingerprint.of(CONFIG))).isEmpty();
    }

    @Test
    void fingerprintsCompareNumbersByValueAndReportAbsentKeys() {
        Fingerprint a = new Fingerprint(Map.of("seed", 1));
        assertThat(a.firstDifference(new Fingerprint(Map.of("seed", 1L)))).isEmpty();
        assertThat(a.firstDifference(new Fingerprint(Map.of("seed", 1.0)))).isEmpty();
        assertThat(a.firstDifference(new Fingerprint(Map.of("seed", 2))).orElseThrow().describe())
                .isEqualTo("seed = 1 there, 2 now");
        assertThat(a.with("", Map.of("quick", true)).firstDifference(a).orElseThrow().describe())
                .isEqualTo("quick = true there, (absent) now");
    }
}

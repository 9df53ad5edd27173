package io.smoothkd.runs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lock of a run: exclusive across processes; its files are removed by {@link RunLock#removeAll}, which leaves
 * anything else alone.
 */
class RunLockTest {
    static final int PROCESSES = 4;
    static final int ROUNDS = 15;

    /**
     * Child process: {@code ROUNDS} times, under the lock, reads a counter, sleeps and writes it back plus one; a
     * second holder at the same time would lose increments. {@code args}: lock file, counter file.
     */
    public static void main(String[] args) throws Exception {
        Path lock = Path.of(args[0]);
        Path counter = Path.of(args[1]);
        for (int i = 0; i < ROUNDS; i++) {
            RunLock.withLock(lock, () -> {
                int n = Integer.parseInt(Files.readString(counter).trim());
                sleep(3);
                Files.writeString(counter, Integer.toString(n + 1));
                return null;
            });
            sleep(1); // let the others in
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void processesTakingTurnsLoseNoIncrement(@TempDir Path dir) throws Exception {
        Path lock = dir.resolve("runs/teacher-x.lock");
        Files.createDirectories(lock.getParent());
        Path counter = Files.writeString(dir.resolve("counter"), "0");
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            children.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RunLockTest.class.getName(), lock.toString(),
                    counter.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("child" + i + ".log").toFile()).start());
        }
        for (int i = 0; i < PROCESSES; i++) {
            Process p = children.get(i);
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("child" + i + ".log"))).isZero();
        }
        assertThat(Files.readString(counter)).isEqualTo(Integer.toString(PROCESSES * ROUNDS));
    }

    @Test
    void removeAllDeletesOurLockFilesOnly(@TempDir Path runs) throws Exception {
        assertThat(RunLock.withLock(runs.resolve("a.lock"), () -> 42)).isEqualTo(42);
        assertThatThrownBy(() -> RunLock.withLock(runs.resolve("b.lock"), () -> {
            throw new IOException("disk full");
        })).hasMessage("disk full");
        Files.writeString(runs.resolve("notes.lock"), "a file of the user's that happens to end in .lock");
        Files.createDirectories(runs.resolve("teacher-x.lock"));
        Files.writeString(runs.resolve("model.zip"), "");
        assertThat(RunLock.removeAll(runs)).isEqualTo(2);
        try (var left = Files.list(runs)) {
            assertThat(left.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("notes.lock",
                    "teacher-x.lock", "model.zip");
        }
        assertThat(RunLock.removeAll(runs.resolve("absent"))).isZero();
    }
}

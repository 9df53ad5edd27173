package io.smoothkd.core.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one atomic writer: content, permissions, no temporary file left, stale temporaries of killed writes removed. */
class AtomicFilesTest {
    static String host() {
        return AtomicFiles.hostName().replaceAll("[^A-Za-z0-9.-]", "_");
    }

    @Test
    void theHostNameIsTheKernelsWithoutANameLookup() throws Exception {
        // uname -n, read here through the process, not the file the code reads
        Process p = new ProcessBuilder("uname", "-n").redirectErrorStream(true).start();
        String uname = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).isZero();
        assertThat(AtomicFiles.hostName()).isEqualTo(uname);
    }

    /** A process id that is not running here. */
    static long deadPid() {
        long pid = 4_000_000;
        while (ProcessHandle.of(pid).isPresent()) {
            pid++;
        }
        return pid;
    }

    @Test
    void writesTheContentAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cell.json");
        Files.writeString(f, "old");
        AtomicFiles.write(f, "new content".getBytes());
        assertThat(Files.readString(f)).isEqualTo("new content");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("cell.json");
        }
    }

    @Test
    void aFailedWriteKeepsTheOldFileAndLeavesNoTemporary(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("model.zip");
        Files.writeString(f, "old");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        })).hasMessageContaining("disk full");
        assertThat(Files.readString(f)).isEqualTo("old");
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }

    @Test
    void filesGetThePermissionsOfTheUmaskNot0600(@TempDir Path dir) throws Exception {
        Path reference = Files.createFile(dir.resolve("reference")); // what the umask gives a new file
        Path f = dir.resolve("metrics.json");
        AtomicFiles.write(f, "{}".getBytes());
        Set<PosixFilePermission> got = Files.getPosixFilePermissions(f);
        assertThat(got).isEqualTo(Files.getPosixFilePermissions(reference));
        Path temp = Files.createTempFile(dir, "x", ".tmp"); // the old way: 0600 whatever the umask
        assertThat(Files.getPosixFilePermissions(temp)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ,
                PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void staleTemporariesOfDeadWritersAreRemovedOthersKept(@TempDir Path dir) throws Exception {
        Path dead = dir.resolve(".model.zip~" + deadPid() + "-1@" + host() + ".tmp");
        Files.write(dead, new byte[1234]);
        Path alive = dir.resolve(".model.zip~" + ProcessHandle.current().pid() + "-1@" + host() + ".tmp");
        Files.write(alive, new byte[10]);
        Path otherHostRecent = dir.resolve(".cell.json~" + deadPid() + "-1@some-other-node.tmp");
        Files.write(otherHostRecent, new byte[10]);
        Path otherHostOld = dir.resolve(".cell.json~17-1@some-other-node.tmp");
        Files.write(otherHostOld, new byte[10]);
        Files.setLastModifiedTime(otherHostOld, FileTime.from(Instant.now().minus(7, ChronoUnit.HOURS)));
        Path legacyOld = dir.resolve(".checkpoint-3.zip8127361283.tmp"); // Files.createTempFile of earlier versions
        Files.write(legacyOld, new byte[100]);
        Files.setLastModifiedTime(legacyOld, FileTime.from(Instant.now().minus(7, ChronoUnit.HOURS)));
        Path userFile = dir.resolve("notes.tmp");
        Files.write(userFile, new byte[5]);

        assertThat(AtomicFiles.removeStaleTemporaries(dir)).isEqualTo(1234 + 10 + 100);
        assertThat(dead).doesNotExist();
        assertThat(otherHostOld).doesNotExist();
        assertThat(legacyOld).doesNotExist();
        assertThat(alive).exists();
        assertThat(otherHostRecent).exists();
        assertThat(userFile).exists(); // not hidden, not ours
    }

    @Test
    void aKilledWriteLeavesATemporaryThatTheNextStartRemoves(@TempDir Path dir) throws Exception {
        // A child JVM writes through AtomicFiles and is killed with SIGKILL in the middle of the write.
        Path target = dir.resolve("big.bin");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), SlowWriter.class.getName(), target.toString());
        Process p = pb.inheritIO().start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        // wait until the writer has put bytes into its temporary (on a loaded machine the file can exist for a while
        // before its first write)
        while (System.nanoTime() < deadline && temporaryBytes(dir) == 0) {
            Thread.sleep(20);
        }
        assertThat(temporaries(dir)).as("the writer's temporary file").isEqualTo(1);
        p.destroyForcibly();
        p.waitFor();
        assertThat(target).doesNotExist();
        assertThat(temporaries(dir)).isEqualTo(1); // what a kill -9 leaves behind
        assertThat(AtomicFiles.removeStaleTemporaries(dir)).isPositive();
        assertThat(temporaries(dir)).isZero();
    }

    static long temporaryBytes(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            long bytes = 0;
            for (Path f : (Iterable<Path>) s.filter(f -> f.getFileName().toString().endsWith(".tmp"))::iterator) {
                bytes += Files.size(f);
            }
            return bytes;
        }
    }

    static long temporaries(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(f -> f.getFileName().toString().endsWith(".tmp")).count();
        }
    }

    /** Writes slowly, forever (until killed). */
    public static final class SlowWriter {
        public static void main(String[] args) throws Exception {
            AtomicFiles.write(Path.of(args[0]), out -> {
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(new byte[1 << 16]);
                    out.flush();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
    }
}

package io.smoothkd.runs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

/**
 * The exclusive lock of a cell's run across processes (shards of one study, on one machine or a shared file system):
 * {@code runs/<id>.lock}, kept while the study is unfinished and removed once every cell of it is finished.
 *
 * <p>Why not delete a lock file right after its work? A process B that opened the file before its holder A deleted
 * it waits on the lock of an unlinked file; when A releases, B holds that lock while a process C, opening the path
 * anew, creates and locks a second file: B and C would both run. The usual cure (after locking, check that the path
 * still names the locked file) cannot be written in Java: {@link FileLock} is a POSIX {@code fcntl} lock on Linux,
 * which the process loses as soon as it closes <em>any</em> descriptor of that file, so the check itself (opening
 * the path) would drop the lock. So lock files are deleted only when no process can need them any more:
 * {@link #removeAll} runs when every cell file of the study exists. A lock is taken only to run an unfinished cell,
 * and a cell file is written after its locked work returned; so once all exist, a process that starts later skips
 * every cell and takes no lock, and a process still running can at most be one that decided to run a cell before
 * its file appeared (a twice-started shard) and waits on or holds that cell's lock — it then finds the run finished
 * and reuses it, with nobody left to race against, since every other process sees the cell finished.
 */
public final class RunLock {
    private RunLock() {
    }

    /** Work done while holding the lock. */
    public interface Work<T> {
        T run() throws IOException;
    }

    /** Runs work holding the exclusive lock of {@code lockFile} (created when absent), blocking until it is free. */
    public static <T> T withLock(Path lockFile, Work<T> work) throws IOException {
        // Nothing else in this process may open lockFile while the lock is held: closing it would release the lock.
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = ch.lock()) {
            return work.run();
        }
    }

    /** Whether a file is one of our lock files: a regular file named {@code *.lock}, empty (as we write them). */
    public static boolean isLockFile(Path file) throws IOException {
        return file.getFileName().toString().endsWith(".lock") && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
                && Files.size(file) == 0;
    }

    /**
     * Deletes the lock files in a {@code runs/} folder; call it only when every cell of the study is finished (see
     * the class comment for why that is safe).
     *
     * @return how many were deleted
     */
    public static int removeAll(Path runsDir) throws IOException {
        if (!Files.isDirectory(runsDir)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> entries = Files.list(runsDir)) {
            for (Path e : (Iterable<Path>) entries::iterator) {
                if (isLockFile(e) && Files.deleteIfExists(e)) {
                    removed++;
                }
            }
        }
        return removed;
    }
}

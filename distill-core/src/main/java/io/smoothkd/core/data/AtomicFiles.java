package io.smoothkd.core.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way SmoothKD writes a file: into a named temporary sibling {@code .<name>~<pid>-<thread>@<host>.tmp}
 * (created with the process's umask, not 0600), flushed to disk ({@code fsync}), renamed over the target in one
 * atomic step, and the directory fsynced after the rename, so that a reader, a {@code kill -9} or a power loss
 * leaves either the old file or the new one, never half of one. A killed write leaves its temporary file behind;
 * {@link #removeStaleTemporaries} removes those whose writer is gone.
 */
public final class AtomicFiles {
    /** Our temporary files: {@code .<name>~<pid>-<thread>@<host>.tmp}. */
    private static final Pattern OURS = Pattern.compile("^\\..+~(\\d+)-\\d+@([^/~@]*)\\.tmp$");
    /** Temporary files of earlier versions ({@code Files.createTempFile(dir, ".name", ".tmp")}). */
    private static final Pattern LEGACY = Pattern.compile("^\\..+\\.tmp$");
    /** Hours after which a temporary file of another host (or of an earlier version) is stale. */
    static final int FOREIGN_HOURS = 6;
    private static final Duration FOREIGN_AGE = Duration.ofHours(FOREIGN_HOURS);
    private static final String HOST = host();

    private AtomicFiles() {
    }

    /** What writes a file's content to a stream (the stream is closed by {@link #write}). */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code content} to {@code target} atomically and durably (see the class comment). */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "~" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId() + "@" + HOST + ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), 1 << 16)) {
                content.writeTo(out);
            }
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A view of the writer's stream that a library may close (Jackson, DL4J's ModelSerializer) without closing the
     * stream itself: {@link #write(Path, Content)} closes it, then syncs the file.
     */
    public static java.io.OutputStream nonClosing(java.io.OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    /** Writes bytes atomically and durably. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Copies a file atomically and durably. */
    public static void copy(Path from, Path to) throws IOException {
        write(to, out -> Files.copy(from, out));
    }

    /** Flushes a directory's entries (a rename, a deletion) to disk; a no-op where the file system refuses. */
    public static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some file systems cannot fsync a directory; the rename itself is still atomic
        }
    }

    /** Whether a file name is a temporary file of an atomic write (ours or an earlier version's). */
    public static boolean isTemporary(String name) {
        return LEGACY.matcher(name).matches();
    }

    /**
     * Deletes the stale temporary files directly in {@code dir} (not below it): ours whose writing process on this
     * host is gone, and those of other hosts or earlier versions older than {@value #FOREIGN_HOURS} hours.
     *
     * @return the number of bytes removed
     */
    public static long removeStaleTemporaries(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".*.tmp")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!Files.isRegularFile(f) || !isTemporary(name) || !isStale(f, name)) {
                    continue;
                }
                long size = Files.size(f);
                if (Files.deleteIfExists(f)) {
                    removed += size;
                }
            }
        }
        return removed;
    }

    private static boolean isStale(Path f, String name) throws IOException {
        Matcher m = OURS.matcher(name);
        if (m.matches() && m.group(2).equals(HOST)) {
            long pid = Long.parseLong(m.group(1));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        }
        Instant modified = Files.getLastModifiedTime(f).toInstant();
        return modified.isBefore(Instant.now().minus(FOREIGN_AGE));
    }

    private static String host() {
        return hostName().replaceAll("[^A-Za-z0-9.-]", "_");
    }

    /**
     * This machine's host name as the kernel knows it ({@code /proc/sys/kernel/hostname}, i.e. {@code uname -n}),
     * else {@code $HOSTNAME}, else the resolver's; never a name lookup that can fail where the name is not in
     * {@code /etc/hosts} (containers, chroots, some cluster nodes). "unknown-host" when nothing gives one.
     * Temporaries are named by it, so that only their own host judges whether their writer is still alive.
     */
    public static String hostName() {
        try {
            String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the next sources
        }
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }
}

package io.smoothkd.runs;

import io.smoothkd.core.data.AtomicFiles;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The results folder of a study, as a {@link RunFolder} is that of one training: {@code study.json} (what the study
 * is), {@code cells/<id>.json} (one per finished cell, written atomically) and {@code runs/<id>/} (the cells' run
 * folders, with {@code runs/<id>.lock} while the study is unfinished, see {@link RunLock}).
 */
public final class ResultsFolder {
    private static final Logger LOG = LoggerFactory.getLogger(ResultsFolder.class);

    public static final String STUDY = "study.json";
    public static final String CELLS = "cells";
    public static final String RUNS = "runs";

    private ResultsFolder() {
    }

    /** The file of a cell. */
    public static Path cellFile(Path out, String id) {
        return out.resolve(CELLS).resolve(id + ".json");
    }

    /** The run folder of a cell. */
    public static Path runFolder(Path out, String id) {
        return out.resolve(RUNS).resolve(id);
    }

    /** The lock file of a cell's run (see {@link RunLock}). */
    public static Path lockFile(Path out, String id) {
        return out.resolve(RUNS).resolve(id + ".lock");
    }

    /** Whether the folder holds results of an earlier run (cells or run folders). */
    public static boolean holdsResults(Path out) {
        return Files.isDirectory(out.resolve(CELLS)) || Files.isDirectory(out.resolve(RUNS));
    }

    /**
     * A cell file that holds a readable cell (an object with an {@code id} and {@code metrics}); an empty or
     * unreadable one (an interrupted write) is not finished.
     */
    public static boolean isFinishedCell(Path file) {
        JsonNode n = RunFolder.readQuietly(file);
        return n != null && n.path("id").isTextual() && n.path("metrics").isObject();
    }

    /**
     * {@code --force}: deletes what earlier runs of ours wrote (cell files, run folders' own files, locks, temporary
     * files), nothing else; a folder that is not a results folder of ours is refused.
     *
     * @throws IllegalArgumentException when the folder has no readable {@code study.json}
     */
    public static void deleteEarlierResults(Path out) throws IOException {
        if (RunFolder.readQuietly(out.resolve(STUDY)) == null) {
            throw new IllegalArgumentException("results folder " + out + " holds cells/ or runs/ but no readable"
                    + " study.json, so it is not a SmoothKD results folder; refusing to delete from it: choose another"
                    + " --out");
        }
        Path cellsDir = out.resolve(CELLS);
        if (Files.isDirectory(cellsDir)) {
            try (Stream<Path> files = Files.list(cellsDir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String n = f.getFileName().toString();
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                            && (n.endsWith(".json") && (Files.size(f) == 0 || RunFolder.readQuietly(f) != null)
                            || AtomicFiles.isTemporary(n))) {
                        Files.delete(f);
                    }
                }
            }
            deleteIfEmpty(cellsDir);
        }
        Path runsDir = out.resolve(RUNS);
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> entries = Files.list(runsDir)) {
                for (Path e : (Iterable<Path>) entries::iterator) {
                    if (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
                        if (!RunFolder.deleteRun(e)) {
                            LOG.warn("{} is not a run folder of ours: left as it is", e);
                        }
                    } else if (RunLock.isLockFile(e) || AtomicFiles.isTemporary(e.getFileName().toString())) {
                        Files.delete(e);
                    }
                }
            }
            deleteIfEmpty(runsDir);
        }
        AtomicFiles.syncDirectory(out);
    }

    /** Removes the temporary files of killed writes: in the results folder, its cells and every run folder. */
    public static void removeStaleTemporaries(Path out) throws IOException {
        Path runsDir = out.resolve(RUNS);
        long removed = AtomicFiles.removeStaleTemporaries(out) + AtomicFiles.removeStaleTemporaries(out.resolve(CELLS))
                + AtomicFiles.removeStaleTemporaries(runsDir);
        if (removed > 0) {
            LOG.info("{}: removed {} bytes of temporary files left by interrupted writes", out, removed);
        }
        if (Files.isDirectory(runsDir)) {
            try (Stream<Path> runs = Files.list(runsDir)) {
                for (Path r : (Iterable<Path>) runs.filter(Files::isDirectory)::iterator) {
                    RunFolder.removeStaleTemporaries(r);
                }
            }
        }
    }

    private static void deleteIfEmpty(Path dir) throws IOException {
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }
}

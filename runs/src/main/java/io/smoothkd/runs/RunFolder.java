package io.smoothkd.runs;

import io.smoothkd.core.data.Npy;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import io.smoothkd.core.data.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A self-describing, resumable run folder (the README lists its files under "smoothkd teacher … and smoothkd
 * student …"): {@code run.json} (the marker: kind and
 * {@link Fingerprint}, written when the run starts), {@code model.zip} (ModelSerializer), {@code provenance.json},
 * {@code logits-train.npy}, {@code logits-test.npy}, {@code labels-test.npy}, {@code metrics.json} and {@code checkpoints/}. Every file is
 * written through {@link AtomicFiles} (temporary file, fsync, rename, fsync of the folder); {@code provenance.json}
 * is written last and marks a finished run. {@code --force} deletes only the files a run writes, and only in a folder
 * that its marker (or, from earlier versions, its provenance or checkpoint state) shows to be a run: anything else
 * in the folder is left alone, and a folder holding such file names without being a run is refused.
 */
public final class RunFolder {
    public static final String MARKER = "run.json";
    public static final String MODEL = "model.zip";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.json";
    public static final String LOGITS_TRAIN = "logits-train.npy";
    public static final String LOGITS_TEST = "logits-test.npy";
    /** The test labels (class indices, int64) in the row order of {@link #LOGITS_TEST}. */
    public static final String LABELS_TEST = "labels-test.npy";
    public static final String CHECKPOINTS = "checkpoints";
    /** The mutual-information curve a teacher measures while it trains. */
    public static final String MI_CURVE = "mi-curve.json";
    /** Every file a run writes at the top of its folder. */
    static final List<String> OWN_FILES = List.of(MODEL, PROVENANCE, METRICS, LOGITS_TRAIN, LOGITS_TEST, LABELS_TEST,
            MI_CURVE, MARKER);
    private static final Pattern OWN_CHECKPOINT = Pattern.compile("checkpoint-\\d+\\.zip|" + Pattern.quote(Trainer.BEST)
            + "|" + Pattern.quote(Trainer.STATE));
    private static final Logger LOG = LoggerFactory.getLogger(RunFolder.class);
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a folder for a run of {@code kind} made with {@code fingerprint}, and writes its marker. A folder
     * holding another run (finished, or with checkpoints) is refused unless {@code resume} (continue it: its
     * fingerprint must be this one) or {@code force} (delete that run's files, and only those). A folder holding
     * run file names without being a run of ours is refused either way.
     *
     * @throws IllegalArgumentException naming the folder and what would allow it (or the first differing setting)
     */
    public static RunFolder create(Path dir, String kind, Fingerprint fingerprint, boolean resume, boolean force)
            throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output " + dir + " is a file, expected a folder");
        }
        removeStaleTemporaries(dir);
        List<String> present = ownNamesPresent(dir);
        if (!present.isEmpty()) {
            Origin origin = origin(dir);
            if (origin == Origin.FOREIGN) {
                throw new IllegalArgumentException("output folder " + dir + " holds " + String.join(", ", present)
                        + " but is not a SmoothKD run folder (no readable " + MARKER + " or " + PROVENANCE
                        + "); refusing to write into or delete from it: choose another --out");
            }
            if (force) {
                deleteOwnFiles(dir);
            } else if (!resume) {
                throw new IllegalArgumentException("output folder " + dir + " already holds a run; use --resume to"
                        + " continue it or --force to replace it");
            } else {
                verify(dir, kind, fingerprint);
            }
        }
        Files.createDirectories(dir);
        RunFolder folder = new RunFolder(dir);
        Fingerprint stored = storedFingerprint(dir);
        if (!Files.exists(dir.resolve(MARKER)) || stored == null || stored.firstDifference(fingerprint).isPresent()) {
            Map<String, Object> marker = new LinkedHashMap<>();
            marker.put("smoothkd", "run folder");
            marker.put("kind", kind);
            marker.put("fingerprint", fingerprint.toMap());
            folder.writeJson(MARKER, marker);
        }
        return folder;
    }

    /**
     * A finished run in {@code dir} of {@code kind} made with {@code fingerprint}, for {@code --resume}; empty when
     * the folder holds no finished run.
     *
     * @throws IllegalArgumentException when the finished run was made with other settings (naming the first
     *                                  differing one), or is not a run of ours
     */
    public static Optional<RunFolder> finished(Path dir, String kind, Fingerprint fingerprint) {
        if (!Files.isDirectory(dir) || !readable(dir.resolve(PROVENANCE))) {
            if (Files.exists(dir.resolve(PROVENANCE))) {
                LOG.warn("{} is empty or unreadable (an interrupted write?): the run is treated as unfinished",
                        dir.resolve(PROVENANCE));
            }
            return Optional.empty();
        }
        verify(dir, kind, fingerprint);
        return Optional.of(new RunFolder(dir));
    }

    /**
     * Checks that the run in {@code dir} was made with {@code wanted}.
     *
     * @throws IllegalArgumentException naming the first differing key and both values
     */
    public static void verify(Path dir, String kind, Fingerprint wanted) {
        Fingerprint stored = storedFingerprint(dir);
        if (stored == null) {
            throw new IllegalArgumentException("run folder " + dir + " records no settings to compare (no readable "
                    + MARKER + " or " + PROVENANCE + "; an earlier SmoothKD's unfinished run?): use --force to replace"
                    + " it or choose another --out");
        }
        String storedKind = storedKind(dir);
        if (storedKind != null && !storedKind.equals(kind)) {
            throw new IllegalArgumentException("run folder " + dir + " holds a " + storedKind + " run, not a " + kind
                    + " run: choose another --out");
        }
        stored.firstDifference(wanted).ifPresent(d -> {
            throw new FingerprintMismatchException("run folder " + dir + " was made with other settings (" + d.describe()
                    + "): use another --out, or --force to replace it", d);
        });
    }

    /** The fingerprint a run folder records: its marker's, else (earlier versions) its provenance's config. */
    public static Fingerprint storedFingerprint(Path dir) {
        JsonNode marker = readQuietly(dir.resolve(MARKER));
        if (marker != null && marker.path("fingerprint").isObject()) {
            return Fingerprint.fromMap(JSON.convertValue(marker.get("fingerprint"), Map.class));
        }
        JsonNode prov = readQuietly(dir.resolve(PROVENANCE));
        if (prov != null && prov.path("config").isObject()) {
            Fingerprint f = Fingerprint.fromMap(JSON.convertValue(prov.get("config"), Map.class));
            if (prov.path("distillation").isObject()) {
                Map<String, Object> d = JSON.convertValue(prov.get("distillation"), Map.class);
                d.remove("teacher");
                f = f.with("distillation", d);
            }
            return f;
        }
        return null;
    }

    private static String storedKind(Path dir) {
        for (String name : new String[] {MARKER, PROVENANCE}) {
            JsonNode n = readQuietly(dir.resolve(name));
            if (n != null && n.path("kind").isTextual()) {
                return n.get("kind").asText();
            }
        }
        return null;
    }

    private enum Origin { OURS, FOREIGN }

    /** Whether a folder is a run of ours: its marker, a provenance of a run, or a checkpoint state. */
    private static Origin origin(Path dir) {
        JsonNode marker = readQuietly(dir.resolve(MARKER));
        if (marker != null && marker.path("fingerprint").isObject()) {
            return Origin.OURS;
        }
        JsonNode prov = readQuietly(dir.resolve(PROVENANCE));
        if (prov != null && prov.path("kind").isTextual() && prov.path("config").isObject()) {
            return Origin.OURS;
        }
        JsonNode state = readQuietly(dir.resolve(CHECKPOINTS).resolve(Trainer.STATE));
        if (state != null && (state.has("completed_epochs") || state.has("completedEpochs"))) { // now, before 0.1.0
            return Origin.OURS;
        }
        return Origin.FOREIGN;
    }

    private static List<String> ownNamesPresent(Path dir) {
        List<String> present = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return present;
        }
        for (String name : OWN_FILES) {
            if (Files.exists(dir.resolve(name))) {
                present.add(name);
            }
        }
        if (Files.exists(dir.resolve(CHECKPOINTS))) {
            present.add(CHECKPOINTS + "/");
        }
        return present;
    }

    /** Deletes the files a run writes (and their temporaries), nothing else; an emptied checkpoints/ goes too. */
    private static void deleteOwnFiles(Path dir) throws IOException {
        // provenance first: a deletion interrupted half-way leaves an unfinished run, never a finished-looking one
        List<String> order = new ArrayList<>(List.of(PROVENANCE));
        order.addAll(OWN_FILES.stream().filter(n -> !n.equals(PROVENANCE) && !n.equals(MARKER)).toList());
        for (String name : order) {
            Files.deleteIfExists(dir.resolve(name));
        }
        removeCheckpoints(dir);
        Files.deleteIfExists(dir.resolve(MARKER));
        AtomicFiles.syncDirectory(dir);
    }

    /** Whether a folder holds any of the files a run writes. */
    public static boolean holdsRun(Path dir) {
        return !ownNamesPresent(dir).isEmpty();
    }

    /**
     * Deletes a run folder's own files (and the folder when nothing else is left in it).
     *
     * @return false (deleting nothing) when the folder is not a run of ours
     */
    public static boolean deleteRun(Path dir) throws IOException {
        if (holdsRun(dir)) {
            if (origin(dir) == Origin.FOREIGN) {
                return false;
            }
            deleteOwnFiles(dir);
        }
        AtomicFiles.removeStaleTemporaries(dir);
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
        return true;
    }

    /** Removes the stale temporary files of killed writes in a run folder and its checkpoints. */
    public static void removeStaleTemporaries(Path dir) throws IOException {
        long removed = AtomicFiles.removeStaleTemporaries(dir) + AtomicFiles.removeStaleTemporaries(
                dir.resolve(CHECKPOINTS));
        if (removed > 0) {
            LOG.info("{}: removed {} bytes of temporary files left by an interrupted write", dir, removed);
        }
    }

    /** Deletes a run that diverged (so that a rerun with other settings is accepted) and says so. */
    public void discard() throws IOException {
        deleteOwnFiles(dir);
        try (Stream<Path> rest = Files.list(dir)) {
            if (rest.findAny().isEmpty()) {
                Files.delete(dir);
            }
        }
    }

    private static boolean readable(Path file) {
        return readQuietly(file) != null;
    }

    /** The JSON object in a file, or null when it is missing, empty, unreadable or not an object. */
    static JsonNode readQuietly(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) == 0) {
                return null;
            }
            JsonNode n = JSON.readTree(file.toFile());
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** An existing finished run folder, for reading. */
    public static RunFolder open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("run folder " + dir + " does not exist");
        }
        if (!Files.exists(dir.resolve(PROVENANCE))) {
            throw new IllegalArgumentException("run folder " + dir + " holds no finished run (no " + PROVENANCE + ")");
        }
        return new RunFolder(dir);
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    public void writeModel(MultiLayerNetwork net) throws IOException {
        // without the updater's state (Adam's moments, most of a checkpoint's bytes): model.zip is for inference and
        // distillation; what a resume needs lives in checkpoints/ until the run has finished
        AtomicFiles.write(dir.resolve(MODEL), out -> org.deeplearning4j.util.ModelSerializer.writeModel(net,
                AtomicFiles.nonClosing(out), false));
    }

    /** Loads {@code model.zip}; a missing or corrupt file is an IllegalArgumentException naming it. */
    public MultiLayerNetwork readModel() {
        Path f = dir.resolve(MODEL);
        if (!Files.exists(f)) {
            throw new IllegalArgumentException(f + " is missing");
        }
        try {
            return io.smoothkd.core.nets.FastLayers.of(ModelSerializer.restoreMultiLayerNetwork(f.toFile(), false));
        } catch (Exception | Error e) {
            throw new IllegalArgumentException(f + " is not a readable DL4J model (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("")) + ")");
        }
    }

    public void writeArray(String name, INDArray array) throws IOException {
        Npy.write(array, dir.resolve(name));
    }

    /** Reads a {@code .npy} of this run; a missing or malformed file is an IllegalArgumentException naming it. */
    public INDArray readArray(String name) {
        try {
            return Npy.read(dir.resolve(name));
        } catch (IOException e) {
            throw new IllegalArgumentException(dir.resolve(name) + ": " + e.getMessage());
        }
    }

    public void writeJson(String name, Object value) throws IOException {
        AtomicFiles.write(dir.resolve(name), out -> JSON.writeValue(AtomicFiles.nonClosing(out), value));
    }

    public JsonNode readJson(String name) {
        try {
            return JSON.readTree(dir.resolve(name).toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(dir.resolve(name) + " is not readable JSON (" + e.getMessage()
                    .lines().findFirst().orElse("") + ")");
        }
    }

    /** A JSON file of this run as a map. */
    public Map<String, Object> readMap(String name) {
        return JSON.convertValue(readJson(name), new org.nd4j.shade.jackson.core.type.TypeReference<Map<String, Object>>() {
        });
    }

    /**
     * The configuration the run was trained with, from its provenance (what rebuilds its data split).
     *
     * @throws IllegalArgumentException when the provenance is missing, unreadable or records no valid config
     */
    @SuppressWarnings("unchecked")
    public RunConfig readConfig() {
        JsonNode c = readJson(PROVENANCE).path("config");
        if (!c.isObject()) {
            throw new IllegalArgumentException(dir.resolve(PROVENANCE) + " has no config object");
        }
        try {
            return RunConfig.fromMap(JSON.convertValue(c, Map.class));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(dir.resolve(PROVENANCE) + ": " + e.getMessage(), e);
        }
    }

    /** Writes metrics, then provenance (which marks the run finished). */
    public void finish(Map<String, Object> metrics, Map<String, Object> provenance) throws IOException {
        writeJson(METRICS, metrics);
        writeJson(PROVENANCE, provenance);
        removeCheckpoints(dir); // the run is finished: nothing will resume from them
        AtomicFiles.syncDirectory(dir);
    }

    /** Deletes the run's own checkpoint files (and temporaries) and then checkpoints/ itself if that left it empty. */
    private static void removeCheckpoints(Path dir) throws IOException {
        Path checkpoints = dir.resolve(CHECKPOINTS);
        if (!Files.isDirectory(checkpoints, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean empty = true;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(checkpoints)) {
            for (Path f : files) {
                String n = f.getFileName().toString();
                if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)
                        && (OWN_CHECKPOINT.matcher(n).matches() || AtomicFiles.isTemporary(n))) {
                    Files.delete(f);
                } else {
                    empty = false;
                }
            }
        }
        if (empty) {
            Files.delete(checkpoints);
        }
    }
}

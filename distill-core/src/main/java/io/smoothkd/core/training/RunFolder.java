package io.smoothkd.core.training;

import io.smoothkd.core.data.Npy;
import io.smoothkd.core.nets.Networks;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A self-describing, resumable run folder (DESIGN.md "Artifacts"): {@code model.zip} (ModelSerializer),
 * {@code provenance.json}, {@code logits-train.npy}, {@code logits-test.npy}, {@code metrics.json} and
 * {@code checkpoints/}. Every file is written to a temporary file and renamed into place; {@code provenance.json}
 * is written last and marks a finished run.
 */
public final class RunFolder {
    public static final String MODEL = "model.zip";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.json";
    public static final String LOGITS_TRAIN = "logits-train.npy";
    public static final String LOGITS_TEST = "logits-test.npy";
    public static final String CHECKPOINTS = "checkpoints";
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /**
     * Opens a folder for a new run. A folder holding another run (finished, or with checkpoints) is refused unless
     * {@code resume} (continue it) or {@code force} (wipe it).
     *
     * @throws IllegalArgumentException naming the folder and the options that would allow it
     */
    public static RunFolder create(Path dir, boolean resume, boolean force) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("output " + dir + " is a file, expected a folder");
        }
        boolean occupied = Files.isDirectory(dir) && (Files.exists(dir.resolve(PROVENANCE))
                || Files.exists(dir.resolve(CHECKPOINTS)) || Files.exists(dir.resolve(MODEL)));
        if (occupied && force) {
            deleteRecursively(dir);
        } else if (occupied && !resume) {
            throw new IllegalArgumentException("output folder " + dir + " already holds a run; use --resume to"
                    + " continue it or --force to replace it");
        }
        Files.createDirectories(dir);
        return new RunFolder(dir);
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

    public boolean isFinished() {
        return Files.exists(dir.resolve(PROVENANCE));
    }

    public void writeModel(MultiLayerNetwork net) throws IOException {
        Trainer.writeModel(net, dir.resolve(MODEL));
    }

    /** Loads {@code model.zip}; a missing or corrupt file is an IllegalArgumentException naming it. */
    public MultiLayerNetwork readModel() {
        Path f = dir.resolve(MODEL);
        if (!Files.exists(f)) {
            throw new IllegalArgumentException(f + " is missing");
        }
        try {
            return Networks.withFastLayers(ModelSerializer.restoreMultiLayerNetwork(f.toFile(), false));
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
        Path file = dir.resolve(name);
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            JSON.writeValue(tmp.toFile(), value);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
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

    /** Writes metrics, then provenance (which marks the run finished). */
    public void finish(Map<String, Object> metrics, Map<String, Object> provenance) throws IOException {
        writeJson(METRICS, metrics);
        writeJson(PROVENANCE, provenance);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                if (!p.equals(dir)) {
                    Files.delete(p);
                }
            }
        }
    }
}

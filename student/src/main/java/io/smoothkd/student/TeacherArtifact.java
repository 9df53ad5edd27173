package io.smoothkd.student;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.runs.Fingerprint;
import io.smoothkd.runs.RunFolder;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A teacher as a student sees it: a finished run folder (files, never teacher code) — its provenance, its cached
 * logits of every training row, and its model for running forward on augmented batches. Everything is checked
 * against the student's data on opening: a missing folder, an unfinished run, a corrupt model or logits with the
 * wrong shape or class count are errors naming the file.
 */
public final class TeacherArtifact {
    private final RunFolder folder;
    private final Map<String, Object> provenance;
    private final int classes;

    private TeacherArtifact(RunFolder folder, Map<String, Object> provenance, int classes) {
        this.folder = folder;
        this.provenance = provenance;
        this.classes = classes;
    }

    /**
     * Opens a teacher for a student on {@code dataset} with {@code classes} classes.
     *
     * @throws IllegalArgumentException naming the folder or file and what was expected
     */
    public static TeacherArtifact open(Path dir, String dataset, int classes) {
        RunFolder folder;
        try {
            folder = RunFolder.open(dir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("teacher " + e.getMessage());
        }
        Map<String, Object> prov = folder.readMap(RunFolder.PROVENANCE);
        if (!"teacher".equals(prov.get("kind"))) {
            throw new IllegalArgumentException("teacher " + dir + " is a " + prov.get("kind") + " run, expected a teacher");
        }
        Object config = prov.get("config");
        String teacherData = config instanceof Map<?, ?> c ? String.valueOf(c.get("dataset")) : "?";
        if (!dataset.equals(teacherData)) {
            throw new IllegalArgumentException("teacher " + dir + " was trained on " + teacherData
                    + ", the student on " + dataset);
        }
        Object classesValue = prov.get("classes");
        if (!(classesValue instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("teacher " + dir.resolve(RunFolder.PROVENANCE) + ": classes is "
                    + (classesValue instanceof String ? "'" + classesValue + "'" : String.valueOf(classesValue))
                    + ", expected an integer number of classes");
        }
        int teacherClasses = ((Number) classesValue).intValue();
        if (teacherClasses != classes) {
            throw new IllegalArgumentException("teacher " + dir + " has " + teacherClasses
                    + " classes, the student's data has " + classes);
        }
        return new TeacherArtifact(folder, prov, classes);
    }

    /** Cached logits of every row of the training file, checked to be {@code [rows, K]}. */
    public INDArray trainLogits(int rows) {
        INDArray z = folder.readArray(RunFolder.LOGITS_TRAIN);
        if (z.rank() != 2 || z.size(0) != rows || z.size(1) != classes) {
            throw new IllegalArgumentException(folder.resolve(RunFolder.LOGITS_TRAIN) + " has shape "
                    + java.util.Arrays.toString(z.shape()) + ", expected [" + rows + ", " + classes + "]");
        }
        requireFinite(z, folder.resolve(RunFolder.LOGITS_TRAIN).toString(), "logits");
        return z;
    }

    /** The teacher network, with the class count checked. */
    public MultiLayerNetwork model() {
        MultiLayerNetwork net = folder.readModel();
        long out = net.getOutputLayer().getParam("b").length();
        if (out != classes) {
            throw new IllegalArgumentException(folder.resolve(RunFolder.MODEL) + " has " + out
                    + " outputs, expected " + classes + " classes");
        }
        requireFinite(net.params(), folder.resolve(RunFolder.MODEL).toString(), "parameters");
        return net;
    }

    /** The teacher's fingerprint (what determined its result), for the student's. */
    public Fingerprint fingerprint() {
        Fingerprint f = RunFolder.storedFingerprint(folder.path());
        if (f == null) {
            throw new IllegalArgumentException("teacher " + folder.path() + ": " + RunFolder.PROVENANCE
                    + " holds no config object");
        }
        return f;
    }

    private static void requireFinite(INDArray a, String file, String what) {
        INDArray d = a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        if (d.isNaN().any() || d.isInfinite().any()) {
            double[] v = d.reshape(d.length()).toDoubleVector();
            int cols = a.rank() == 2 ? (int) a.size(1) : 1;
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException(file + ": the teacher's " + what + " hold " + v[i]
                            + (a.rank() == 2 ? " at row " + i / cols + ", column " + i % cols : " at index " + i)
                            + "; expected finite numbers (a diverged or damaged teacher)");
                }
            }
        }
    }

    public Path path() {
        return folder.path();
    }

    /** A reference to the teacher for the student's provenance: path, checksums and the teacher's own config. */
    public Map<String, Object> reference() throws IOException {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("path", folder.path().toAbsolutePath().toString());
        ref.put("provenance_sha256", DatasetRepository.sha256Of(folder.resolve(RunFolder.PROVENANCE)));
        ref.put("model_sha256", DatasetRepository.sha256Of(folder.resolve(RunFolder.MODEL)));
        ref.put("config", provenance.get("config"));
        ref.put("git_commit", provenance.get("git_commit"));
        return ref;
    }
}

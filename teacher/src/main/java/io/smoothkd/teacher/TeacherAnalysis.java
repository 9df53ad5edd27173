package io.smoothkd.teacher;

import io.smoothkd.core.calibration.AdaptiveCalibrationError;
import io.smoothkd.core.calibration.BrierScore;
import io.smoothkd.core.calibration.Calibrator;
import io.smoothkd.core.calibration.Calibrators;
import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.calibration.ClasswiseExpectedCalibrationError;
import io.smoothkd.core.calibration.AdaptiveExpectedCalibrationError;
import io.smoothkd.core.calibration.ExpectedCalibrationError;
import io.smoothkd.core.calibration.MatrixScaling;
import io.smoothkd.core.calibration.NegativeLogLikelihood;
import io.smoothkd.core.calibration.ReliabilityDiagram;
import io.smoothkd.core.data.Augmentation;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.information.MutualInformationProbe;
import io.smoothkd.core.data.LabeledImages;
import io.smoothkd.core.representation.ClusterTightness;
import io.smoothkd.core.representation.LogitMargins;
import io.smoothkd.core.representation.PenultimateActivations;
import io.smoothkd.core.representation.TemplateProjection;
import io.smoothkd.runs.ExperimentData;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.runs.RunFolder;
import io.smoothkd.runs.Runs;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * What the paper measures on a trained teacher besides accuracy and calibration, computed from its run folder:
 * logit margins against label smoothing's closed-form optimum (train and test), the validation and test confusion matrices, and the
 * three-template projection of penultimate activations (§2, Figure 1) for each configured class triple, training
 * and validation examples side by side, with cluster tightness in the full penultimate space and in the plane.
 */
public final class TeacherAnalysis {
    /** Examples per class in a projection (the paper: about 100). */
    public static final int PER_CLASS = 100;

    private TeacherAnalysis() {
    }

    /** Three classes to project, and why these (for the report). */
    public record Triple(List<Integer> classes, String chosen) {
    }

    /**
     * The similar-pair triple, picked from a teacher's <em>validation</em> confusion matrix (never the test set: the
     * pair is a choice, and choices are made on validation): the two classes most often mistaken for each other
     * (errors in both directions summed), and the class least often mistaken for or with either of them. Ties go to
     * the lower class index. The validation logits are the validation rows of the cached {@code logits-train.npy}.
     */
    public static Triple similarTriple(Path referenceRun, String referenceId, RunConfig config, DatasetRepository repository)
            throws IOException {
        ExperimentData data = Runs.load(repository, config);
        INDArray validationLogits = org.nd4j.linalg.factory.Nd4j.pullRows(
                RunFolder.open(referenceRun).readArray(RunFolder.LOGITS_TRAIN), 1, data.validationRows());
        long[][] m = confusion(validationLogits, data.validation().labels(), data.classes());
        List<Integer> t = similarTriple(m);
        long errors = m[t.get(0)][t.get(1)] + m[t.get(1)][t.get(0)];
        return new Triple(t, "similar pair " + t.get(0) + "/" + t.get(1) + ": most confused in the validation confusion"
                + " matrix of " + referenceId + " (" + errors + " errors between them); " + t.get(2)
                + ": least confused with either");
    }

    public static List<Integer> similarTriple(long[][] m) {
        int k = m.length;
        int a = 0;
        int b = 1;
        long best = -1;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) {
                long e = m[i][j] + m[j][i];
                if (e > best) {
                    best = e;
                    a = i;
                    b = j;
                }
            }
        }
        int third = -1;
        long least = Long.MAX_VALUE;
        for (int c = 0; c < k; c++) {
            if (c == a || c == b) {
                continue;
            }
            long e = m[a][c] + m[c][a] + m[b][c] + m[c][b];
            if (e < least) {
                least = e;
                third = c;
            }
        }
        return List.of(a, b, third);
    }

    public static Map<String, Object> of(Path runFolder, RunConfig config, DatasetRepository repository,
                                  List<Triple> projectionTriples) throws IOException {
        RunFolder folder = RunFolder.open(runFolder);
        ExperimentData data = Runs.load(repository, config);
        INDArray trainLogits = folder.readArray(RunFolder.LOGITS_TRAIN);
        INDArray testLogits = folder.readArray(RunFolder.LOGITS_TEST);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("margin_optimum", LogitMargins.optimum(data.classes(), config.alpha()));
        a.put("margins_train", LogitMargins.of(org.nd4j.linalg.factory.Nd4j.pullRows(trainLogits, 1, data.trainRows()), data.train().labels()));
        a.put("margins_test", LogitMargins.of(testLogits, data.test().labels()));
        a.put("confusion_validation", confusion(org.nd4j.linalg.factory.Nd4j.pullRows(trainLogits, 1,
                data.validationRows()), data.validation().labels(), data.classes()));
        a.put("confusion_test", confusion(testLogits, data.test().labels(), data.classes()));
        MultiLayerNetwork net = folder.readModel();
        List<Map<String, Object>> projections = new ArrayList<>();
        for (Triple triple : projectionTriples) {
            Map<String, Object> p = projection(net, data, triple.classes(), config.seed());
            p.put("chosen", triple.chosen());
            projections.add(p);
        }
        a.put("projections", projections);
        return a;
    }

    /**
     * The teacher's test calibration under every post-hoc method of {@link Calibrators}, each fitted on the
     * validation rows' logits (never on test), as flat finite numbers for the cell's {@code metrics}:
     * {@code test_ece_adaptive}, {@code test_ece_classwise}, {@code test_ace} of the raw logits, and for each method M
     * ({@code temperature}, {@code vector}, {@code matrix}, {@code histogram}, {@code isotonic})
     * {@code test_<metric>_after_<M>} with metric ∈ {accuracy, ece, ece_adaptive, ece_classwise, ace, mce, nll, brier};
     * 15 bins (equal-width, equal-mass, classwise; R = 15 ranges for ACE). Plain matrix scaling only where it is
     * well determined on the validation set (K(K+1) &lt; n/10), as in {@code smoothkd calibration}.
     */
    public static Map<String, Object> calibrationMethods(Path runFolder, RunConfig config, DatasetRepository repository)
            throws IOException {
        RunFolder folder = RunFolder.open(runFolder);
        ExperimentData data = Runs.load(repository, config);
        INDArray trainLogits = folder.readArray(RunFolder.LOGITS_TRAIN);
        ClassificationLogits validation = ClassificationLogits.of(
                org.nd4j.linalg.factory.Nd4j.pullRows(trainLogits, 1, data.validationRows()), data.validation().labels());
        ClassificationLogits test = ClassificationLogits.of(folder.readArray(RunFolder.LOGITS_TEST),
                data.test().labels());
        return calibrationMethods(validation, test);
    }

    /** {@link #calibrationMethods(Path, RunConfig, DatasetRepository)} of given validation and test logits. */
    public static Map<String, Object> calibrationMethods(ClassificationLogits validation, ClassificationLogits test) {
        Map<String, Object> m = new LinkedHashMap<>();
        int bins = ReliabilityDiagram.DEFAULT_BINS;
        putFinite(m, "test_ece_adaptive", AdaptiveExpectedCalibrationError.of(test, bins));
        putFinite(m, "test_ece_classwise", ClasswiseExpectedCalibrationError.of(test, bins));
        putFinite(m, "test_ace", AdaptiveCalibrationError.of(test, bins));
        for (String method : Calibrators.names()) {
            if (method.equals("matrix") && !MatrixScaling.wellDetermined(validation.size(), validation.classes())) {
                continue;
            }
            Calibrator.Fitted fitted = Calibrators.create(method).fitOn(validation);
            ClassificationLogits c = fitted.apply(test);
            String after = "_after_" + method;
            putFinite(m, "test_accuracy" + after, c.accuracy());
            putFinite(m, "test_ece" + after, ExpectedCalibrationError.of(c, bins));
            putFinite(m, "test_ece_adaptive" + after, AdaptiveExpectedCalibrationError.of(c, bins));
            putFinite(m, "test_ece_classwise" + after, ClasswiseExpectedCalibrationError.of(c, bins));
            putFinite(m, "test_ace" + after, AdaptiveCalibrationError.of(c, bins));
            putFinite(m, "test_mce" + after, ExpectedCalibrationError.maximum(c, bins));
            putFinite(m, "test_nll" + after, NegativeLogLikelihood.of(c));
            putFinite(m, "test_brier" + after, BrierScore.of(c));
        }
        return m;
    }

    private static void putFinite(Map<String, Object> m, String key, double value) {
        if (Double.isFinite(value)) {
            m.put(key, value);
        }
    }

    /**
     * The mutual information of a finished teacher, measured once at its end (no curve): for teachers trained
     * before the study asked for the curve. Same examples, copies and estimator as during training.
     */
    public static Map<String, Object> finalMutualInformation(Path runFolder, RunConfig config, DatasetRepository repository,
                                                      MutualInformationSettings mi) throws IOException {
        ExperimentData data = Runs.load(repository, config);
        Augmentation aug = mi.augmentation(config);
        MutualInformationProbe probe = MutualInformationProbe.of(data.train(), mi.classA(), mi.classB(),
                mi.perClass(), mi.copies(), aug, mi.every(), MutualInformationProbe.seedOfRun(config.seed()));
        Map<String, Object> m = new LinkedHashMap<>(mi.toMap(config));
        m.put("n", probe.examples());
        m.put("l", probe.copies());
        m.put("max_mi", Math.log(probe.examples()));
        m.put("points", List.of());
        m.put("final_mi", probe.measure(RunFolder.open(runFolder).readModel()));
        m.put("measured", "at the end only (teacher trained without the curve)");
        return m;
    }

    public static long[][] confusion(INDArray logits, int[] labels, int classes) {
        long[][] m = new long[classes][classes];
        int[] pred = logits.argMax(1).toIntVector();
        for (int i = 0; i < labels.length; i++) {
            m[labels[i]][pred[i]]++;
        }
        return m;
    }

    private static Map<String, Object> projection(MultiLayerNetwork net, ExperimentData data, List<Integer> triple,
                                                  long seed) {
        TemplateProjection p = TemplateProjection.of(net, triple.get(0), triple.get(1), triple.get(2));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("classes", triple);
        out.put("templates", p.templateCoordinates().toDoubleMatrix());
        Map<String, LabeledImages> splits = new LinkedHashMap<>();
        splits.put("train", data.train());
        splits.put("validation", data.validation());
        for (Map.Entry<String, LabeledImages> e : splits.entrySet()) {
            int[] rows = pick(e.getValue().labels(), triple, new Random(seed + e.getKey().hashCode()));
            LabeledImages subset = e.getValue().subset(rows);
            INDArray acts = PenultimateActivations.of(net, subset.features());
            INDArray coords = p.project(acts);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("labels", subset.labels());
            s.put("x", coords.getColumn(0).toDoubleVector());
            s.put("y", coords.getColumn(1).toDoubleVector());
            s.put("tightness_penultimate", ClusterTightness.of(acts, subset.labels()));
            s.put("tightness_plane", ClusterTightness.of(coords, subset.labels()));
            out.put(e.getKey(), s);
        }
        return out;
    }

    /** Up to {@link #PER_CLASS} seeded random rows of each of the classes. */
    private static int[] pick(int[] labels, List<Integer> classes, Random r) {
        List<Integer> chosen = new ArrayList<>();
        for (int c : classes) {
            List<Integer> of = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    of.add(i);
                }
            }
            java.util.Collections.shuffle(of, r);
            chosen.addAll(of.subList(0, Math.min(PER_CLASS, of.size())));
        }
        return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}

package io.smoothkd.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes synthetic cells in the engine's schema. Numbers per configuration are a base value plus a small
 * per-seed offset (−1, 0, +1 times {@link #jitter}), so means equal the base value for three seeds.
 */
public final class SyntheticCells {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    String dataset = "mnist";
    String suite = "mnist-distillation";
    public int seeds = 3;
    double jitter = 0.0001;
    /**
     * An extra per-seed offset of the LS side only (+1, −1, 0 times this), so that the paired differences hard → LS
     * vary across seeds (by ± this) while the means stay as set.
     */
    double lsJitter = 0;
    double hardTeacherError = 0.0070;
    double lsTeacherError = 0.0060;
    double lsAlpha = 0.1;
    double hardEce = 0.010;
    double hardEceAfterTs = 0.004;
    double lsEce = 0.005;
    double lsEceAfterTs = 0.012;
    double labelsStudentError = 0.0110;
    /** Final mutual information of the hard and LS teachers; NaN leaves the measurement out. */
    double hardMi = Double.NaN;
    double lsMi = Double.NaN;
    /** Final mutual information under the sensitivity probe (hard, LS); NaN leaves it out. */
    double hardMiSensitivity = Double.NaN;
    double lsMiSensitivity = Double.NaN;
    /** Whether the MI was measured at the end only (no curve points). */
    boolean miEndOnly = false;
    /** Cluster tightness (validation, penultimate) of the hard and LS teachers; NaN leaves the analysis out. */
    double hardTightness = Double.NaN;
    double lsTightness = Double.NaN;
    /** T → {test error, validation accuracy} of students of the hard teacher. */
    Map<Double, double[]> hardStudents = new LinkedHashMap<>(Map.of(
            1.0, new double[] {0.0090, 0.9880}, 2.0, new double[] {0.0080, 0.9900}, 4.0, new double[] {0.0075, 0.9890}));
    /** T → {test error, validation accuracy} of students of the LS teacher. */
    Map<Double, double[]> lsStudents = new LinkedHashMap<>(Map.of(
            1.0, new double[] {0.0100, 0.9870}, 2.0, new double[] {0.0095, 0.9880}, 4.0, new double[] {0.0098, 0.9875}));

    public List<Path> write(Path resultsDir) {
        List<Path> files = new ArrayList<>();
        for (int s = 1; s <= seeds; s++) {
            double d = offset(s);
            files.add(put(resultsDir, teacher("hard", 0, hardTeacherError + d, hardEce, hardEceAfterTs, s)));
            files.add(put(resultsDir, teacher("ls", lsAlpha, lsTeacherError + d + lsOffset(s), lsEce, lsEceAfterTs, s)));
            Map<String, Object> labels = base("student-" + dataset + "-labels-s" + s, "student", "labels", s);
            params(labels).put("net", "784-800-800-10");
            params(labels).put("alpha", 0.0);
            labels.put("metrics", metrics(labelsStudentError + d, 0.985, 0.02, 0.02, s));
            files.add(put(resultsDir, labels));
            Map<String, Object> lsLabels = base("student-" + dataset + "-ls-labels-a" + lsAlpha + "-s" + s, "student", "ls-labels", s);
            params(lsLabels).put("alpha", lsAlpha);
            params(lsLabels).put("gamma", lsAlpha);
            lsLabels.put("metrics", metrics(labelsStudentError - 0.0005 + d, 0.986, 0.01, 0.02, s));
            files.add(put(resultsDir, lsLabels));
            for (double alpha : new double[] {0, lsAlpha}) {
                Map<Double, double[]> students = alpha == 0 ? hardStudents : lsStudents;
                for (Map.Entry<Double, double[]> e : students.entrySet()) {
                    String teacherId = teacherId(alpha, s);
                    Map<String, Object> c = base("student-" + dataset + "-kd-a" + alpha + "-t" + e.getKey() + "-s" + s,
                            "student", "distilled", s);
                    Map<String, Object> p = params(c);
                    p.put("net", "784-800-800-10");
                    p.put("alpha", 0.0);
                    p.put("teacher", teacherId);
                    p.put("teacher_alpha", alpha);
                    p.put("temperature", e.getKey());
                    p.put("beta", 0.6);
                    p.put("t_squared", false);
                    p.put("gamma", (alpha == 0 ? 0.01 : alpha + 0.05) * e.getKey());
                    double ls = alpha == 0 ? 0 : lsOffset(s);
                    c.put("metrics", metrics(e.getValue()[0] + d + ls, e.getValue()[1] + d, 0.02, 0.02, s));
                    files.add(put(resultsDir, c));
                }
            }
        }
        return files;
    }

    private double offset(int seed) {
        return seeds == 1 ? 0 : ((seed - 1) % 3 - 1) * jitter;
    }

    private double lsOffset(int seed) {
        return seeds == 1 ? 0 : new int[] {1, -1, 0}[(seed - 1) % 3] * lsJitter;
    }

    private String teacherId(double alpha, int seed) {
        return "teacher-" + dataset + "-a" + alpha + "-s" + seed;
    }

    private Map<String, Object> teacher(String family, double alpha, double error, double ece, double eceAfter, int seed) {
        Map<String, Object> c = base(teacherId(alpha, seed), "teacher", family, seed);
        params(c).put("net", "784-1200-1200-10");
        params(c).put("alpha", alpha);
        Map<String, Object> m = metrics(error, 1 - error - 0.001, ece, eceAfter, seed);
        m.put("reliability_test", reliability(ece, seed));
        m.put("reliability_test_after_scaling", reliability(eceAfter, seed));
        double mi = alpha == 0 ? hardMi : lsMi;
        if (!Double.isNaN(mi)) {
            m.put("mutual_information", Map.of("n", 600, "l", 5, "per_class", 300, "every", 200,
                    "shift", 2, "noise", 0.1, "classes", List.of(0, 1), "final_mi", mi + offset(seed) + (alpha == 0 ? 0 : lsOffset(seed)),
                    "points", miEndOnly ? List.of() : List.of(Map.of("iteration", 0, "epoch", 0, "mi", 1.0),
                            Map.of("iteration", 200, "epoch", 0, "mi", mi + 1))));
        }
        double miAlt = alpha == 0 ? hardMiSensitivity : lsMiSensitivity;
        if (!Double.isNaN(miAlt)) {
            m.put("mutual_information_sensitivity", Map.of("n", 600, "l", 5, "per_class", 300, "every", 200,
                    "shift", 0, "noise", 0.1, "classes", List.of(0, 1), "final_mi", miAlt + offset(seed),
                    "points", List.of()));
        }
        double tight = alpha == 0 ? hardTightness : lsTightness;
        if (!Double.isNaN(tight)) {
            Map<String, Object> split = Map.of("labels", List.of(0, 1, 2), "x", List.of(0.0, 1.0, 2.0),
                    "y", List.of(0.0, 1.0, 0.0), "tightness_penultimate", tight + offset(seed) + (alpha == 0 ? 0 : lsOffset(seed)),
                    "tightness_plane", tight / 2);
            Map<String, Object> margins = new LinkedHashMap<>(Map.of("median", 5.0, "p10", 1.0, "p90", 9.0,
                    "incorrect_logit_variance", 0.5, "histogram_low", -10.0, "histogram_high", 50.0,
                    "histogram", List.of(1, 2, 3), "underflow", 0, "overflow", 0));
            m.put("analysis", Map.of("margin_optimum", alpha == 0 ? "Infinity" : Math.log1p(10 * (1 - alpha) / alpha),
                    "margins_train", margins, "margins_test", margins,
                    "projections", List.of(Map.of("classes", List.of(0, 1, 2), "train", split, "validation", split))));
        }
        c.put("metrics", m);
        return c;
    }

    private Map<String, Object> base(String id, String kind, String family, int seed) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("id", id);
        c.put("suite", suite);
        c.put("kind", kind);
        c.put("family", family);
        c.put("dataset", dataset);
        c.put("seed", seed);
        c.put("params", new LinkedHashMap<String, Object>());
        c.put("run_folder", "runs/" + id);
        c.put("some_future_field", Map.of("anything", List.of(1, 2)));
        return c;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> params(Map<String, Object> cell) {
        return (Map<String, Object>) cell.get("params");
    }

    private static Map<String, Object> metrics(double error, double validationAccuracy, double ece, double eceAfter, int seed) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_n", 10000);
        m.put("test_accuracy", 1 - error);
        m.put("test_error", error);
        m.put("test_ece", ece);
        m.put("test_mce", 5 * ece);
        m.put("test_nll", 0.02 + ece);
        m.put("test_brier", 0.01 + ece / 2);
        m.put("temperature", 1.3);
        m.put("test_ece_after_scaling", eceAfter);
        m.put("test_nll_after_scaling", 0.019 + eceAfter);
        m.put("validation_accuracy", validationAccuracy);
        m.put("validation_nll", 0.03);
        m.put("epochs_run", 5);
        m.put("best_epoch", 5);
        List<Map<String, Object>> history = new ArrayList<>();
        for (int epoch = 1; epoch <= 5; epoch++) {
            Map<String, Object> h = new LinkedHashMap<>();
            h.put("epoch", epoch);
            h.put("train_loss", 1.0 / epoch);
            h.put("validation_accuracy", validationAccuracy - 0.02 / epoch + 0.0001 * seed);
            h.put("seconds", 12.5);
            h.put("examples_per_second", 4000.0);
            history.add(h);
        }
        m.put("history", history);
        return m;
    }

    /** 15 bins; most examples in the top bin; the gap in the top bins is about {@code ece}. */
    private static Map<String, Object> reliability(double ece, int seed) {
        List<Long> counts = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<Double> confidence = new ArrayList<>();
        for (int m = 0; m < 15; m++) {
            double centre = (m + 0.5) / 15;
            long n = m < 4 ? 0 : m == 14 ? 9500 + seed : 40 + 5L * m;
            counts.add(n);
            confidence.add(n == 0 ? 0.0 : centre);
            accuracy.add(n == 0 ? 0.0 : Math.max(0, Math.min(1, centre - (m == 14 ? ece : 0.05 + ece))));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("counts", counts);
        r.put("accuracy", accuracy);
        r.put("confidence", confidence);
        return r;
    }

    static Path put(Path resultsDir, Map<String, Object> cell) {
        try {
            Path dir = Files.createDirectories(resultsDir.resolve("cells"));
            Path file = dir.resolve(cell.get("id") + ".json");
            JSON.writeValue(file.toFile(), cell);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}

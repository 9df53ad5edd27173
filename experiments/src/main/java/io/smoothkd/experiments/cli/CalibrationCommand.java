package io.smoothkd.experiments.cli;

import io.smoothkd.core.calibration.CalibrationSummary;
import io.smoothkd.core.calibration.Calibrator;
import io.smoothkd.core.calibration.Calibrators;
import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.calibration.ReliabilityDiagram;
import io.smoothkd.core.data.NpyInputs;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code smoothkd calibration}: calibration metrics of logits written by any framework. */
@Command(name = "calibration", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Calibration of a classifier from its logits (Guo et al. 2017; paper §3): accuracy, ECE and MCE"
                + " over equal-width confidence bins, NLL (nats), Brier score, the NLL-optimal temperature on this set,"
                + " ECE/NLL after temperature scaling, adaptive (equal-mass) and classwise ECE, and the NLL after vector and"
                + " matrix scaling fitted on this same set (matrix only where K(K+1) < n/10).",
                "With --method M --fit-logits F --fit-labels Y a calibrator is fitted on the held-out set F/Y and the"
                + " calibrated metrics of the main set are reported besides (JSON key \"calibrated\").",
                "With --json only the JSON object goes to stdout; logs go to stderr."})
public class CalibrationCommand implements Callable<Integer> {

    @Option(names = "--logits", required = true, paramLabel = "L.npy",
            description = "Logits, float32 or float64 .npy of shape [n, K].")
    Path logits;

    @Option(names = "--labels", required = true, paramLabel = "Y.npy",
            description = "True classes: int class indices [n], or one-hot [n, K].")
    Path labels;

    @Option(names = "--bins", defaultValue = "15", paramLabel = "B",
            description = "Number of confidence bins of every ECE (equal-width, equal-mass, classwise) and of histogram"
                    + " binning (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--method", paramLabel = "M",
            description = "Calibration method to fit on --fit-logits/--fit-labels: temperature, vector, matrix,"
                    + " histogram or isotonic.")
    String method;

    @Option(names = "--fit-logits", paramLabel = "F.npy",
            description = "Held-out logits [n', K] to fit --method on (e.g. a validation set).")
    Path fitLogits;

    @Option(names = "--fit-labels", paramLabel = "Y.npy",
            description = "True classes of --fit-logits: int class indices [n'], or one-hot [n', K].")
    Path fitLabels;

    @Option(names = "--off-diagonal-l2", defaultValue = "0", paramLabel = "L",
            description = "--method matrix: ODIR penalty on the off-diagonal weights (Kull et al. 2019;"
                    + " default: ${DEFAULT-VALUE}).")
    double offDiagonalL2;

    @Option(names = "--intercept-l2", defaultValue = "0", paramLabel = "M",
            description = "--method matrix: ODIR penalty on the intercepts (default: ${DEFAULT-VALUE}).")
    double interceptL2;

    @Option(names = "--json", description = "Print only a JSON object with keys n, accuracy, ece, mce, nll, brier,"
            + " temperature, ece_after_scaling, nll_after_scaling, ece_adaptive, ece_classwise,"
            + " nll_after_vector_scaling, nll_after_matrix_scaling (where K(K+1) < n/10), and calibrated with --method.")
    boolean json;

    /** More bins than this cannot hold a meaningful share of any real set (and would only allocate memory). */
    static final int MAX_BINS = 1_000_000;

    @Override
    public Integer call() throws Exception {
        if (bins <= 0 || bins > MAX_BINS) {
            throw new UserInputException("--bins " + bins + ": expected a number of bins from 1 to " + MAX_BINS);
        }
        Calibrator calibrator = calibrator();
        INDArray z = UserInputException.ofOption("--logits",
                () -> NpyInputs.readFiniteMatrix(logits, "logits", "[n, K]"));
        if (z.size(1) < 2) {
            throw new UserInputException("--logits " + logits + ": need at least 2 classes (columns), got shape ["
                    + z.size(0) + ", " + z.size(1) + "]");
        }
        int[] y = UserInputException.ofOption("--labels", () -> NpyInputs.readLabels(labels, z.size(0), z.size(1)));
        ClassificationLogits data = ClassificationLogits.of(z, y);
        Map<String, Object> m = CalibrationSummary.contractedMap(data, bins);
        if (calibrator != null) {
            INDArray f = UserInputException.ofOption("--fit-logits", () -> NpyInputs.readFiniteMatrix(fitLogits, "logits",
                    "[n', K]"));
            if (f.size(1) != z.size(1)) {
                throw new UserInputException("--fit-logits " + fitLogits + ": has " + f.size(1) + " classes (columns);"
                        + " expected " + z.size(1) + " like --logits");
            }
            int[] fy = UserInputException.ofOption("--fit-labels", () -> NpyInputs.readLabels(fitLabels, f.size(0),
                    f.size(1)));
            Calibrator.Fitted fitted = calibrator.fitOn(ClassificationLogits.of(f, fy));
            m.put("calibrated", CalibrationSummary.calibratedMap(fitted, fy.length, fitted.apply(data), bins));
        }
        Object t = m.get("temperature");
        if (t instanceof Number n && io.smoothkd.runs.RunMetrics.atBound(n.doubleValue())) {
            // stderr, so the JSON on stdout keeps its documented keys
            System.err.printf("smoothkd calibration: warning: the temperature fit stopped at its bound (T = %s, bounds"
                    + " [%s, %s]): the NLL has no minimum inside them, so T is not an optimum%n", n,
                    io.smoothkd.core.calibration.TemperatureScaling.MIN_TEMPERATURE,
                    io.smoothkd.core.calibration.TemperatureScaling.MAX_TEMPERATURE);
        }
        if (json) {
            Output.printJson(m);
        } else {
            printTable(m, ReliabilityDiagram.of(data, bins), data.size(), z.size(1));
        }
        return 0;
    }

    /** The calibrator of --method, or null; a bad combination is a user error. */
    private Calibrator calibrator() {
        if (method == null) {
            if (fitLogits != null || fitLabels != null) {
                throw new UserInputException("--fit-logits/--fit-labels: need --method M, one of "
                        + String.join(", ", Calibrators.names()));
            }
            return null;
        }
        if (!Calibrators.names().contains(method)) {
            throw new UserInputException("--method " + method + ": unknown calibration method; expected one of "
                    + String.join(", ", Calibrators.names()));
        }
        if (fitLogits == null || fitLabels == null) {
            throw new UserInputException("--method " + method + ": needs --fit-logits F.npy and --fit-labels Y.npy"
                    + " (the held-out set to fit it on)");
        }
        Map<String, Double> params = new LinkedHashMap<>();
        if (method.equals("matrix")) {
            if (!(offDiagonalL2 >= 0) || !(interceptL2 >= 0) || Double.isInfinite(offDiagonalL2)
                    || Double.isInfinite(interceptL2)) {
                throw new UserInputException("--off-diagonal-l2 " + offDiagonalL2 + " / --intercept-l2 " + interceptL2
                        + ": expected finite numbers >= 0");
            }
            params.put("off_diagonal_l2", offDiagonalL2);
            params.put("intercept_l2", interceptL2);
        } else if (offDiagonalL2 != 0 || interceptL2 != 0) {
            throw new UserInputException("--off-diagonal-l2/--intercept-l2: only for --method matrix, got --method "
                    + method);
        }
        if (method.equals("histogram")) {
            params.put("bins", (double) bins);
        }
        return Calibrators.create(method, params);
    }

    private void printTable(Map<String, Object> m, ReliabilityDiagram d, int n, long classes) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("calibration of %s (n = %d, K = %d, %d bins)%n", logits, n, classes, bins));
        m.forEach((k, v) -> {
            if (v instanceof Map<?, ?> sub) {
                b.append(String.format("  %s (fitted on %s)%n", k, fitLogits));
                sub.forEach((k2, v2) -> b.append(String.format("    %-16s %s%n", k2,
                        v2 instanceof Double dv ? String.format("%.6f", dv) : v2)));
            } else {
                b.append(String.format("  %-24s %s%n", k, v instanceof Double dv ? String.format("%.6f", dv) : v));
            }
        });
        b.append(String.format("%n  %-13s %8s %9s %11s%n", "bin", "count", "accuracy", "confidence"));
        for (int m2 = 0; m2 < d.bins(); m2++) {
            if (d.counts()[m2] > 0) {
                b.append(String.format("  (%.3f, %.3f] %8d %9.4f %11.4f%n", d.lowerEdge(m2), d.upperEdge(m2),
                        d.counts()[m2], d.accuracy()[m2], d.confidence()[m2]));
            }
        }
        System.out.print(b);
    }
}

package io.smoothkd.experiments.cli;

import io.smoothkd.core.calibration.CalibrationSummary;
import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.calibration.ReliabilityDiagram;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code smoothkd calibration}: calibration metrics of logits written by any framework. */
@Command(name = "calibration", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Calibration of a classifier from its logits (Guo et al. 2017; paper §3): accuracy, ECE and MCE"
                + " over equal-width confidence bins, NLL (nats), Brier score, the NLL-optimal temperature on this set,"
                + " and ECE/NLL after temperature scaling.",
                "With --json only the JSON object goes to stdout; logs go to stderr."})
public class CalibrationCommand implements Callable<Integer> {

    @Option(names = "--logits", required = true, paramLabel = "L.npy",
            description = "Logits, float32 or float64 .npy of shape [n, K].")
    Path logits;

    @Option(names = "--labels", required = true, paramLabel = "Y.npy",
            description = "True classes: int class indices [n], or one-hot [n, K].")
    Path labels;

    @Option(names = "--bins", defaultValue = "15", paramLabel = "B",
            description = "Number of equal-width confidence bins (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--json", description = "Print only a JSON object with keys n, accuracy, ece, mce, nll, brier,"
            + " temperature, ece_after_scaling, nll_after_scaling.")
    boolean json;

    /** More bins than this cannot hold a meaningful share of any real set (and would only allocate memory). */
    static final int MAX_BINS = 1_000_000;

    @Override
    public Integer call() throws Exception {
        if (bins <= 0 || bins > MAX_BINS) {
            throw new UserInputException("--bins " + bins + ": expected a number of bins from 1 to " + MAX_BINS);
        }
        INDArray z = ArrayFiles.readFiniteMatrix(logits, "--logits", "logits", "[n, K]");
        if (z.size(1) < 2) {
            throw new UserInputException("--logits " + logits + ": need at least 2 classes (columns), got shape ["
                    + z.size(0) + ", " + z.size(1) + "]");
        }
        int[] y = ArrayFiles.readLabels(labels, "--labels", z.size(0), z.size(1));
        CalibrationSummary s = CalibrationSummary.of(ClassificationLogits.of(z, y), bins);
        if (json) {
            Output.printJson(s.toMap());
        } else {
            printTable(s, z.size(1));
        }
        return 0;
    }

    private void printTable(CalibrationSummary s, long classes) {
        ReliabilityDiagram d = s.diagram();
        StringBuilder b = new StringBuilder();
        b.append(String.format("calibration of %s (n = %d, K = %d, %d bins)%n", logits, s.n(), classes, bins));
        Map<String, Object> m = s.toMap();
        m.forEach((k, v) -> b.append(String.format("  %-18s %s%n", k,
                v instanceof Double dv ? String.format("%.6f", dv) : v)));
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

package io.smoothkd.core.calibration;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Adaptive (equal-mass) expected calibration error (Nixon et al. 2019, "Measuring Calibration in Deep Learning";
 * Naeini et al. 2015): top-label ECE whose B bins hold equally many examples instead of equal confidence widths.
 * The examples are sorted by confidence c_i = max_k p_ik (a stable sort: ties keep their input order) and split into
 * B contiguous bins whose sizes differ by at most one, the first n mod B bins one larger (as
 * {@code numpy.array_split}); with n &lt; B the last bins are empty and contribute nothing.
 * <pre>  ECE_adaptive = Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|</pre>
 * With confidences piled near 1 (most trained networks) equal-width bins put almost every example into the last
 * bin; equal-mass bins resolve the miscalibration there.
 */
public final class AdaptiveExpectedCalibrationError {
    private AdaptiveExpectedCalibrationError() {
    }

    public static double of(ClassificationLogits data, int bins) {
        int n = data.size();
        int k = data.classes();
        double[] conf = new double[n];
        boolean[] correct = new boolean[n];
        double[] z = data.logits();
        for (int i = 0; i < n; i++) {
            int pred = data.predicted(i);
            conf[i] = Math.exp(z[i * k + pred] - data.logSumExp(i, 1.0));
            correct[i] = pred == data.labels()[i];
        }
        Integer[] order = stableOrder(conf);
        int[] starts = arraySplitStarts(n, bins);
        double ece = 0.0;
        for (int m = 0; m < bins; m++) {
            int from = starts[m];
            int to = starts[m + 1];
            if (to == from) {
                continue;
            }
            double acc = 0.0;
            double c = 0.0;
            for (int j = from; j < to; j++) {
                acc += correct[order[j]] ? 1.0 : 0.0;
                c += conf[order[j]];
            }
            ece += Math.abs(acc - c) / n; // |B_m|/n · |acc/|B_m| − conf/|B_m||
        }
        return ece;
    }

    /** Indices 0..n−1 sorted by value ascending, ties in index order. */
    static Integer[] stableOrder(double[] values) {
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> values[i])); // TimSort: stable
        return order;
    }

    /**
     * Bin boundaries of {@code numpy.array_split(range(n), bins)}: bin m covers sorted positions
     * [starts[m], starts[m+1]); the first n mod B bins hold ⌊n/B⌋ + 1, the others ⌊n/B⌋.
     */
    static int[] arraySplitStarts(int n, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("number of bins must be >= 1, got " + bins);
        }
        int[] starts = new int[bins + 1];
        int base = n / bins;
        int extra = n % bins;
        for (int m = 0; m < bins; m++) {
            starts[m + 1] = starts[m] + base + (m < extra ? 1 : 0);
        }
        return starts;
    }
}

package io.smoothkd.core.representation;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logit margins z_y − z_k (k ≠ y) of a classifier and the spread of its incorrect logits — what the paper implies
 * (§2) but does not plot. Cross-entropy with label-smoothed targets y(1−α) + α/K is minimised when every margin
 * equals the closed form {@code ln(1 + K(1 − α)/α)} and the incorrect logits are all equal (zero variance);
 * hard targets (α = 0) push margins to infinity with no constraint on the incorrect logits.
 */
public final class LogitMargins {
    /** Histogram range and resolution of the margins. */
    public static final double LOW = -10;
    public static final double HIGH = 50;
    public static final int BINS = 60;

    private LogitMargins() {
    }

    /** LS's optimal margin {@code ln(1 + K(1 − α)/α)}; +∞ for α = 0. */
    public static double optimum(int classes, double alpha) {
        return alpha == 0 ? Double.POSITIVE_INFINITY : Math.log1p(classes * (1 - alpha) / alpha);
    }

    /**
     * Summary of the margins of logits {@code [n, K]}: mean, quantiles, histogram over [{@value #LOW},
     * {@value #HIGH}] (under/overflow counted), and the mean over examples of the variance of the K − 1 incorrect
     * logits.
     */
    public static Map<String, Object> of(INDArray logits, int[] labels) {
        int n = labels.length;
        int k = (int) logits.size(1);
        double[] z = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] margins = new double[n * (k - 1)];
        long[] hist = new long[BINS];
        long under = 0;
        long over = 0;
        double varSum = 0;
        int m = 0;
        for (int i = 0; i < n; i++) {
            double zy = z[i * k + labels[i]];
            double mean = 0;
            for (int c = 0; c < k; c++) {
                if (c != labels[i]) {
                    mean += z[i * k + c] / (k - 1);
                }
            }
            double var = 0;
            for (int c = 0; c < k; c++) {
                if (c == labels[i]) {
                    continue;
                }
                double d = z[i * k + c] - mean;
                var += d * d / (k - 1);
                double margin = zy - z[i * k + c];
                margins[m++] = margin;
                if (margin < LOW) {
                    under++;
                } else if (margin >= HIGH) {
                    over++;
                } else {
                    hist[(int) ((margin - LOW) / (HIGH - LOW) * BINS)]++;
                }
            }
            varSum += var;
        }
        double[] sorted = margins.clone();
        Arrays.sort(sorted);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", n);
        out.put("mean", Arrays.stream(margins).average().orElse(Double.NaN));
        out.put("p10", quantile(sorted, 0.10));
        out.put("median", quantile(sorted, 0.50));
        out.put("p90", quantile(sorted, 0.90));
        out.put("incorrect_logit_variance", varSum / n);
        out.put("histogram_low", LOW);
        out.put("histogram_high", HIGH);
        out.put("histogram", hist);
        out.put("underflow", under);
        out.put("overflow", over);
        return out;
    }

    /** Linear-interpolated quantile of sorted values (numpy's default). */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}

package io.smoothkd.core.calibration;

/**
 * Classwise expected calibration error (Kull et al. 2019, "Beyond temperature scaling: obtaining well-calibrated
 * multiclass probabilities with Dirichlet calibration", §5): the ECE of every class's own probability p_k, not only
 * of the top one, averaged over the K classes,
 * <pre>  ECE_classwise = (1/K) Σ_k Σ_m |B_km|/n · |freq(y = k | B_km) − mean_{B_km} p_k|</pre>
 * with B equal-width bins of p_k, bin m (1-based) = ((m−1)/B, m/B] and p_k = 0 in bin 1 (the bins of
 * {@link ReliabilityDiagram}).
 */
public final class ClasswiseExpectedCalibrationError {
    private ClasswiseExpectedCalibrationError() {
    }

    public static double of(ClassificationLogits data, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("number of bins must be >= 1, got " + bins);
        }
        int n = data.size();
        int k = data.classes();
        long[][] counts = new long[k][bins];
        double[][] positives = new double[k][bins];
        double[][] probSum = new double[k][bins];
        double[] p = new double[k];
        for (int i = 0; i < n; i++) {
            data.probabilities(i, p);
            for (int c = 0; c < k; c++) {
                int m = ReliabilityDiagram.binOf(p[c], bins);
                counts[c][m]++;
                probSum[c][m] += p[c];
                if (data.labels()[i] == c) {
                    positives[c][m] += 1.0;
                }
            }
        }
        double total = 0.0;
        for (int c = 0; c < k; c++) {
            for (int m = 0; m < bins; m++) {
                if (counts[c][m] > 0) {
                    total += Math.abs(positives[c][m] - probSum[c][m]) / n;
                }
            }
        }
        return total / k;
    }
}

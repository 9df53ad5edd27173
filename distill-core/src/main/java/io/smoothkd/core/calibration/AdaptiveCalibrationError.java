package io.smoothkd.core.calibration;

/**
 * Adaptive calibration error, ACE (Nixon et al. 2019, "Measuring Calibration in Deep Learning", §4): classwise and
 * equal-mass at once. For every class k the examples are sorted by p_k (stable sort) and split into R ranges of
 * equal mass as {@code numpy.array_split} (see {@link AdaptiveExpectedCalibrationError}); then
 * <pre>  ACE = (1/(K·R)) Σ_k Σ_r |freq(y = k | r) − mean_r p_k|</pre>
 * an unweighted mean over the K·R ranges (empty ranges, possible only when n &lt; R, count as 0). Not to be confused
 * with netcal's "ACE", the average calibration error of Neumann et al. (2018).
 */
public final class AdaptiveCalibrationError {
    private AdaptiveCalibrationError() {
    }

    public static double of(ClassificationLogits data, int ranges) {
        int n = data.size();
        int k = data.classes();
        double[] all = data.probabilities();
        int[] starts = AdaptiveExpectedCalibrationError.arraySplitStarts(n, ranges);
        double[] pk = new double[n];
        double total = 0.0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                pk[i] = all[i * k + c];
            }
            Integer[] order = AdaptiveExpectedCalibrationError.stableOrder(pk);
            for (int r = 0; r < ranges; r++) {
                int size = starts[r + 1] - starts[r];
                if (size == 0) {
                    continue;
                }
                double freq = 0.0;
                double mean = 0.0;
                for (int j = starts[r]; j < starts[r + 1]; j++) {
                    freq += data.labels()[order[j]] == c ? 1.0 : 0.0;
                    mean += pk[order[j]];
                }
                total += Math.abs(freq - mean) / size;
            }
        }
        return total / ((double) k * ranges);
    }
}

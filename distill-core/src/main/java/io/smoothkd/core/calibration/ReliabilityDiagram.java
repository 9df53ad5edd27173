package io.smoothkd.core.calibration;

/**
 * Reliability diagram (Guo et al. 2017; paper §3): predictions grouped into B equal-width confidence bins,
 * bin m (1-based) holding confidences in ((m−1)/B, m/B], confidence = max softmax probability. Per bin:
 * count, accuracy and mean confidence. From it, the expected and maximum calibration errors
 * <pre>  ECE = Σ_m |B_m|/n · |acc(B_m) − conf(B_m)|,   MCE = max_{m: |B_m| &gt; 0} |acc(B_m) − conf(B_m)|</pre>
 *
 * @param counts     examples per bin
 * @param accuracy   fraction correct per bin (0 for an empty bin)
 * @param confidence mean confidence per bin (0 for an empty bin)
 */
public record ReliabilityDiagram(long[] counts, double[] accuracy, double[] confidence) {

    /** The bin count of Guo et al. and the paper. */
    public static final int DEFAULT_BINS = 15;

    /** Builds the diagram of logits with their true labels. */
    public static ReliabilityDiagram of(ClassificationLogits data, int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("number of bins must be >= 1, got " + bins);
        }
        long[] counts = new long[bins];
        double[] correct = new double[bins];
        double[] confSum = new double[bins];
        int k = data.classes();
        double[] z = data.logits();
        for (int i = 0; i < data.size(); i++) {
            int pred = data.predicted(i);
            double conf = Math.exp(z[i * k + pred] - data.logSumExp(i, 1.0));
            int m = binOf(conf, bins);
            counts[m]++;
            confSum[m] += conf;
            if (pred == data.labels()[i]) {
                correct[m] += 1.0;
            }
        }
        double[] acc = new double[bins];
        double[] meanConf = new double[bins];
        for (int m = 0; m < bins; m++) {
            if (counts[m] > 0) {
                acc[m] = correct[m] / counts[m];
                meanConf[m] = confSum[m] / counts[m];
            }
        }
        return new ReliabilityDiagram(counts, acc, meanConf);
    }

    /** 0-based bin of a confidence: the m with m/B &lt; c ≤ (m+1)/B (c = 0 goes to bin 0). */
    static int binOf(double conf, int bins) {
        int m = (int) Math.ceil(conf * bins) - 1;
        m = Math.max(0, Math.min(bins - 1, m));
        // Guard the rounding of conf·B at the edges: enforce lower < conf <= upper with the edges as m/B.
        while (m > 0 && conf <= (double) m / bins) {
            m--;
        }
        while (m < bins - 1 && conf > (double) (m + 1) / bins) {
            m++;
        }
        return m;
    }

    public int bins() {
        return counts.length;
    }

    public long total() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** Expected calibration error: count-weighted mean gap between accuracy and confidence. */
    public double expectedCalibrationError() {
        double n = total();
        double ece = 0.0;
        for (int m = 0; m < counts.length; m++) {
            ece += counts[m] / n * Math.abs(accuracy[m] - confidence[m]);
        }
        return ece;
    }

    /** Maximum calibration error: the largest gap over non-empty bins. */
    public double maximumCalibrationError() {
        double mce = 0.0;
        for (int m = 0; m < counts.length; m++) {
            if (counts[m] > 0) {
                mce = Math.max(mce, Math.abs(accuracy[m] - confidence[m]));
            }
        }
        return mce;
    }

    /** Lower edge (m/B) of 0-based bin m. */
    public double lowerEdge(int m) {
        return (double) m / counts.length;
    }

    /** Upper edge ((m+1)/B) of 0-based bin m. */
    public double upperEdge(int m) {
        return (double) (m + 1) / counts.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReliabilityDiagram r && java.util.Arrays.equals(counts, r.counts)
                && java.util.Arrays.equals(accuracy, r.accuracy) && java.util.Arrays.equals(confidence, r.confidence);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(counts) * 31 + java.util.Arrays.hashCode(accuracy);
    }

    @Override
    public String toString() {
        return "ReliabilityDiagram[bins=" + counts.length + ", n=" + total() + "]";
    }
}

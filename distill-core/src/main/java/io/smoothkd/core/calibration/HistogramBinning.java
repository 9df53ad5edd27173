package io.smoothkd.core.calibration;

/**
 * Histogram binning (Zadrozny &amp; Elkan 2001, "Obtaining calibrated probability estimates from decision trees and
 * naive Bayesian classifiers"; multi-class one-vs-rest as in Guo et al. 2017, §4.1): for each class k, B equal-width
 * bins of p_k, bin m = ((m−1)/B, m/B] with p_k = 0 in bin 1 (the bins of {@link ReliabilityDiagram}); every
 * probability in a bin is replaced by the bin's fraction of positives,
 * <pre>  h_k(p) = θ_km = |{i ∈ B_km : y_i = k}| / |B_km|   for p ∈ B_km</pre>
 * (the θ minimising the squared error in the bin; an empty bin keeps its midpoint (m − ½)/B), then the K values are
 * renormalised (see {@link OneVsRest}).
 */
public final class HistogramBinning implements Calibrator {
    private final int bins;

    /** With {@link ReliabilityDiagram#DEFAULT_BINS} bins. */
    public HistogramBinning() {
        this(ReliabilityDiagram.DEFAULT_BINS);
    }

    public HistogramBinning(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogram binning: bins must be >= 1, got " + bins);
        }
        this.bins = bins;
    }

    public int bins() {
        return bins;
    }

    @Override
    public String name() {
        return "histogram";
    }

    @Override
    public Fitted fitOn(ClassificationLogits heldOut) {
        return OneVsRest.fit(name(), heldOut, (p, positive) -> {
            long[] count = new long[bins];
            double[] pos = new double[bins];
            for (int i = 0; i < p.length; i++) {
                int m = ReliabilityDiagram.binOf(p[i], bins);
                count[m]++;
                pos[m] += positive[i] ? 1.0 : 0.0;
            }
            double[] theta = new double[bins];
            for (int m = 0; m < bins; m++) {
                theta[m] = count[m] > 0 ? pos[m] / count[m] : (m + 0.5) / bins;
            }
            return v -> theta[ReliabilityDiagram.binOf(v, bins)];
        });
    }
}

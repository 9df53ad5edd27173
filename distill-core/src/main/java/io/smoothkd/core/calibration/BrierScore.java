package io.smoothkd.core.calibration;

/**
 * Multi-class Brier score (Brier 1950): the mean over examples of the squared distance between the
 * predicted distribution and the one-hot label,
 * <pre>  Brier = (1/n) Σ_i Σ_k (p_ik − y_ik)²</pre>
 */
public final class BrierScore {
    private BrierScore() {
    }

    public static double of(ClassificationLogits data) {
        int k = data.classes();
        double[] p = new double[k];
        double total = 0.0;
        for (int i = 0; i < data.size(); i++) {
            data.probabilities(i, p);
            int y = data.labels()[i];
            for (int c = 0; c < k; c++) {
                double d = p[c] - (c == y ? 1.0 : 0.0);
                total += d * d;
            }
        }
        return total / data.size();
    }
}

package io.smoothkd.core.calibration;

/**
 * Mean negative log-likelihood of the true class, natural log (paper §3):
 * <pre>  NLL = (1/n) Σ_i [ log Σ_k exp(z_ik / T) − z_iy / T ]</pre>
 * computed with log-sum-exp, without clipping, so it is exact for logits of any magnitude.
 */
public final class NegativeLogLikelihood {
    private NegativeLogLikelihood() {
    }

    public static double of(ClassificationLogits data) {
        return of(data, 1.0);
    }

    /** NLL of the logits divided by {@code temperature}. */
    public static double of(ClassificationLogits data, double temperature) {
        double s = 1.0 / temperature;
        int k = data.classes();
        double[] z = data.logits();
        double total = 0.0;
        for (int i = 0; i < data.size(); i++) {
            total += data.logSumExp(i, s) - z[i * k + data.labels()[i]] * s;
        }
        return total / data.size();
    }
}

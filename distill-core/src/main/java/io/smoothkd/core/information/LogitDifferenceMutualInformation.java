package io.smoothkd.core.information;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Mutual information between the input example X (uniform over N training examples) and Y = z_i − z_j, the
 * difference of two logits, under data augmentation (paper §5). Each example x has L augmented values
 * y_x1 … y_xL; Y | X = x is modelled as a Gaussian N(µ_x, σ²) with µ_x the mean of the example's L values and
 * σ² the pooled within-example variance
 * <pre>  σ² = 1/(N·L) Σ_x Σ_l (y_xl − µ_x)²</pre>
 * and the estimate is
 * <pre>  Î = 1/(N·L) Σ_x Σ_l [ log p(y_xl | x) − log( 1/N Σ_x' p(y_xl | x') ) ],</pre>
 * in nats, bounded above by log N (reached when the examples are perfectly distinguishable).
 *
 * <p>Cost: O(N²·L) time in the worst case, O(N·L) memory — never an N×N×L array. The inner log-sum-exp over x'
 * runs over the example means sorted once, outward from the nearest one, and stops a side when its terms
 * fall below e<sup>−{@value #CUTOFF}</sup> of the largest: the neglected mass is below N·e<sup>−60</sup>, far
 * under double rounding of the result.
 */
public final class LogitDifferenceMutualInformation {
    /** Terms with exponents this far below the largest are dropped (their sum is &lt; N·e^−CUTOFF). */
    static final double CUTOFF = 60.0;

    private LogitDifferenceMutualInformation() {
    }

    /**
     * The estimate and what it was computed from.
     *
     * @param n        examples N
     * @param l        augmented copies per example L
     * @param mi       Î in nats
     * @param maxMi    log N, the upper bound
     * @param variance pooled within-example variance σ²
     */
    public record Estimate(int n, int l, double mi, double maxMi, double variance) {
    }

    /** Estimate from samples {@code [N, L]}: row x holds the L augmented values of example x. */
    public static Estimate estimate(INDArray samples) {
        if (samples.rank() != 2) {
            throw new IllegalArgumentException("samples must be a 2-d array [N, L], got shape "
                    + Arrays.toString(samples.shape()));
        }
        int n = (int) samples.size(0);
        int l = (int) samples.size(1);
        return estimate(samples.castTo(DataType.DOUBLE).dup('c').data().asDouble(), n, l);
    }

    /** Estimate from a row-major {@code N·L} array. */
    public static Estimate estimate(double[] y, int n, int l) {
        if (n < 2) {
            throw new IllegalArgumentException("need at least 2 examples (rows) for mutual information, got " + n);
        }
        if (l < 1 || (long) n * l != y.length) {
            throw new IllegalArgumentException("samples must hold N·L = " + ((long) n * l) + " values, got " + y.length);
        }
        for (int i = 0; i < y.length; i++) {
            if (!Double.isFinite(y[i])) {
                throw new IllegalArgumentException("samples contain " + y[i] + " at row " + (i / l) + ", column "
                        + (i % l) + "; expected finite numbers");
            }
        }
        // The estimate is invariant to the scale of y (µ scales with it, σ² with its square, every exponent stays the
        // same), so values whose squares would overflow (or underflow) are rescaled first.
        double largest = 0.0;
        for (double v : y) {
            largest = Math.max(largest, Math.abs(v));
        }
        double scale = largest > 1e150 || largest > 0 && largest < 1e-150 ? largest : 1.0;
        if (scale != 1.0) {
            double[] scaled = new double[y.length];
            for (int i = 0; i < y.length; i++) {
                scaled[i] = y[i] / scale;
            }
            Estimate e = estimate(scaled, n, l);
            return new Estimate(n, l, e.mi(), e.maxMi(), e.variance() * scale * scale);
        }
        double[] mu = new double[n];
        double ss = 0.0;
        for (int x = 0; x < n; x++) {
            double m = 0.0;
            for (int j = 0; j < l; j++) {
                m += y[x * l + j];
            }
            m /= l;
            mu[x] = m;
            for (int j = 0; j < l; j++) {
                double d = y[x * l + j] - m;
                ss += d * d;
            }
        }
        double variance = ss / ((double) n * l);
        if (!(variance > 0.0)) {
            throw new IllegalArgumentException("samples have zero within-example variance (every example's L values"
                    + " are identical), so the Gaussian model of Y given X is undefined; expected augmented copies that"
                    + " differ");
        }
        double inv2s2 = 1.0 / (2.0 * variance);
        double[] sorted = mu.clone();
        Arrays.sort(sorted);

        // Per-example partial sums, added in a fixed order afterwards: deterministic under parallelism.
        double[] partial = new double[n];
        IntStream.range(0, n).parallel().forEach(x -> {
            double acc = 0.0;
            for (int j = 0; j < l; j++) {
                double v = y[x * l + j];
                double own = v - mu[x];
                acc += -own * own * inv2s2 - logSumExpOverMeans(sorted, v, inv2s2);
            }
            partial[x] = acc;
        });
        double total = 0.0;
        for (double p : partial) {
            total += p;
        }
        double logN = Math.log(n);
        return new Estimate(n, l, logN + total / ((double) n * l), logN, variance);
    }

    /** log Σ_x' exp(−(v − µ_x')² / 2σ²) over the sorted means, outward from the nearest one. */
    static double logSumExpOverMeans(double[] sorted, double v, double inv2s2) {
        int right = Arrays.binarySearch(sorted, v);
        if (right < 0) {
            right = -right - 1; // first mean >= v
        }
        int left = right - 1;
        double dl = left >= 0 ? v - sorted[left] : Double.POSITIVE_INFINITY;
        double dr = right < sorted.length ? sorted[right] - v : Double.POSITIVE_INFINITY;
        double dmin = Math.min(dl, dr);
        double emax = dmin * dmin * inv2s2;
        double sum = 0.0;
        for (int i = left; i >= 0; i--) {
            double d = v - sorted[i];
            double e = d * d * inv2s2 - emax;
            if (e > CUTOFF) {
                break;
            }
            sum += Math.exp(-e);
        }
        for (int i = right; i < sorted.length; i++) {
            double d = sorted[i] - v;
            double e = d * d * inv2s2 - emax;
            if (e > CUTOFF) {
                break;
            }
            sum += Math.exp(-e);
        }
        return -emax + Math.log(sum);
    }
}

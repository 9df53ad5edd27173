package io.smoothkd.core.calibration;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Temperature scaling (Guo et al. 2017; paper §3): one scalar T &gt; 0 dividing the logits, chosen to minimise
 * the NLL on held-out data,
 * <pre>  T* = argmin_T (1/n) Σ_i [ log Σ_k exp(z_ik/T) − z_iy/T ]</pre>
 *
 * <p>In the inverse temperature s = 1/T the objective f(s) = mean(lse(s·z) − s·z_y) is convex (a log-sum-exp of
 * linear functions), with f'(s) = mean(E_p[z] − z_y) non-decreasing and f''(s) = mean(Var_p[z]) ≥ 0. The fit
 * brackets the root of f' by doubling/halving s and then runs Newton steps safeguarded by bisection in log s,
 * so it always converges, whether the optimum is T = 0.2 or T = 300. When no interior optimum exists inside
 * [{@link #MIN_TEMPERATURE}, {@link #MAX_TEMPERATURE}] (for example perfectly separated data, whose NLL keeps
 * falling as T → 0), it returns the nearest bound, or the temperature at which the NLL stops changing in
 * double precision (the wrong-class probabilities underflow), whichever comes first.
 *
 * <p>As a {@link Calibrator}: {@code new TemperatureScaling().fitOn(validation)} fits T on the validation logits;
 * the static {@link #fit} and {@link #apply} are the same steps for callers who want the number.
 */
public final class TemperatureScaling implements Calibrator {
    /** Smallest temperature the fit returns. */
    public static final double MIN_TEMPERATURE = 1e-4;
    /** Largest temperature the fit returns. */
    public static final double MAX_TEMPERATURE = 1e4;

    public TemperatureScaling() {
    }

    @Override
    public String name() {
        return "temperature";
    }

    @Override
    public Fitted fitOn(ClassificationLogits heldOut) {
        double t = fit(heldOut);
        return new Scaled(t, NegativeLogLikelihood.of(heldOut, t));
    }

    /**
     * A fitted temperature.
     *
     * @param temperature T
     * @param fittedNll   NLL of the held-out logits divided by T
     */
    public record Scaled(double temperature, double fittedNll) implements Fitted {
        @Override
        public ClassificationLogits apply(ClassificationLogits data) {
            return TemperatureScaling.apply(data, temperature);
        }

        @Override
        public String method() {
            return "temperature";
        }
    }

    /** The NLL-optimal temperature of logits {@code [n, K]} with class indices. */
    public static double fit(INDArray logits, int[] labels) {
        return fit(ClassificationLogits.of(logits, labels));
    }

    /** The NLL-optimal temperature. */
    public static double fit(ClassificationLogits data) {
        double sMin = 1.0 / MAX_TEMPERATURE;
        double sMax = 1.0 / MIN_TEMPERATURE;
        double[] d = derivatives(data, 1.0);
        if (d[0] == 0.0) {
            return 1.0;
        }
        double lo;
        double hi;
        if (d[0] < 0) { // optimum at larger s (smaller T)
            lo = 1.0;
            hi = 2.0;
            while (derivatives(data, hi)[0] < 0) {
                lo = hi;
                hi *= 2.0;
                if (hi >= sMax) {
                    if (derivatives(data, sMax)[0] < 0) {
                        return MIN_TEMPERATURE;
                    }
                    hi = sMax;
                    break;
                }
            }
        } else { // optimum at smaller s (larger T)
            hi = 1.0;
            lo = 0.5;
            while (derivatives(data, lo)[0] > 0) {
                hi = lo;
                lo /= 2.0;
                if (lo <= sMin) {
                    if (derivatives(data, sMin)[0] > 0) {
                        return MAX_TEMPERATURE;
                    }
                    lo = sMin;
                    break;
                }
            }
        }
        double s = Math.sqrt(lo * hi);
        for (int iter = 0; iter < 200 && (hi - lo) > 1e-13 * hi; iter++) {
            d = derivatives(data, s);
            if (Math.abs(d[0]) <= 1e-15 * (1.0 + Math.abs(d[1]) * s)) {
                break; // stationary at s
            }
            if (d[0] < 0) {
                lo = s;
            } else {
                hi = s;
            }
            double newton = d[1] > 0 ? s - d[0] / d[1] : Double.NaN;
            s = (newton > lo && newton < hi) ? newton : Math.sqrt(lo * hi);
        }
        return 1.0 / s;
    }

    /** Logits divided by the temperature. */
    public static ClassificationLogits apply(ClassificationLogits data, double temperature) {
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0 and finite, got " + temperature);
        }
        return data.scaled(temperature);
    }

    /**
     * {f'(s), f''(s)} of the NLL in the inverse temperature s. Moments are taken of z_k − z_y, so that a
     * nearly one-hot softmax still gives the exact (tiny, signed) gradient instead of a cancelled zero.
     */
    static double[] derivatives(ClassificationLogits data, double s) {
        int k = data.classes();
        double[] z = data.logits();
        double grad = 0.0;
        double curv = 0.0;
        for (int i = 0; i < data.size(); i++) {
            int base = i * k;
            double zy = z[base + data.labels()[i]];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, z[base + c] * s);
            }
            double sum = 0.0;
            double m1 = 0.0;
            double m2 = 0.0;
            for (int c = 0; c < k; c++) {
                double w = Math.exp(z[base + c] * s - max);
                double d = z[base + c] - zy;
                sum += w;
                m1 += w * d;
                m2 += w * d * d;
            }
            double mean = m1 / sum;
            grad += mean;
            curv += Math.max(0.0, m2 / sum - mean * mean);
        }
        return new double[] {grad / data.size(), curv / data.size()};
    }
}

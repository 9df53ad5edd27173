package io.smoothkd.core.calibration;

import java.util.Arrays;

/**
 * Isotonic-regression calibration (Zadrozny &amp; Elkan 2002, "Transforming classifier scores into accurate
 * multiclass probability estimates"; Guo et al. 2017, §4.1), one-vs-rest: for each class k the non-decreasing
 * function h_k minimising the squared error
 * <pre>  h_k = argmin_{h non-decreasing} Σ_i (1[y_i = k] − h(p_ik))²</pre>
 * found by pool-adjacent-violators (Ayer et al. 1955) over the distinct values of p_k (tied probabilities are pooled
 * first, weighted by their count), then renormalised over the classes (see {@link OneVsRest}). Between two fitted
 * values h is linearly interpolated, and outside the fitted range it is clipped to the end values, as scikit-learn's
 * {@code IsotonicRegression(out_of_bounds="clip")} that netcal uses.
 */
public final class IsotonicRegression implements Calibrator {

    @Override
    public String name() {
        return "isotonic";
    }

    @Override
    public Fitted fitOn(ClassificationLogits heldOut) {
        return OneVsRest.fit(name(), heldOut, (p, positive) -> {
            double[] y = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                y[i] = positive[i] ? 1.0 : 0.0;
            }
            Step f = fit(p, y);
            return f::valueAt;
        });
    }

    /**
     * The fitted function at its knots.
     *
     * @param x distinct inputs, ascending
     * @param h fitted non-decreasing values at x
     */
    record Step(double[] x, double[] h) {
        double valueAt(double v) {
            if (v <= x[0]) {
                return h[0];
            }
            if (v >= x[x.length - 1]) {
                return h[h.length - 1];
            }
            int j = Arrays.binarySearch(x, v);
            if (j >= 0) {
                return h[j];
            }
            int hi = -j - 1;
            int lo = hi - 1;
            double t = (v - x[lo]) / (x[hi] - x[lo]);
            return h[lo] + t * (h[hi] - h[lo]);
        }
    }

    /** Least-squares non-decreasing fit of y on x (ties in x pooled first). */
    static Step fit(double[] x, double[] y) {
        Integer[] order = AdaptiveExpectedCalibrationError.stableOrder(x);
        int n = x.length;
        double[] ux = new double[n];
        double[] sum = new double[n];
        double[] weight = new double[n];
        int u = 0;
        for (int j = 0; j < n; j++) {
            int i = order[j];
            if (u > 0 && x[i] == ux[u - 1]) {
                sum[u - 1] += y[i];
                weight[u - 1] += 1.0;
            } else {
                ux[u] = x[i];
                sum[u] = y[i];
                weight[u] = 1.0;
                u++;
            }
        }
        // pool adjacent violators over the u distinct points: a stack of blocks (mean, weight, first point)
        double[] mean = new double[u];
        double[] w = new double[u];
        int[] first = new int[u];
        int blocks = 0;
        for (int j = 0; j < u; j++) {
            mean[blocks] = sum[j] / weight[j];
            w[blocks] = weight[j];
            first[blocks] = j;
            blocks++;
            while (blocks > 1 && mean[blocks - 2] > mean[blocks - 1]) {
                double tw = w[blocks - 2] + w[blocks - 1];
                mean[blocks - 2] = (mean[blocks - 2] * w[blocks - 2] + mean[blocks - 1] * w[blocks - 1]) / tw;
                w[blocks - 2] = tw;
                blocks--;
            }
        }
        double[] h = new double[u];
        for (int b = 0; b < blocks; b++) {
            int end = b + 1 < blocks ? first[b + 1] : u;
            Arrays.fill(h, first[b], end, mean[b]);
        }
        return new Step(Arrays.copyOf(ux, u), h);
    }
}

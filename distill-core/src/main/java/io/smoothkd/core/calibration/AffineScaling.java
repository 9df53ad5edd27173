package io.smoothkd.core.calibration;

import java.util.ArrayList;
import java.util.List;

/**
 * The fit shared by {@link VectorScaling} and {@link MatrixScaling}: calibrated logits u = W z + b with some entries
 * of W free and the others held at 0, chosen to minimise
 * <pre>  f(W, b) = (1/n) Σ_i [ lse(W z_i + b) − (W z_i + b)_{y_i} ]
 *            + λ/(K(K−1)) Σ_{k≠j} W_kj² + μ/K Σ_k b_k²</pre>
 * (the second line is the ODIR penalty of Kull et al. 2019; λ = μ = 0 gives the plain NLL). f is convex in (W, b):
 * a log-sum-exp of functions linear in the parameters plus a convex quadratic. With x = (z, 1) and r_i = p_i − e_{y_i},
 * ∂f/∂W_kj = mean r_ik x_ij (+ penalty) and ∂²f/∂W_kj∂W_lm = mean (p_ik δ_kl − p_ik p_il) x_ij x_im (+ penalty).
 *
 * <p>Newton's method from the temperature-scaling solution W = I/T, b = 0, each step the solution of
 * (H + τI) d = −g by Cholesky (τ tiny, raised tenfold whenever the factorisation fails: softmax is invariant to a
 * shift of all logits, so H is singular along W + 1vᵀ, b + c·1, where g has no component), then a backtracking
 * (Armijo) line search. Stops when the largest |gradient| entry is below 1e-11, when no step lowers f, or after 200
 * steps (where no minimum exists, as on separable data, f keeps falling and the parameters keep growing).
 */
final class AffineScaling {
    static final int MAX_PARAMETERS = 2500;
    private static final int MAX_STEPS = 200;

    private AffineScaling() {
    }

    /**
     * Fits the free entries.
     *
     * @param free          free[k][j], j &lt; K: W_kj is a parameter; free[k][K]: b_k is
     * @param offDiagonalL2 λ ≥ 0
     * @param interceptL2   μ ≥ 0
     */
    static AffineLogitMap fit(String method, ClassificationLogits data, boolean[][] free, double offDiagonalL2,
                   double interceptL2) {
        if (!(offDiagonalL2 >= 0) || !(interceptL2 >= 0) || Double.isInfinite(offDiagonalL2)
                || Double.isInfinite(interceptL2)) {
            throw new IllegalArgumentException("L2 penalties must be finite and >= 0, got off-diagonal "
                    + offDiagonalL2 + ", intercept " + interceptL2);
        }
        int k = data.classes();
        List<int[]> index = new ArrayList<>();
        for (int r = 0; r < k; r++) {
            for (int c = 0; c <= k; c++) {
                if (free[r][c]) {
                    index.add(new int[] {r, c});
                }
            }
        }
        int np = index.size();
        if (np > MAX_PARAMETERS) {
            throw new IllegalArgumentException(method + " scaling of " + k + " classes has " + np
                    + " parameters; at most " + MAX_PARAMETERS + " are supported");
        }
        int[] row = new int[np];
        int[] col = new int[np];
        double[] penalty = new double[np]; // coefficient c of c·θ² in f
        for (int a = 0; a < np; a++) {
            row[a] = index.get(a)[0];
            col[a] = index.get(a)[1];
            if (col[a] == k) {
                penalty[a] = interceptL2 / k;
            } else if (row[a] != col[a]) {
                penalty[a] = offDiagonalL2 / ((double) k * (k - 1));
            }
        }
        double t = TemperatureScaling.fit(data);
        double[] theta = new double[np];
        for (int a = 0; a < np; a++) {
            theta[a] = row[a] == col[a] ? 1.0 / t : 0.0;
        }
        Problem problem = new Problem(data, row, col, penalty);
        double f = problem.value(theta);
        double[] g = new double[np];
        double[][] h = new double[np][np];
        for (int step = 0; step < MAX_STEPS; step++) {
            problem.derivatives(theta, g, h);
            double gMax = 0.0;
            for (double v : g) {
                gMax = Math.max(gMax, Math.abs(v));
            }
            if (gMax < 1e-11) {
                break;
            }
            double[] d = newtonStep(h, g);
            double slope = 0.0;
            for (int a = 0; a < np; a++) {
                slope += g[a] * d[a];
            }
            if (!(slope < 0)) { // not a descent direction (numerically): fall back to steepest descent
                for (int a = 0; a < np; a++) {
                    d[a] = -g[a];
                }
                slope = -gMax * gMax;
            }
            double[] next = new double[np];
            double fNext = Double.NaN;
            boolean moved = false;
            for (double s = 1.0; s > 1e-12; s *= 0.5) {
                for (int a = 0; a < np; a++) {
                    next[a] = theta[a] + s * d[a];
                }
                fNext = problem.value(next);
                if (fNext <= f + 1e-4 * s * slope) {
                    moved = fNext < f || s == 1.0;
                    break;
                }
            }
            if (!moved || !(fNext <= f)) {
                break;
            }
            System.arraycopy(next, 0, theta, 0, np);
            f = fNext;
        }
        double[][] w = new double[k][k];
        double[] b = new double[k];
        for (int a = 0; a < np; a++) {
            if (col[a] == k) {
                b[row[a]] = theta[a];
            } else {
                w[row[a]][col[a]] = theta[a];
            }
        }
        AffineLogitMap map = new AffineLogitMap(method, w, b, Double.NaN);
        return new AffineLogitMap(method, w, b, NegativeLogLikelihood.of(map.apply(data)));
    }

    /** Solves (H + τI) d = −g, raising τ until the Cholesky factorisation succeeds. */
    static double[] newtonStep(double[][] h, double[] g) {
        int np = g.length;
        double scale = 0.0;
        for (int a = 0; a < np; a++) {
            scale = Math.max(scale, Math.abs(h[a][a]));
        }
        double tau = 1e-12 * (1.0 + scale);
        double[][] l = new double[np][np];
        while (true) {
            if (cholesky(h, tau, l)) {
                break;
            }
            tau *= 10.0;
        }
        double[] y = new double[np];
        for (int i = 0; i < np; i++) {
            double s = -g[i];
            for (int j = 0; j < i; j++) {
                s -= l[i][j] * y[j];
            }
            y[i] = s / l[i][i];
        }
        double[] d = new double[np];
        for (int i = np - 1; i >= 0; i--) {
            double s = y[i];
            for (int j = i + 1; j < np; j++) {
                s -= l[j][i] * d[j];
            }
            d[i] = s / l[i][i];
        }
        return d;
    }

    /** L Lᵀ = H + τI into l; false when a pivot is not positive. */
    private static boolean cholesky(double[][] h, double tau, double[][] l) {
        int np = h.length;
        for (int i = 0; i < np; i++) {
            for (int j = 0; j <= i; j++) {
                double s = h[i][j] + (i == j ? tau : 0.0);
                for (int m = 0; m < j; m++) {
                    s -= l[i][m] * l[j][m];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        return false;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return true;
    }

    /** The penalised NLL and its derivatives in the free parameters. */
    private record Problem(ClassificationLogits data, int[] row, int[] col, double[] penalty) {

        /** u_i = W z_i + b for the parameters theta, into u (length K). */
        private void logits(double[] theta, int i, double[] u) {
            int k = data.classes();
            double[] z = data.logits();
            java.util.Arrays.fill(u, 0.0);
            for (int a = 0; a < theta.length; a++) {
                u[row[a]] += theta[a] * (col[a] == k ? 1.0 : z[i * k + col[a]]);
            }
        }

        private static double max(double[] u) {
            double max = Double.NEGATIVE_INFINITY;
            for (double v : u) {
                max = Math.max(max, v);
            }
            return max;
        }

        double value(double[] theta) {
            int k = data.classes();
            double[] u = new double[k];
            double total = 0.0;
            for (int i = 0; i < data.size(); i++) {
                logits(theta, i, u);
                double max = max(u);
                double s = 0.0;
                for (double v : u) {
                    s += Math.exp(v - max);
                }
                total += max + Math.log(s) - u[data.labels()[i]];
            }
            double f = total / data.size();
            for (int a = 0; a < theta.length; a++) {
                f += penalty[a] * theta[a] * theta[a];
            }
            return Double.isNaN(f) ? Double.POSITIVE_INFINITY : f;
        }

        void derivatives(double[] theta, double[] g, double[][] h) {
            int k = data.classes();
            int np = theta.length;
            double[] z = data.logits();
            double[] u = new double[k];
            double[] p = new double[k];
            double[] x = new double[np];
            double[] px = new double[np];
            java.util.Arrays.fill(g, 0.0);
            for (double[] r : h) {
                java.util.Arrays.fill(r, 0.0);
            }
            for (int i = 0; i < data.size(); i++) {
                logits(theta, i, u);
                double max = max(u);
                double s = 0.0;
                for (int c = 0; c < k; c++) {
                    p[c] = Math.exp(u[c] - max);
                    s += p[c];
                }
                for (int c = 0; c < k; c++) {
                    p[c] /= s;
                }
                int y = data.labels()[i];
                for (int a = 0; a < np; a++) {
                    x[a] = col[a] == k ? 1.0 : z[i * k + col[a]];
                    px[a] = p[row[a]] * x[a];
                    g[a] += (p[row[a]] - (row[a] == y ? 1.0 : 0.0)) * x[a];
                }
                for (int a = 0; a < np; a++) {
                    double[] ha = h[a];
                    int ra = row[a];
                    double pxa = px[a];
                    for (int b = 0; b <= a; b++) {
                        double v = -pxa * px[b];
                        if (row[b] == ra) {
                            v += pxa * x[b];
                        }
                        ha[b] += v;
                    }
                }
            }
            double inv = 1.0 / data.size();
            for (int a = 0; a < np; a++) {
                g[a] = g[a] * inv + 2.0 * penalty[a] * theta[a];
                for (int b = 0; b <= a; b++) {
                    h[a][b] *= inv;
                    h[b][a] = h[a][b];
                }
                h[a][a] += 2.0 * penalty[a];
            }
        }
    }
}

package io.smoothkd.core.calibration;

/**
 * Matrix scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks", §4.2): calibrated logits u = W z + b
 * with a full K×K matrix W and a bias b, K(K+1) parameters chosen to minimise the mean NLL on held-out data, here with
 * the optional off-diagonal and intercept regularisation (ODIR) of Kull et al. 2019 ("Beyond temperature scaling:
 * obtaining well-calibrated multiclass probabilities with Dirichlet calibration", §4, MS-ODIR):
 * <pre>  (W*, b*) = argmin (1/n) Σ_i [ lse(W z_i + b) − (W z_i + b)_{y_i} ] + λ/(K(K−1)) Σ_{k≠j} W_kj² + μ/K Σ_k b_k²</pre>
 * The diagonal is not penalised, so λ, μ → ∞ tends to vector scaling without bias. The objective is convex; it is
 * minimised by Newton's method with a Cholesky solve and Armijo backtracking, from W = I/T (the temperature-scaling
 * fit), b = 0. Without a penalty and with few examples per parameter (K(K+1) ≥ n/10) the minimum may not exist
 * (the NLL keeps falling as ‖W‖ grows); the fit then stops after 200 steps with large weights.
 */
public final class MatrixScaling implements Calibrator {
    private final double offDiagonalL2;
    private final double interceptL2;

    /** Plain matrix scaling (λ = μ = 0). */
    public MatrixScaling() {
        this(0.0, 0.0);
    }

    /**
     * @param offDiagonalL2 λ ≥ 0, the weight of the mean squared off-diagonal entry of W
     * @param interceptL2   μ ≥ 0, the weight of the mean squared entry of b
     */
    public MatrixScaling(double offDiagonalL2, double interceptL2) {
        if (!(offDiagonalL2 >= 0) || !(interceptL2 >= 0) || Double.isInfinite(offDiagonalL2)
                || Double.isInfinite(interceptL2)) {
            throw new IllegalArgumentException("matrix scaling: off_diagonal_l2 and intercept_l2 must be finite and"
                    + " >= 0, got " + offDiagonalL2 + " and " + interceptL2);
        }
        this.offDiagonalL2 = offDiagonalL2;
        this.interceptL2 = interceptL2;
    }

    public double offDiagonalL2() {
        return offDiagonalL2;
    }

    public double interceptL2() {
        return interceptL2;
    }

    @Override
    public String name() {
        return "matrix";
    }

    @Override
    public AffineLogitMap fitOn(ClassificationLogits heldOut) {
        int k = heldOut.classes();
        boolean[][] free = new boolean[k][k + 1];
        for (boolean[] row : free) {
            java.util.Arrays.fill(row, true);
        }
        return AffineScaling.fit(name(), heldOut, free, offDiagonalL2, interceptL2);
    }

    /** Whether the plain fit is trusted on n examples of K classes: K(K+1) &lt; n/10, at least ten examples
     * per free parameter (below that the NLL minimum need not exist, and {@code smoothkd calibration} omits the
     * matrix key). */
    public static boolean wellDetermined(int examples, int classes) {
        return (long) classes * (classes + 1) * 10 < examples;
    }
}

package io.smoothkd.core.calibration;

/**
 * Vector scaling (Guo et al. 2017, "On Calibration of Modern Neural Networks", §4.2): one weight and one bias per
 * class, calibrated logits u = w ⊙ z + b (W diagonal), 2K parameters chosen to minimise the mean NLL on held-out data,
 * <pre>  (w*, b*) = argmin (1/n) Σ_i [ log Σ_k exp(w_k z_ik + b_k) − (w_y z_iy + b_y) ]</pre>
 * a convex problem solved by Newton's method from the temperature-scaling solution (see {@link MatrixScaling} for the
 * solver). Unlike temperature scaling it can change the predicted class.
 */
public final class VectorScaling implements Calibrator {

    @Override
    public String name() {
        return "vector";
    }

    @Override
    public AffineLogitMap fitOn(ClassificationLogits heldOut) {
        int k = heldOut.classes();
        boolean[][] free = new boolean[k][k + 1];
        for (int c = 0; c < k; c++) {
            free[c][c] = true;
            free[c][k] = true;
        }
        return AffineScaling.fit(name(), heldOut, free, 0.0, 0.0);
    }
}

package io.smoothkd.core.calibration;

/**
 * A fitted affine map of logits, u = W z + b ({@link VectorScaling}: W diagonal; {@link MatrixScaling}: W full).
 *
 * @param method    "vector" or "matrix"
 * @param weights   W, K×K
 * @param bias      b, K
 * @param fittedNll mean NLL (without penalty) on the fitted set
 */
public record AffineLogitMap(String method, double[][] weights, double[] bias, double fittedNll) implements Calibrator.Fitted {
    @Override
    public ClassificationLogits apply(ClassificationLogits data) {
        int k = weights.length;
        if (data.classes() != k) {
            throw new IllegalArgumentException(method + " scaling was fitted on " + k + " classes, got logits with "
                    + data.classes());
        }
        double[] z = data.logits();
        double[] u = new double[z.length];
        for (int i = 0; i < data.size(); i++) {
            int base = i * k;
            for (int r = 0; r < k; r++) {
                double s = bias[r];
                for (int c = 0; c < k; c++) {
                    s += weights[r][c] * z[base + c];
                }
                u[base + r] = s;
            }
        }
        return new ClassificationLogits(u, data.labels(), k);
    }
}


package io.smoothkd.core.targets;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Equivalent smoothing γ of a teacher's soft targets (paper §4, x-axis of the distillation figure): the mean
 * probability mass the (softened) teacher puts on wrong classes, rescaled so that label-smoothed targets
 * with smoothing α have γ = α exactly:
 * <pre>  γ = E_x[ Σ_k (1 − y_k) · p_k ] · K / (K − 1)</pre>
 * with y the one-hot true label and p the teacher's probabilities at temperature T.
 */
public final class EquivalentSmoothing {
    private EquivalentSmoothing() {
    }

    /**
     * γ of probability targets.
     *
     * @param probabilities {@code [n, K]} rows summing to 1 (teacher soft targets or smoothed labels)
     * @param labels        true class indices, length n
     */
    public static double ofProbabilities(INDArray probabilities, int[] labels) {
        if (probabilities.rank() != 2 || probabilities.size(0) != labels.length) {
            throw new IllegalArgumentException("probabilities must be [n, K] with n = " + labels.length
                    + " labels, got shape " + java.util.Arrays.toString(probabilities.shape()));
        }
        int n = labels.length;
        int k = (int) probabilities.size(1);
        if (k < 2) {
            throw new IllegalArgumentException("equivalent smoothing needs K >= 2 classes, got " + k);
        }
        double[] p = probabilities.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double wrongMass = 0.0;
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("label " + y + " of example " + i + " is outside [0, " + k + ")");
            }
            double rowSum = 0.0;
            for (int c = 0; c < k; c++) {
                rowSum += p[i * k + c];
            }
            wrongMass += rowSum - p[i * k + y];
        }
        return wrongMass / n * k / (k - 1.0);
    }

    /**
     * γ of a teacher softened at temperature T: {@link #ofProbabilities} of {@code softmax(logits / T)}.
     */
    public static double ofLogits(INDArray teacherLogits, int[] labels, double temperature) {
        return ofProbabilities(SoftTargets.of(teacherLogits.castTo(DataType.DOUBLE), temperature), labels);
    }
}

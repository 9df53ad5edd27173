package io.smoothkd.core.targets;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Soft targets of a teacher at temperature T (Hinton et al. 2015; paper §4):
 * <pre>  p_k(T) = exp(t_k / T) / Σ_j exp(t_j / T)</pre>
 * computed with the log-sum-exp shift, so logits of any magnitude are safe.
 */
public final class SoftTargets {
    private SoftTargets() {
    }

    /**
     * @param logits      teacher logits {@code [n, K]}; not modified
     * @param temperature T &gt; 0
     * @return {@code softmax(logits / T)} row by row, same data type as the logits
     */
    public static INDArray of(INDArray logits, double temperature) {
        return Transforms.exp(logSoftmax(logits.div(checkTemperature(temperature))), false);
    }

    /**
     * Row-wise log-softmax, stable for any magnitude: {@code x − max(x) − log Σ exp(x − max(x))}.
     * The argument is overwritten and returned.
     */
    public static INDArray logSoftmax(INDArray x) {
        INDArray shifted = x.subiColumnVector(x.max(true, 1));
        INDArray lse = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(lse);
    }

    /**
     * The one check of a distillation temperature (every loss and soft-target computation calls it).
     *
     * @throws IllegalArgumentException unless 0 &lt; T &lt; ∞
     */
    public static double checkTemperature(double temperature) {
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0 and finite, got " + temperature);
        }
        return temperature;
    }
}

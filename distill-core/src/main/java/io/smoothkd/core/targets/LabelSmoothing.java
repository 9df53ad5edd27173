package io.smoothkd.core.targets;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Label smoothing (paper §1, eq. 1): with K classes and smoothing α the target of an example becomes
 * <pre>  y_ls = y·(1 − α) + α/K</pre>
 * where y is the one-hot (or any probability) target. α = 0 leaves the targets unchanged.
 */
public final class LabelSmoothing {
    private LabelSmoothing() {
    }

    /**
     * Smooths targets {@code [n, K]}.
     *
     * @param targets one-hot or probability targets {@code [n, K]}; not modified
     * @param alpha   smoothing α ∈ [0, 1]
     * @return a new array {@code targets·(1 − α) + α/K} of the same data type
     */
    public static INDArray smooth(INDArray targets, double alpha) {
        checkAlpha(alpha);
        if (targets.rank() != 2) {
            throw new IllegalArgumentException("targets must be [n, K], got shape "
                    + java.util.Arrays.toString(targets.shape()));
        }
        long k = targets.size(1);
        return targets.mul(1.0 - alpha).addi(alpha / k);
    }

    /**
     * Smoothed targets of class indices.
     *
     * @param labels  class indices in [0, K)
     * @param classes K
     * @param alpha   smoothing α ∈ [0, 1]
     * @return {@code [n, K]} float32 targets
     */
    public static INDArray smooth(int[] labels, int classes, double alpha) {
        float[] data = oneHotData(labels, classes);
        checkAlpha(alpha);
        if (alpha != 0.0) {
            // filled in Java rather than by two ND4J ops on the one-hot array (this runs once per training batch),
            // with the same float32 arithmetic: y·(1 − α) + α/K
            float keep = (float) (1.0 - alpha);
            float spread = (float) (alpha / classes);
            for (int i = 0; i < data.length; i++) {
                data[i] = data[i] * keep + spread;
            }
        }
        return Nd4j.create(data, new long[] {labels.length, classes}, DataType.FLOAT);
    }

    /**
     * One-hot encoding of class indices.
     *
     * @throws IllegalArgumentException for a label outside [0, classes)
     */
    public static INDArray oneHot(int[] labels, int classes, DataType type) {
        return Nd4j.create(oneHotData(labels, classes), new long[] {labels.length, classes}, DataType.FLOAT)
                .castTo(type);
    }

    private static float[] oneHotData(int[] labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("number of classes must be >= 1, got " + classes);
        }
        float[] data = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            int y = labels[i];
            if (y < 0 || y >= classes) {
                throw new IllegalArgumentException("label " + y + " of example " + i + " is outside [0, " + classes + ")");
            }
            data[i * classes + y] = 1f;
        }
        return data;
    }

    static void checkAlpha(double alpha) {
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("smoothing alpha must be in [0, 1], got " + alpha);
        }
    }
}

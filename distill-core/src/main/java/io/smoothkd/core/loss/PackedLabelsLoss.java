package io.smoothkd.core.loss;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;

/**
 * The frame shared by the registered distillation losses whose terms couple the classes of an example (DKD, logit
 * standardization, DIST): labels {@code [n, 2K] = [y | t]} (see {@link DistillationLoss#packLabels}), pre-output z
 * {@code [n, K]}, and one pass in plain Java on {@code double}s that yields the per-example scores and, when asked,
 * the gradient. Score and gradient come from the same pass; nothing is cached between calls.
 *
 * <p>Masks: a per-example mask ({@code [n, 1]}) weighs example i's score and gradient row by {@code m_i}, as DL4J's
 * losses do; {@code average} divides by all n rows, masked ones included (as {@code LossMCXENT}). These losses are not
 * sums of per-class terms, so a per-output mask ({@code [n, K]}) is accepted only when it is constant along each row
 * (it then acts as the per-example mask); any other is an {@link IllegalArgumentException}. With a non-identity
 * activation the gradient is chained through {@code activationFn.backprop}.
 */
abstract class PackedLabelsLoss extends OnePassLoss {
    private static final long serialVersionUID = 1L;

    /**
     * One batch as plain arrays: z row-major {@code [n, K]}, labels row-major {@code [n, 2K]} (y at {@code i·2K},
     * t at {@code i·2K + K}), and the weight of each example from the mask.
     */
    record Batch(int n, int k, double[] z, double[] labels, double[] weight) {
        int zOffset(int i) {
            return i * k;
        }

        int hardOffset(int i) {
            return i * 2 * k;
        }

        int teacherOffset(int i) {
            return i * 2 * k + k;
        }

        /** The target class g of example i: the first index of the largest entry of its hard part. */
        int targetClass(int i) {
            int from = hardOffset(i);
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (labels[from + j] > labels[from + best]) {
                    best = j;
                }
            }
            return best;
        }
    }

    /** A short name for messages, e.g. {@code "dkd"}. */
    abstract String lossName();

    /** The least number of classes the loss is defined for. */
    int minimumClasses() {
        return 1;
    }

    /**
     * Computes example i's weighted score into {@code scores[i]} for every i and, when {@code gradient} is non-null,
     * {@code ∂(Σ_i scores[i])/∂z} into it (row-major {@code [n, K]}); examples of weight 0 must get score 0 and a
     * zero gradient row.
     */
    abstract void evaluate(Batch batch, double[] scores, double[] gradient);

    /** Checks the shapes and reads one batch: z after the activation, the labels, and the weight of each example. */
    Batch batch(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        if (preOutput.rank() != 2 || labels.rank() != 2 || labels.size(0) != preOutput.size(0)
                || labels.size(1) != 2 * preOutput.size(1)) {
            throw new IllegalArgumentException(lossName() + " expects labels [n, 2K] (hard targets | teacher logits,"
                    + " see DistillationLoss.packLabels) for pre-output [n, K]: got labels "
                    + Arrays.toString(labels.shape()) + " and pre-output " + Arrays.toString(preOutput.shape()));
        }
        int n = Math.toIntExact(preOutput.size(0));
        int k = Math.toIntExact(preOutput.size(1));
        if (k < minimumClasses()) {
            throw new IllegalArgumentException(lossName() + " needs at least " + minimumClasses()
                    + " classes, got pre-output " + Arrays.toString(preOutput.shape()));
        }
        boolean identity = activationFn instanceof ActivationIdentity;
        double[] z = rowMajor(identity ? preOutput : activationFn.getActivation(preOutput.dup(), true));
        return new Batch(n, k, z, rowMajor(labels), rowWeights(mask, n, k));
    }

    @Override
    final Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                              boolean withGradient) {
        Batch batch = batch(labels, preOutput, activationFn, mask);
        int n = batch.n();
        int k = batch.k();
        double[] scores = new double[n];
        double[] grad = withGradient ? new double[n * k] : null;
        evaluate(batch, scores, grad);
        double sum = 0;
        for (double s : scores) {
            sum += s;
        }
        INDArray gradient = null;
        if (withGradient) {
            gradient = array(grad, new long[] {n, k}, preOutput.dataType());
            if (!(activationFn instanceof ActivationIdentity)) {
                gradient = activationFn.backprop(preOutput.dup(), gradient).getFirst();
            }
        }
        return new Evaluation(scores, sum, gradient);
    }

    private double[] rowWeights(INDArray mask, int n, int k) {
        double[] w = new double[n];
        if (mask == null) {
            Arrays.fill(w, 1.0);
            return w;
        }
        if (mask.isColumnVectorOrScalar() && (mask.length() == n || mask.length() == 1)) {
            double[] m = rowMajor(mask);
            for (int i = 0; i < n; i++) {
                w[i] = m[m.length == 1 ? 0 : i];
            }
            return w;
        }
        if (mask.rank() == 2 && mask.size(0) == n && mask.size(1) == k) {
            double[] m = rowMajor(mask);
            for (int i = 0; i < n; i++) {
                w[i] = m[i * k];
                for (int j = 1; j < k; j++) {
                    if (m[i * k + j] != w[i]) {
                        throw new IllegalArgumentException(lossName() + " couples the classes of an example, so a"
                                + " per-output mask must be constant along each row; row " + i + " is not (mask "
                                + Arrays.toString(mask.shape()) + "); use a per-example mask [n, 1]");
                    }
                }
            }
            return w;
        }
        throw new IllegalStateException("Invalid mask array: per-example masking should be a column vector, "
                + "per output masking arrays should be the same shape as the labels array. Mask shape: "
                + Arrays.toString(mask.shape()) + ", output shape: [" + n + ", " + k + "]");
    }

    /** log Σ_j exp(scale · x[from + j]) over j &lt; k, skipping index {@code skip} (−1: none), shifted by the max. */
    static double logSumExp(double[] x, int from, int k, double scale, int skip) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (j != skip) {
                max = Math.max(max, x[from + j] * scale);
            }
        }
        if (max == Double.NEGATIVE_INFINITY || Double.isNaN(max)) {
            return max;
        }
        double sum = 0;
        for (int j = 0; j < k; j++) {
            if (j != skip) {
                sum += Math.exp(x[from + j] * scale - max);
            }
        }
        return max + Math.log(sum);
    }

    /**
     * Adds {@code weight · H(y, p(z))} for one example: returns the cross-entropy (unweighted) and, when {@code grad}
     * is non-null, adds {@code weight · (p(z)·Σy − y)} to its row.
     */
    static double crossEntropy(Batch b, int i, double weight, double[] grad) {
        int zi = b.zOffset(i);
        int yi = b.hardOffset(i);
        double lse = logSumExp(b.z(), zi, b.k(), 1.0, -1);
        double ySum = 0;
        double h = 0;
        for (int j = 0; j < b.k(); j++) {
            double y = b.labels()[yi + j];
            ySum += y;
            if (y != 0) {
                h -= y * (b.z()[zi + j] - lse);
            }
        }
        if (grad != null && weight != 0) {
            for (int j = 0; j < b.k(); j++) {
                grad[zi + j] += weight * (Math.exp(b.z()[zi + j] - lse) * ySum - b.labels()[yi + j]);
            }
        }
        return h;
    }

    /** A row-major array of the given type holding {@code values}. */
    static INDArray array(double[] values, long[] shape, DataType type) {
        if (type == DataType.FLOAT) {
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return Nd4j.create(f, shape, DataType.FLOAT);
        }
        INDArray d = Nd4j.create(values, shape, DataType.DOUBLE);
        return type == DataType.DOUBLE ? d : d.castTo(type);
    }

    /** The elements of a (small) array in row-major order, as doubles. */
    static double[] rowMajor(INDArray a) {
        INDArray c = a.ordering() == 'c' && !a.isView() && a.data().length() == a.length() ? a : a.dup('c');
        return c.data().asDouble();
    }

    static double requireWeight(String name, double value) {
        if (!(value >= 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, got " + value);
        }
        return value;
    }
}

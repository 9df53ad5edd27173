package io.smoothkd.core.calibration;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/**
 * Logits {@code [n, K]} of a classifier with the true class of each example, held as a row-major double
 * array so that every metric is computed in double precision. Construction validates everything a metric
 * relies on: shape, finiteness, label range.
 *
 * @param logits  row-major {@code n·K} logits
 * @param labels  true classes in [0, K)
 * @param classes K
 */
public record ClassificationLogits(double[] logits, int[] labels, int classes) {

    public ClassificationLogits {
        if (classes < 2) {
            throw new IllegalArgumentException("logits need at least 2 classes (columns), got " + classes);
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("need at least one example, got 0");
        }
        if ((long) labels.length * classes != logits.length) {
            throw new IllegalArgumentException("label count " + labels.length + " does not match logit rows "
                    + (logits.length / classes));
        }
        for (int i = 0; i < logits.length; i++) {
            if (!Double.isFinite(logits[i])) {
                throw new IllegalArgumentException("logits contain " + logits[i] + " at row " + (i / classes)
                        + ", column " + (i % classes) + "; expected finite numbers");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + classes + ")");
            }
        }
    }

    /** From logits {@code [n, K]} and class indices. */
    public static ClassificationLogits of(INDArray logits, int[] labels) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("logits must be a 2-d array [n, K], got shape "
                    + Arrays.toString(logits.shape()));
        }
        if (logits.size(0) != labels.length) {
            throw new IllegalArgumentException("label count " + labels.length + " does not match logit rows "
                    + logits.size(0));
        }
        return new ClassificationLogits(logits.castTo(DataType.DOUBLE).dup('c').data().asDouble(), labels,
                (int) logits.size(1));
    }

    /** From logits {@code [n, K]} and one-hot (or probability) targets {@code [n, K]}: the label is the argmax. */
    public static ClassificationLogits ofOneHot(INDArray logits, INDArray oneHot) {
        if (oneHot.rank() != 2 || !Arrays.equals(oneHot.shape(), logits.shape())) {
            throw new IllegalArgumentException("one-hot labels must have the logits' shape "
                    + Arrays.toString(logits.shape()) + ", got " + Arrays.toString(oneHot.shape()));
        }
        return of(logits, oneHot.argMax(1).toIntVector());
    }

    public int size() {
        return labels.length;
    }

    /** Logits divided by T (temperature scaling); labels shared. */
    public ClassificationLogits scaled(double temperature) {
        double[] z = new double[logits.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = logits[i] / temperature;
        }
        return new ClassificationLogits(z, labels, classes);
    }

    /**
     * Logits of probabilities that a calibrator estimated directly (histogram binning, isotonic regression):
     * z_ik = log(q_ik + ε) with ε = {@link #PROBABILITY_FLOOR}, so that softmax(z_i) = (q_i + ε)/Σ_k(q_ik + ε),
     * the renormalised estimate kept away from 0 (a finite NLL), and a row of zeros becomes uniform.
     *
     * @param probabilities row-major {@code n·K} non-negative values (need not sum to 1)
     */
    public static ClassificationLogits ofProbabilities(double[] probabilities, int[] labels, int classes) {
        double[] z = new double[probabilities.length];
        for (int i = 0; i < z.length; i++) {
            double q = probabilities[i];
            if (!(q >= 0.0) || Double.isInfinite(q)) {
                throw new IllegalArgumentException("probability " + q + " at row " + (i / classes) + ", column "
                        + (i % classes) + "; expected a finite number >= 0");
            }
            z[i] = Math.log(q + PROBABILITY_FLOOR);
        }
        return new ClassificationLogits(z, labels, classes);
    }

    /** ε of {@link #ofProbabilities}: the smallest probability a calibrated estimate is given. */
    public static final double PROBABILITY_FLOOR = 1e-12;

    /** Softmax probabilities {@code [n·K]}, row-major. */
    public double[] probabilities() {
        double[] p = new double[logits.length];
        double[] row = new double[classes];
        for (int i = 0; i < labels.length; i++) {
            probabilities(i, row);
            System.arraycopy(row, 0, p, i * classes, classes);
        }
        return p;
    }

    /** Fraction of rows whose largest logit is the label. */
    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted(i) == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    /** Index of the largest logit of row i (first one on ties). */
    int predicted(int i) {
        int base = i * classes;
        int best = 0;
        for (int c = 1; c < classes; c++) {
            if (logits[base + c] > logits[base + best]) {
                best = c;
            }
        }
        return best;
    }

    /** log Σ_k exp(z_ik / T), stable. */
    double logSumExp(int i, double inverseTemperature) {
        int base = i * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
            max = Math.max(max, logits[base + c] * inverseTemperature);
        }
        double sum = 0.0;
        for (int c = 0; c < classes; c++) {
            sum += Math.exp(logits[base + c] * inverseTemperature - max);
        }
        return max + Math.log(sum);
    }

    /** Softmax probabilities of row i into {@code out}. */
    void probabilities(int i, double[] out) {
        int base = i * classes;
        double lse = logSumExp(i, 1.0);
        for (int c = 0; c < classes; c++) {
            out[c] = Math.exp(logits[base + c] - lse);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassificationLogits other && classes == other.classes
                && Arrays.equals(logits, other.logits) && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(logits) + Arrays.hashCode(labels)) + classes;
    }

    @Override
    public String toString() {
        return "ClassificationLogits[n=" + labels.length + ", K=" + classes + "]";
    }
}

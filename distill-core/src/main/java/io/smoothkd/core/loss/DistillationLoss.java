package io.smoothkd.core.loss;

import io.smoothkd.core.targets.SoftTargets;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static io.smoothkd.core.loss.PackedLabelsLoss.array;
import static io.smoothkd.core.loss.PackedLabelsLoss.logSumExp;
import static io.smoothkd.core.loss.PackedLabelsLoss.rowMajor;

/**
 * Knowledge-distillation loss (paper §4, Hinton et al. 2015) for a DL4J output layer. Per example, with
 * student logits z, teacher logits t, hard (one-hot or label-smoothed) targets y, p = softmax:
 * <pre>  L = (1 − β)·H(y, p(z)) + β·c·H(p(t/T), p(z/T)),   c = T² if scaled, else 1</pre>
 * The paper's form (c = 1) is the default; {@code scaleByTemperatureSquared = true} gives Hinton's form, as in
 * torchdistill and RepDistiller.
 *
 * <p>Labels carry both targets side by side, {@code [n, 2K] = [y | t]} (see {@link #packLabels}); the output
 * layer uses the identity activation, so its pre-output is z. Cross-entropies are computed with log-sum-exp,
 * so logits of any magnitude are safe. {@code computeGradient} returns, row by row, ∂L_i/∂(pre-output)_i
 * (DL4J's convention, as {@code LossMCXENT}); masks (per example {@code [n, 1]} or per output {@code [n, K]})
 * multiply score terms and gradients as in DL4J. With β = 0 it equals {@code LossMCXENT} on the same targets.
 */
public class DistillationLoss extends OnePassLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("temperature")
    private final double temperature;
    @JsonProperty("beta")
    private final double beta;
    @JsonProperty("scaleByTemperatureSquared")
    private final boolean scaleByTemperatureSquared;

    /**
     * @param temperature               T &gt; 0 softening both teacher and student in the soft term
     * @param beta                      β ∈ [0, 1], weight of the soft (teacher) term
     * @param scaleByTemperatureSquared multiply the soft term by T² (Hinton et al.); the paper does not
     */
    @JsonCreator
    public DistillationLoss(@JsonProperty("temperature") double temperature,
                            @JsonProperty("beta") double beta,
                            @JsonProperty("scaleByTemperatureSquared") boolean scaleByTemperatureSquared) {
        SoftTargets.checkTemperature(temperature);
        if (!(beta >= 0.0 && beta <= 1.0)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
        this.temperature = temperature;
        this.beta = beta;
        this.scaleByTemperatureSquared = scaleByTemperatureSquared;
    }

    /**
     * The parameters of {@code kd} in {@link DistillationLosses} and their defaults: temperature 4, beta 0.6 (the
     * paper's β), t_squared 0 (the paper's form; 1 multiplies the soft term by T²).
     */
    public static final Map<String, Double> DEFAULTS = defaults();

    private static Map<String, Double> defaults() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("temperature", 4.0);
        m.put("beta", 0.6);
        m.put("t_squared", 0.0);
        return Collections.unmodifiableMap(m);
    }

    /** Builds the loss from a complete parameter map (the keys of {@link #DEFAULTS}; t_squared 0 or 1). */
    public static DistillationLoss fromParams(Map<String, Double> p) {
        double tSquared = p.get("t_squared");
        if (tSquared != 0.0 && tSquared != 1.0) {
            throw new IllegalArgumentException("t_squared must be 0 or 1, got " + tSquared);
        }
        return new DistillationLoss(p.get("temperature"), p.get("beta"), tSquared == 1.0);
    }

    /** The paper's form (no T² factor). */
    public DistillationLoss(double temperature, double beta) {
        this(temperature, beta, false);
    }

    public double getTemperature() {
        return temperature;
    }

    public double getBeta() {
        return beta;
    }

    public boolean isScaleByTemperatureSquared() {
        return scaleByTemperatureSquared;
    }

    /** The factor c of the soft term: T² when scaled, else 1. */
    public double softTermFactor() {
        return scaleByTemperatureSquared ? temperature * temperature : 1.0;
    }

    /**
     * Packs hard targets and teacher logits into the label array this loss expects.
     *
     * @param hardTargets   {@code [n, K]} one-hot or smoothed targets
     * @param teacherLogits {@code [n, K]} teacher logits (not probabilities)
     * @return {@code [n, 2K]} = {@code [hardTargets | teacherLogits]}, in the wider of the two float types
     */
    public static INDArray packLabels(INDArray hardTargets, INDArray teacherLogits) {
        if (hardTargets.rank() != 2 || !Arrays.equals(hardTargets.shape(), teacherLogits.shape())) {
            throw new IllegalArgumentException("hard targets and teacher logits must both be [n, K] of equal shape, got "
                    + Arrays.toString(hardTargets.shape()) + " and " + Arrays.toString(teacherLogits.shape()));
        }
        DataType type = hardTargets.dataType() == DataType.DOUBLE || teacherLogits.dataType() == DataType.DOUBLE
                ? DataType.DOUBLE : DataType.FLOAT;
        return Nd4j.hstack(hardTargets.castTo(type), teacherLogits.castTo(type));
    }

    /**
     * One pass over the batch, in plain Java on {@code double}s: the arrays are [n, K] with K the number of classes,
     * so the work is tiny and a chain of ND4J ops (each a native call, most allocating) cost far more than the
     * arithmetic. Score and gradient share the log-sum-exps. Nothing is cached between calls: DL4J asks for the
     * score and the gradient separately, and each call recomputes from its arguments, in any order.
     */
    @Override
    Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                        boolean withGradient) {
        if (preOutput.rank() != 2 || labels.rank() != 2 || labels.size(0) != preOutput.size(0)
                || labels.size(1) != 2 * preOutput.size(1)) {
            throw new IllegalArgumentException("DistillationLoss expects labels [n, 2K] (hard targets | teacher logits,"
                    + " see packLabels) for pre-output [n, K]: got labels " + Arrays.toString(labels.shape())
                    + " and pre-output " + Arrays.toString(preOutput.shape()));
        }
        int n = Math.toIntExact(preOutput.size(0));
        int k = Math.toIntExact(preOutput.size(1));
        DataType type = preOutput.dataType();
        boolean identity = activationFn instanceof ActivationIdentity;
        double[] z = rowMajor(identity ? preOutput : activationFn.getActivation(preOutput.dup(), true));
        double[] lab = rowMajor(labels);
        double[] rowMask = null;
        double[] cellMask = null;
        if (mask != null) {
            if (mask.isColumnVectorOrScalar() && (mask.length() == n || mask.length() == 1)) {
                rowMask = rowMajor(mask);
            } else if (mask.rank() == 2 && mask.size(0) == n && mask.size(1) == k) {
                cellMask = rowMajor(mask);
            } else {
                throw new IllegalStateException("Invalid mask array: per-example masking should be a column vector, "
                        + "per output masking arrays should be the same shape as the labels array. Mask shape: "
                        + Arrays.toString(mask.shape()) + ", output shape: " + Arrays.toString(preOutput.shape()));
            }
        }

        double hardWeight = 1.0 - beta;
        double softWeight = beta * softTermFactor();
        double invT = 1.0 / temperature;
        double[] scores = new double[n];
        double[] grad = withGradient ? new double[n * k] : null;
        double[] q = new double[k];
        double total = 0;
        for (int i = 0; i < n; i++) {
            int zi = i * k;
            int yi = i * 2 * k;
            int ti = yi + k;
            double rowFactor = rowMask == null ? 1.0 : rowMask[rowMask.length == 1 ? 0 : i];
            double row = 0;
            double lseHard = 0;
            double ySum = 0;
            if (hardWeight != 0.0) {
                lseHard = logSumExp(z, zi, k, 1.0, -1);
                for (int j = 0; j < k; j++) {
                    ySum += lab[yi + j];
                }
            }
            double lseSoft = 0;
            if (softWeight != 0.0) {
                // teacher distribution q = softmax(t / T), student log p(z / T)
                double lseT = logSumExp(lab, ti, k, invT, -1);
                for (int j = 0; j < k; j++) {
                    q[j] = Math.exp(lab[ti + j] * invT - lseT);
                }
                lseSoft = logSumExp(z, zi, k, invT, -1);
            }
            for (int j = 0; j < k; j++) {
                double cell = 0;
                double g = 0;
                if (hardWeight != 0.0) {
                    double logP = z[zi + j] - lseHard;
                    double y = lab[yi + j];
                    cell -= hardWeight * (logP * y);
                    // ∂/∂z of −Σ y_k log p_k = p·Σ_k y_k − y
                    g += hardWeight * (Math.exp(logP) * ySum - y);
                }
                if (softWeight != 0.0) {
                    double logPT = z[zi + j] * invT - lseSoft;
                    cell -= softWeight * (logPT * q[j]);
                    // ∂/∂z of −Σ q_k log p_k(z/T) = (p(z/T) − q) / T   (Σ q = 1)
                    g += softWeight * invT * (Math.exp(logPT) - q[j]);
                }
                double m = cellMask != null ? cellMask[zi + j] : rowFactor;
                row += cell * m;
                if (withGradient) {
                    grad[zi + j] = identity ? g * m : g;
                }
            }
            scores[i] = row;
            total += row;
        }
        INDArray gradient = null;
        if (withGradient) {
            gradient = array(grad, new long[] {n, k}, type);
            if (!identity) { // the general case: chain rule through the activation, then the mask (as DL4J's losses)
                gradient = activationFn.backprop(preOutput.dup(), gradient).getFirst();
                if (mask != null) {
                    LossUtil.applyMask(gradient, mask);
                }
            }
        }
        return new Evaluation(scores, total, gradient);
    }

    @Override
    public String toString() {
        return "DistillationLoss(T=" + temperature + ", beta=" + beta
                + (scaleByTemperatureSquared ? ", scaled by T^2" : "") + ")";
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DistillationLoss other)) {
            return false;
        }
        return Double.compare(temperature, other.temperature) == 0 && Double.compare(beta, other.beta) == 0
                && scaleByTemperatureSquared == other.scaleByTemperatureSquared;
    }

    @Override
    public int hashCode() {
        return Objects.hash(temperature, beta, scaleByTemperatureSquared);
    }
}

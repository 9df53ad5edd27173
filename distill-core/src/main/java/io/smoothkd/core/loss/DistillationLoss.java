package io.smoothkd.core.loss;

import io.smoothkd.core.targets.SoftTargets;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.LossUtil;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Objects;

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
public class DistillationLoss implements ILossFunction {
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
        if (!(temperature > 0.0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0 and finite, got " + temperature);
        }
        if (!(beta >= 0.0 && beta <= 1.0)) {
            throw new IllegalArgumentException("beta must be in [0, 1], got " + beta);
        }
        this.temperature = temperature;
        this.beta = beta;
        this.scaleByTemperatureSquared = scaleByTemperatureSquared;
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

    /** Everything one evaluation produces; the gradient only when asked for. */
    private record Evaluation(INDArray perClassScore, INDArray gradient) {
    }

    private Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                boolean withGradient) {
        if (preOutput.rank() != 2 || labels.rank() != 2 || labels.size(0) != preOutput.size(0)
                || labels.size(1) != 2 * preOutput.size(1)) {
            throw new IllegalArgumentException("DistillationLoss expects labels [n, 2K] (hard targets | teacher logits,"
                    + " see packLabels) for pre-output [n, K]: got labels " + Arrays.toString(labels.shape())
                    + " and pre-output " + Arrays.toString(preOutput.shape()));
        }
        long k = preOutput.size(1);
        DataType type = preOutput.dataType();
        INDArray lab = labels.dataType() == type ? labels : labels.castTo(type);
        INDArray y = lab.get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
        INDArray t = lab.get(NDArrayIndex.all(), NDArrayIndex.interval(k, 2 * k));
        INDArray z = activationFn.getActivation(preOutput.dup(), true);

        double hardWeight = 1.0 - beta;
        double softWeight = beta * softTermFactor();
        INDArray score = Nd4j.zeros(type, z.size(0), k);
        INDArray dLdz = withGradient ? Nd4j.zeros(type, z.size(0), k) : null;

        if (hardWeight != 0.0) {
            INDArray logP = SoftTargets.logSoftmax(z.dup());
            score.subi(logP.mul(y).muli(hardWeight));
            if (withGradient) {
                // ∂/∂z of −Σ y_k log p_k = p·Σ_k y_k − y
                INDArray p = Transforms.exp(logP, false);
                dLdz.addi(p.muliColumnVector(y.sum(true, 1)).subi(y).muli(hardWeight));
            }
        }
        if (softWeight != 0.0) {
            INDArray q = Transforms.exp(SoftTargets.logSoftmax(t.div(temperature)), false);
            INDArray logPT = SoftTargets.logSoftmax(z.div(temperature));
            score.subi(logPT.mul(q).muli(softWeight));
            if (withGradient) {
                // ∂/∂z of −Σ q_k log p_k(z/T) = (p(z/T) − q) / T   (Σ q = 1)
                INDArray pT = Transforms.exp(logPT, false);
                dLdz.addi(pT.subi(q).muli(softWeight / temperature));
            }
        }
        if (mask != null) {
            LossUtil.applyMask(score, mask);
        }
        INDArray gradient = null;
        if (withGradient) {
            gradient = activationFn.backprop(preOutput.dup(), dLdz).getFirst();
            if (mask != null) {
                LossUtil.applyMask(gradient, mask);
            }
        }
        return new Evaluation(score, gradient);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        INDArray perClass = evaluate(labels, preOutput, activationFn, mask, false).perClassScore();
        double score = perClass.sumNumber().doubleValue();
        return average ? score / perClass.size(0) : score;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask, false).perClassScore().sum(true, 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask, true).gradient();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Evaluation e = evaluate(labels, preOutput, activationFn, mask, true);
        double score = e.perClassScore().sumNumber().doubleValue();
        return new Pair<>(average ? score / e.perClassScore().size(0) : score, e.gradient());
    }

    @Override
    public String name() {
        return toString();
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

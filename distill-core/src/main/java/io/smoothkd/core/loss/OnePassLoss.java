package io.smoothkd.core.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * The part of DL4J's {@link ILossFunction} every loss of ours shares: score, per-example scores and gradient all come
 * from one pass over the batch ({@link #evaluate}), which computes the gradient only when asked for.
 */
abstract class OnePassLoss implements ILossFunction {
    /** Everything one pass produces: the per-example scores, their sum, and the gradient (null unless asked for). */
    record Evaluation(double[] scores, double sum, INDArray gradient) {
    }

    /** One pass over the batch: per-example scores and, when {@code withGradient}, ∂score/∂preOutput. */
    abstract Evaluation evaluate(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                                 boolean withGradient);

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask,
                               boolean average) {
        Evaluation e = evaluate(labels, preOutput, activationFn, mask, false);
        return average ? e.sum() / preOutput.size(0) : e.sum();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        double[] scores = evaluate(labels, preOutput, activationFn, mask, false).scores();
        return PackedLabelsLoss.array(scores, new long[] {scores.length, 1}, preOutput.dataType());
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return evaluate(labels, preOutput, activationFn, mask, true).gradient();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        Evaluation e = evaluate(labels, preOutput, activationFn, mask, true);
        return new Pair<>(average ? e.sum() / preOutput.size(0) : e.sum(), e.gradient());
    }

    @Override
    public String name() {
        return toString();
    }
}

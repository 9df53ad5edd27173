package io.smoothkd.core.nets;

import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;


/**
 * DL4J's dense layer, for a plain ReLU, without the second forward product in backprop, and with the forward
 * product written straight into the activation array.
 *
 * <p>DL4J's {@code BaseLayer.backpropGradient} recomputes the pre-activation {@code z = x·W + b} (a full matrix
 * product and a bias add) only to evaluate the activation's derivative, because the forward pass applies the
 * activation in place and so does not keep z. For ReLU the derivative needs only the sign of z, and
 * {@code relu(z) > 0 ⇔ z > 0}: so the forward output {@code a = relu(z)} gives exactly the same derivative, bit for
 * bit. This layer keeps a reference to the output of its last training-mode forward pass and hands it to the
 * backprop in place of the recomputed z, once; everything else is DL4J's code.
 *
 * <p>The output is the next layer's input, which DL4J keeps valid (in its activation workspace) until backprop is
 * done. The only thing that may change it in between is the next layer's dropout, applied in place: standard
 * {@link Dropout} multiplies by 0 or 1/p, which keeps the sign of every kept unit and zeroes a dropped one, whose
 * incoming gradient the dropout backprop zeroes anyway; so the gradient is unchanged. Other dropout kinds (Gaussian,
 * alpha) could flip signs, so {@link FastLayers} leaves a layer followed by one of them (or by an input preprocessor)
 * as it is, and also layers with another activation, layer norm, weight noise; a mask at run time, a forward pass
 * not in training mode, a new input or {@code clear()} makes the next backprop recompute z as DL4J does.
 *
 * <p>The forward product {@code x·W} is one {@code Nd4j.gemm} into the row-major activation array; DL4J's
 * {@code mmuli} computes it into a column-major temporary and copies that over (twice the time of the product alone
 * in a measurement here). The sums are the same but BLAS may order them differently, so activations agree with
 * DL4J's to float rounding rather than bit for bit.
 *
 * <p>As the first layer of a network (with no input preprocessor), its backprop inside
 * {@link FastLayers#fitting} (the trainer says it is fitting) skips the gradient with respect to the network's input:
 * DL4J computes it (a product as large as the weight gradient, 13–16 % of the arithmetic of an MLP step here) and
 * then throws it away in {@code fit}. Everywhere else ({@code calculateGradients}, {@code backpropGradient} of a
 * network used as a layer) it is computed as before.
 *
 * <p>The network's configuration (and so its saved {@code model.zip}) stays plain DL4J: {@link FastLayers} creates
 * these layer objects in DL4J's own {@code init}.
 */
final class ReluDenseLayer extends DenseLayer {
    private static final long serialVersionUID = 1L;
    private final ForwardCache<INDArray> forward = new ForwardCache<>();
    /** How many backprops used the forward output (for tests). */
    transient long reused;
    /** Off only in tests, to compare with the recomputing path. */
    transient boolean reuseForwardOutput = true;
    /** Whether this is layer 0 without an input preprocessor: its input gradient is the network's (set by FastLayers). */
    transient boolean networkInput;
    /** Set by {@link FastLayers#fitting} while a training fit runs: nobody reads the network's input gradient. */
    transient boolean discardInputGradient;
    /** How many backprops skipped the unused input gradient (for tests). */
    transient long skippedInputGradients;

    ReluDenseLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        forward.forget();
        INDArray out = super.activate(training, workspaceMgr);
        if (training && maskArray == null) {
            forward.remember(input, out); // the input after dropout, which the backprop reuses
        }
        return out;
    }

    @Override
    protected Pair<INDArray, INDArray> preOutputWithPreNorm(boolean training, boolean forBackprop,
                                                            LayerWorkspaceMgr workspaceMgr) {
        INDArray a = forward.take(input); // once: a later backprop without a new forward pass recomputes
        if (reuseForwardOutput && forBackprop && training && a != null && maskArray == null) {
            reused++;
            return new Pair<>(a, a);
        }
        if (maskArray != null || input == null) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr);
        }
        assertInputSet(forBackprop);
        applyDropOutIfNecessary(training, workspaceMgr);
        INDArray weights = getParamWithNoise(DefaultParamInitializer.WEIGHT_KEY, training, workspaceMgr);
        INDArray in = input.castTo(weights.dataType());
        if (in.rank() != 2 || in.size(1) != weights.size(0)) {
            return super.preOutputWithPreNorm(training, forBackprop, workspaceMgr); // DL4J's message
        }
        // x·W straight into the row-major activation array: BaseNDArray.mmuli (DL4J's path) computes into a
        // column-major temporary and copies it over, about twice the time of the product alone here
        INDArray ret = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, weights.dataType(),
                new long[] {in.size(0), weights.size(1)}, 'c');
        Nd4j.gemm(in, weights, ret, false, false, 1.0, 0.0);
        if (hasBias()) {
            ret.addiRowVector(getParamWithNoise(DefaultParamInitializer.BIAS_KEY, training, workspaceMgr));
        }
        return new Pair<>(ret, ret);
    }

    /**
     * DL4J's {@code BaseLayer.backpropGradient} for this layer (no layer norm, no weight noise: see {@link #eligible}),
     * without the input gradient when nobody reads it; otherwise DL4J's own code.
     */
    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!networkInput || !discardInputGradient) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        assertInputSet(true);
        INDArray z = preOutputWithPreNorm(true, true, workspaceMgr).getFirst();
        INDArray delta = layerConf().getActivationFn().backprop(z, epsilon).getFirst();
        if (maskArray != null) {
            applyMask(delta);
        }
        Gradient ret = new DefaultGradient();
        if (hasBias()) {
            INDArray biasGrad = gradientViews.get(DefaultParamInitializer.BIAS_KEY);
            delta.sum(biasGrad, 0);
            ret.gradientForVariable().put(DefaultParamInitializer.BIAS_KEY, biasGrad);
        }
        INDArray weightGrad = gradientViews.get(DefaultParamInitializer.WEIGHT_KEY);
        Nd4j.gemm(input.castTo(weightGrad.dataType()), delta, weightGrad, true, false, 1.0, 0.0);
        ret.gradientForVariable().put(DefaultParamInitializer.WEIGHT_KEY, weightGrad);
        weightNoiseParams.clear();
        skippedInputGradients++;
        return new Pair<>(ret, null);
    }

    @Override
    public void setInput(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        forward.forget();
        super.setInput(input, workspaceMgr);
    }

    @Override
    public void clear() {
        forward.forget();
        super.clear();
    }

    /** Whether layer i of this configuration may use this layer: plain ReLU dense, followed by plain dropout. */
    static boolean eligible(MultiLayerConfiguration conf, int i) {
        if (!(conf.getConf(i).getLayer() instanceof org.deeplearning4j.nn.conf.layers.DenseLayer dense)) {
            return false;
        }
        if (!new ActivationReLU().equals(dense.getActivationFn()) || dense.hasLayerNorm()
                || dense.getWeightNoise() != null) {
            return false;
        }
        if (i + 1 >= conf.getConfs().size()) {
            return false;
        }
        InputPreProcessor pre = conf.getInputPreProcess(i + 1);
        IDropout nextDropout = conf.getConf(i + 1).getLayer().getIDropout();
        return pre == null && (nextDropout == null || nextDropout.getClass() == Dropout.class);
    }
}

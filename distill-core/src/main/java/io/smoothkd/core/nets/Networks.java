package io.smoothkd.core.nets;

import io.smoothkd.core.loss.DistillationLoss;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Builds DL4J networks from a {@link NetSpec}. Two heads:
 * <ul>
 *   <li>{@link #labelHead()}: softmax + {@code LossMCXENT}, for training on one-hot or label-smoothed targets
 *   (MCXENT takes soft targets as they are);</li>
 *   <li>{@link #distillationHead(ILossFunction)}: identity + a distillation loss ({@link DistillationLoss} or
 *   another of {@link io.smoothkd.core.loss.DistillationLosses}), whose labels are
 *   {@code [hard targets | teacher logits]}.</li>
 * </ul>
 * Hidden layers use ReLU and He initialisation; Adam with the options' learning-rate schedule (exponential per
 * epoch by default, see {@link LearningRateSchedule}); optionally decoupled weight decay (DL4J's {@code WeightDecay}
 * with the learning rate applied, after Adam's step: AdamW) and a max-norm constraint on every layer's incoming
 * weight vectors (DL4J's {@code MaxNormConstraint} as {@link FencedMaxNormConstraint}: each dense layer's weight
 * columns, each convolution filter).
 */
public final class Networks {
    private Networks() {
    }

    /** The output layer's activation and loss. */
    public record Head(Activation activation, ILossFunction loss) {
    }

    public static Head labelHead() {
        return new Head(Activation.SOFTMAX, new LossMCXENT());
    }

    public static Head distillationHead(ILossFunction loss) {
        return new Head(Activation.IDENTITY, loss);
    }

    /**
     * A network, initialised: plain DL4J layers (see {@link #buildFast} for SmoothKD's faster ones).
     *
     * @param spec     the shape
     * @param channels input channels (CNN only; an MLP reads flattened inputs)
     * @param height   input height (CNN only)
     * @param width    input width (CNN only)
     * @param classes  number of classes (must match an MLP spec's last size)
     */
    public static MultiLayerNetwork build(NetSpec spec, int channels, int height, int width, int classes,
                                          NetworkOptions options, Head head) {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = configuration(spec, channels, height, width, classes,
                options, head);
        requireMemory(spec, conf);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /**
     * {@link #build}, with the {@link FastLayers} (what SmoothKD's trainers use): the same results to float
     * rounding, the same configuration and saved model, less time per step.
     */
    public static MultiLayerNetwork buildFast(NetSpec spec, int channels, int height, int width, int classes,
                                              NetworkOptions options, Head head) {
        org.deeplearning4j.nn.conf.MultiLayerConfiguration conf = configuration(spec, channels, height, width, classes,
                options, head);
        requireMemory(spec, conf);
        return FastLayers.build(conf);
    }

    /** Bytes per parameter while training: float32 weights, their gradient and Adam's two moment estimates. */
    static final int TRAINING_BYTES_PER_PARAMETER = 16;

    /**
     * Refuses a network whose parameters (with their gradients and Adam state) cannot fit in the memory ND4J may
     * allocate, before anything is allocated: an impossible size is one clear line, not a native {@code bad_alloc}.
     */
    static void requireMemory(NetSpec spec, org.deeplearning4j.nn.conf.MultiLayerConfiguration conf) {
        long params = 0;
        for (org.deeplearning4j.nn.conf.NeuralNetConfiguration c : conf.getConfs()) {
            params = Math.addExact(params, c.getLayer().initializer().numParams(c));
        }
        long max = org.bytedeco.javacpp.Pointer.maxBytes();
        long limit = max > 0 ? max : Runtime.getRuntime().maxMemory();
        double need = (double) params * TRAINING_BYTES_PER_PARAMETER;
        if (params > Integer.MAX_VALUE || need > limit) {
            throw new IllegalArgumentException("net " + spec + " has " + params + " parameters, which need about "
                    + gigabytes(need) + " for weights, gradients and Adam state; this process may allocate "
                    + gigabytes(limit) + " (SMOOTHKD_JAVA_OPTS=-Xmx...); expected a smaller net");
        }
    }

    private static String gigabytes(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.3g GB", bytes / 1e9);
    }

    public static MultiLayerConfiguration configuration(NetSpec spec, int channels, int height, int width,
                                                        int classes, NetworkOptions options, Head head) {
        NeuralNetConfiguration.Builder base = new NeuralNetConfiguration.Builder()
                .seed(options.seed())
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.RELU)
                .updater(new Adam(options.learningRateSchedule()));
        NeuralNetConfiguration.ListBuilder list = base.list();
        if (spec.kind() == NetSpec.Kind.MLP) {
            int[] l = spec.layers();
            if (l[l.length - 1] != classes) {
                throw new IllegalArgumentException("net " + spec + " has " + l[l.length - 1]
                        + " outputs but the data set has " + classes + " classes");
            }
            if (l[0] != channels * height * width) {
                throw new IllegalArgumentException("net " + spec + " takes " + l[0] + " inputs but the data set has "
                        + (channels * height * width) + " features per example");
            }
            for (int i = 1; i < l.length - 1; i++) {
                DenseLayer.Builder d = new DenseLayer.Builder().nIn(l[i - 1]).nOut(l[i]).activation(Activation.RELU);
                regularise(d, options);
                double retain = i == 1 ? options.inputRetain() : options.hiddenRetain();
                if (retain < 1.0) {
                    d.dropOut(retain);
                }
                list.layer(d.build());
            }
            OutputLayer.Builder out = new OutputLayer.Builder().nIn(l[l.length - 2]).nOut(classes)
                    .activation(head.activation()).lossFunction(head.loss()).weightInit(WeightInit.XAVIER);
            regularise(out, options);
            if (options.hiddenRetain() < 1.0 && l.length > 2) {
                out.dropOut(options.hiddenRetain());
            }
            list.layer(out.build());
            return list.build();
        }
        int[] l = spec.layers();
        list.layer(regularise(new ConvolutionLayer.Builder(5, 5).nOut(l[0])
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU), options).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build())
                .layer(regularise(new ConvolutionLayer.Builder(5, 5).nOut(l[1])
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU), options).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .build());
        DenseLayer.Builder dense = new DenseLayer.Builder().nOut(l[2]).activation(Activation.RELU);
        regularise(dense, options);
        if (options.hiddenRetain() < 1.0) {
            dense.dropOut(options.hiddenRetain());
        }
        list.layer(dense.build());
        OutputLayer.Builder out = new OutputLayer.Builder().nOut(classes).activation(head.activation())
                .lossFunction(head.loss()).weightInit(WeightInit.XAVIER);
        regularise(out, options);
        if (options.hiddenRetain() < 1.0) {
            out.dropOut(options.hiddenRetain());
        }
        list.layer(out.build());
        list.setInputType(InputType.convolutionalFlat(height, width, channels));
        return list.build();
    }

    /**
     * Max-norm and weight decay of one layer. Max-norm bounds each unit's incoming weights: a dense weight matrix is
     * [nIn, nOut], a unit's weights a column, its norm taken over dimension 0; a convolution's weights are
     * [nOut, nIn, kH, kW], a filter's norm taken over dimensions 1, 2, 3. Weight decay is set on each layer (weights
     * only): the global {@code NeuralNetConfiguration.Builder.weightDecay} of DL4J 1.0.0-M2.1 puts it into every
     * layer's regularisation list twice, which decays at 2λ (a test compares the update with its closed form).
     */
    private static <B extends org.deeplearning4j.nn.conf.layers.BaseLayer.Builder<B>> B regularise(B layer,
                                                                                                 NetworkOptions o) {
        if (o.maxNorm() > 0) {
            layer.constrainWeights(layer instanceof ConvolutionLayer.Builder
                    ? new FencedMaxNormConstraint(o.maxNorm(), 1, 2, 3)
                    : new FencedMaxNormConstraint(o.maxNorm(), 0));
        }
        if (o.weightDecay() > 0) {
            layer.regularization(java.util.List.of(new WeightDecay(o.weightDecay(), true)));
        }
        return layer;
    }
}

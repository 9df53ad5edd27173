package io.smoothkd.core.nets;

import org.deeplearning4j.nn.api.Updater;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LayerValidation;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opt-in faster layer implementations for DL4J networks, with the results of DL4J's own layers to float rounding:
 * plain ReLU dense layers that reuse their forward output in backprop and skip the network-input gradient that
 * training never reads ({@code ReluDenseLayer}), and "same" stride-1 ReLU convolutions as single im2col matrix
 * products ({@code Im2colConvolutionLayer}). SmoothKD's trainers use them; a DL4J program that does not ask for them
 * gets DL4J's layers.
 * <ul>
 *   <li>{@link #build(MultiLayerConfiguration)}: a new network, initialised by DL4J's own {@code init} (so
 *   parameters, gradient views, the layer map and everything else are set up by DL4J), with the fast layer objects
 *   in place of the eligible ones.</li>
 *   <li>{@link #of(MultiLayerNetwork)}: the same for a network that already exists (e.g. restored by
 *   {@code ModelSerializer}): a new network on its parameters and updater state.</li>
 *   <li>{@link #fitting(MultiLayerNetwork, Runnable)}: runs a training fit, during which the first layer skips the
 *   gradient with respect to the network's input (DL4J computes it and throws it away in {@code fit}).</li>
 * </ul>
 * How: during {@code init} each eligible layer configuration is, for that call only, an instance of a subclass
 * ({@link Dense}, {@link Convolution}) whose {@code instantiate} builds the fast layer object; the configuration
 * (converted with DL4J's own JSON mapper, so every setting carries over) is put back right after, so the network's
 * configuration, and what {@code ModelSerializer} writes, stays plain DL4J. No reflection, no stack inspection.
 */
public final class FastLayers {
    private FastLayers() {
    }

    /** A new network of {@code conf} with the fast layers, initialised by DL4J. */
    public static MultiLayerNetwork build(MultiLayerConfiguration conf) {
        return init(conf, null);
    }

    /**
     * A network computing what {@code net} computes, with the fast layers: it uses {@code net}'s parameter array
     * (shared, not copied), a copy of its updater state, its listeners and iteration and epoch counts. Use it in
     * place of {@code net}. Returns {@code net} itself when no layer is eligible or it already has the fast layers.
     */
    public static MultiLayerNetwork of(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        if (uses(net) || eligibleLayers(conf) == 0) {
            return net;
        }
        MultiLayerNetwork fast = init(conf.clone(), net.params());
        Updater updater = net.getUpdater(false);
        if (updater != null && updater.getStateViewArray() != null) {
            fast.getUpdater(true).setStateViewArray(fast, updater.getStateViewArray().dup(), false);
        }
        fast.setListeners(net.getListeners());
        return fast;
    }

    /** Whether any layer of {@code net} is one of the fast implementations. */
    public static boolean uses(MultiLayerNetwork net) {
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (l instanceof ReluDenseLayer || l instanceof Im2colConvolutionLayer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs {@code fit} (one or more {@code net.fit(...)} calls) as training: the network's first layer, when it is
     * a fast dense layer, skips the gradient with respect to the network's input, which {@code fit} discards.
     * Outside this call every backprop computes it ({@code calculateGradients} returns it).
     */
    public static void fitting(MultiLayerNetwork net, Runnable fit) {
        ReluDenseLayer first = net.getnLayers() > 0 && net.getLayer(0) instanceof ReluDenseLayer d && d.networkInput
                ? d : null;
        if (first == null) {
            fit.run();
            return;
        }
        boolean before = first.discardInputGradient;
        first.discardInputGradient = true;
        try {
            fit.run();
        } finally {
            first.discardInputGradient = before;
        }
    }

    /** The number of layers of {@code conf} a fast implementation would replace. */
    static int eligibleLayers(MultiLayerConfiguration conf) {
        int n = 0;
        for (int i = 0; i < conf.getConfs().size(); i++) {
            if (ReluDenseLayer.eligible(conf, i) || Im2colConvolutionLayer.eligible(conf, i)) {
                n++;
            }
        }
        return n;
    }

    private static MultiLayerNetwork init(MultiLayerConfiguration conf, INDArray params) {
        Map<NeuralNetConfiguration, Layer> originals = new LinkedHashMap<>();
        MultiLayerNetwork net;
        try {
            for (int i = 0; i < conf.getConfs().size(); i++) {
                NeuralNetConfiguration c = conf.getConf(i);
                if (ReluDenseLayer.eligible(conf, i)) {
                    originals.put(c, c.getLayer());
                    c.setLayer(as(c.getLayer(), Dense.class));
                } else if (Im2colConvolutionLayer.eligible(conf, i)) {
                    originals.put(c, c.getLayer());
                    c.setLayer(as(c.getLayer(), Convolution.class));
                }
            }
            net = new MultiLayerNetwork(conf);
            if (params == null) {
                net.init();
            } else {
                net.init(params, false);
            }
        } finally {
            originals.forEach(NeuralNetConfiguration::setLayer);
        }
        if (net.getnLayers() > 0 && net.getLayer(0) instanceof ReluDenseLayer first) {
            first.networkInput = conf.getInputPreProcess(0) == null;
        }
        return net;
    }

    /** A copy of a layer configuration as an instance of a subclass: every setting, by DL4J's own JSON mapper. */
    private static <T extends Layer> T as(Layer layer, Class<T> type) {
        ObjectMapper json = NeuralNetConfiguration.mapper();
        ObjectNode tree = json.valueToTree(layer);
        if (!tree.has("@class")) {
            throw new IllegalStateException("DL4J's JSON of " + layer.getClass().getName() + " has no @class");
        }
        tree.put("@class", type.getName());
        try {
            T copy = json.treeToValue(tree, type);
            if (!json.valueToTree(copy).equals(tree)) {
                throw new IllegalStateException("copying " + layer.getClass().getName() + " lost a setting");
            }
            return copy;
        } catch (org.nd4j.shade.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot copy the configuration of " + layer.getClass().getName(), e);
        }
    }

    private static <L extends BaseLayer<?>> L setUp(L layer, NeuralNetConfiguration conf,
                                                    Collection<TrainingListener> listeners, int index,
                                                    INDArray view, boolean initialize) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(view);
        layer.setParamTable(conf.getLayer().initializer().init(conf, view, initialize));
        layer.setConf(conf);
        return layer;
    }

    /** A dense layer's configuration whose layer object is a {@code ReluDenseLayer}; lives only during init. */
    public static final class Dense extends org.deeplearning4j.nn.conf.layers.DenseLayer {
        private static final long serialVersionUID = 1L;

        /** For DL4J's JSON mapper. */
        public Dense() {
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                           Collection<TrainingListener> listeners, int index,
                                                           INDArray view, boolean initialize, DataType dataType) {
            LayerValidation.assertNInNOutSet("DenseLayer", getLayerName(), index, getNIn(), getNOut());
            return setUp(new ReluDenseLayer(conf, dataType), conf, listeners, index, view, initialize);
        }
    }

    /** A convolution's configuration whose layer object is an {@code Im2colConvolutionLayer}; only during init. */
    public static final class Convolution extends org.deeplearning4j.nn.conf.layers.ConvolutionLayer {
        private static final long serialVersionUID = 1L;

        /** For DL4J's JSON mapper. */
        public Convolution() {
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                                                           Collection<TrainingListener> listeners, int index,
                                                           INDArray view, boolean initialize, DataType dataType) {
            LayerValidation.assertNInNOutSet("ConvolutionLayer", getLayerName(), index, getNIn(), getNOut());
            return setUp(new Im2colConvolutionLayer(conf, dataType), conf, listeners, index, view, initialize);
        }
    }
}

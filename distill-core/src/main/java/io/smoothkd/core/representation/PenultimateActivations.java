package io.smoothkd.core.representation;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;

/**
 * Penultimate-layer activations of a {@link MultiLayerNetwork}: the input of its output layer (paper §2), and
 * the logits the output layer computes from them, {@code z = h·W + b}.
 */
public final class PenultimateActivations {
    private PenultimateActivations() {
    }

    /**
     * Activations {@code [n, H]} feeding the last layer, computed in inference mode (no dropout).
     */
    public static INDArray of(MultiLayerNetwork net, INDArray input) {
        int layers = net.getnLayers();
        if (layers < 2) {
            throw new IllegalArgumentException("network has " + layers + " layer(s); a penultimate layer needs >= 2");
        }
        List<INDArray> acts = net.feedForwardToLayer(layers - 2, input, false);
        return acts.get(acts.size() - 1);
    }

    /** Logits {@code h·W + b} of the output layer, from its penultimate activations {@code h}. */
    public static INDArray logits(MultiLayerNetwork net, INDArray penultimate) {
        org.deeplearning4j.nn.api.Layer out = net.getOutputLayer();
        INDArray w = out.getParam("W");
        INDArray b = out.getParam("b");
        return penultimate.castTo(w.dataType()).mmul(w).addiRowVector(b);
    }
}

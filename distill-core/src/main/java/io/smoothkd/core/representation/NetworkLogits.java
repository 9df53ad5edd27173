package io.smoothkd.core.representation;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;

/**
 * Logits of a network over a whole data set, in batches, in inference mode: the output layer's pre-activation
 * {@code z = h·W + b}, whatever its activation (a softmax teacher's logits are not the log of its rounded
 * probabilities).
 */
public final class NetworkLogits {
    private NetworkLogits() {
    }

    /** Logits {@code [n, K]} of {@code features [n, …]}, computed {@code batchSize} rows at a time. */
    public static INDArray of(MultiLayerNetwork net, INDArray features, int batchSize) {
        long n = features.size(0);
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += batchSize) {
            INDArray x = features.get(NDArrayIndex.interval(from, Math.min(n, from + batchSize)), NDArrayIndex.all());
            parts.add(PenultimateActivations.logits(net, PenultimateActivations.of(net, x)));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.vstack(parts);
    }

    /** Top-1 accuracy of logits against class indices. */
    public static double accuracy(INDArray logits, int[] labels) {
        int[] pred = logits.argMax(1).toIntVector();
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            correct += pred[i] == labels[i] ? 1 : 0;
        }
        return (double) correct / labels.length;
    }
}

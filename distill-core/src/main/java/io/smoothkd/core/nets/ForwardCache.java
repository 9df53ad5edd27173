package io.smoothkd.core.nets;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.Serializable;

/**
 * What a fast layer's last training forward pass computed, kept for the backprop that follows it: handed out once,
 * and only for the very input array it was computed from (a new input, a second backprop or a cleared layer
 * recomputes).
 *
 * @param <T> the kept output (an array, or the layer's own buffer)
 */
final class ForwardCache<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private transient T output;
    private transient INDArray input;

    /** Keeps the output of a forward pass on {@code input}. */
    void remember(INDArray input, T output) {
        this.input = input;
        this.output = output;
    }

    /** The output kept for this very input array, or null; forgotten either way. */
    T take(INDArray input) {
        T kept = this.input == input ? output : null;
        forget();
        return kept;
    }

    void forget() {
        output = null;
        input = null;
    }
}

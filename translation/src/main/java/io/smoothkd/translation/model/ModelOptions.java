package io.smoothkd.translation.model;

/**
 * Size and training of the encoder–decoder.
 *
 * @param embedding  character embedding size
 * @param hidden     decoder LSTM size H (the bidirectional encoder has H/2 units a direction); even
 * @param epochs     passes over the training pairs
 * @param batch      pairs a step
 * @param lr         Adam learning rate
 * @param lrDecay    learning rate multiplied by this after each epoch
 * @param clip       element-wise gradient clipping threshold
 */
public record ModelOptions(int embedding, int hidden, int epochs, int batch, double lr, double lrDecay, double clip) {
    public ModelOptions {
        if (embedding < 1 || embedding > 4096) {
            throw new IllegalArgumentException("embedding must be in [1, 4096], got " + embedding);
        }
        if (hidden < 2 || hidden > 4096 || hidden % 2 != 0) {
            throw new IllegalArgumentException("hidden must be an even number in [2, 4096], got " + hidden);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch must be at least 1, got " + batch);
        }
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new IllegalArgumentException("lr must be a finite number > 0, got " + lr);
        }
        if (!(lrDecay > 0) || lrDecay > 1) {
            throw new IllegalArgumentException("lr_decay must be in (0, 1], got " + lrDecay);
        }
        if (!(clip > 0) || !Double.isFinite(clip)) {
            throw new IllegalArgumentException("clip must be a finite number > 0, got " + clip);
        }
    }
}

package io.smoothkd.runs;

/**
 * How long and how carefully to train.
 *
 * @param epochs                maximum number of epochs (≥ 1)
 * @param earlyStoppingPatience stop after this many epochs without a better validation score (0 = never stop early)
 * @param restoreBest           at the end, return the network of the best validation epoch instead of the last
 * @param seed                  seeds the per-epoch random stream (dropout masks) as {@code seed, epoch}
 */
public record TrainingOptions(int epochs, int earlyStoppingPatience, boolean restoreBest, long seed) {
    public TrainingOptions {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
        }
        if (earlyStoppingPatience < 0) {
            throw new IllegalArgumentException("earlyStoppingPatience must be >= 0, got " + earlyStoppingPatience);
        }
    }
}

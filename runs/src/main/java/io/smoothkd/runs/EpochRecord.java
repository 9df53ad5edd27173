package io.smoothkd.runs;

/**
 * What one epoch did.
 *
 * @param epoch              0-based epoch
 * @param trainLoss          mean minibatch loss over the epoch
 * @param validationScore    validation score after the epoch (higher is better, e.g. accuracy)
 * @param seconds            wall time of the epoch's training (validation excluded)
 * @param examplesPerSecond  training throughput
 */
public record EpochRecord(int epoch, double trainLoss, double validationScore, double seconds,
                          double examplesPerSecond) {
}

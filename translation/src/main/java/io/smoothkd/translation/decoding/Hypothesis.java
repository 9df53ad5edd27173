package io.smoothkd.translation.decoding;

/**
 * A decoded sequence.
 *
 * @param tokens         the tokens, without the begin-of-sequence token and without end-of-sequence
 * @param logProbability log P(tokens, end-of-sequence | source) under the (temperature-scaled) model; without the
 *                       end-of-sequence term if the length limit stopped it
 * @param finished       true when it ended with end-of-sequence, false when the length limit stopped it
 * @param score          the score it was ranked by (log-probability normalised by the length penalty)
 */
public record Hypothesis(int[] tokens, double logProbability, boolean finished, double score) {
}

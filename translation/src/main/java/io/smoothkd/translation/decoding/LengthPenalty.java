package io.smoothkd.translation.decoding;

/**
 * Length normalisation of beam-search scores (Wu et al. 2016, GNMT): a finished hypothesis of length |Y| (tokens,
 * end-of-sequence included) is ranked by log P(Y|X) / lp(Y) with lp(Y) = ((5 + |Y|) / 6)^α. α = 0 ranks by the
 * plain log-probability; α = 1 is close to the mean log-probability per token.
 *
 * @param alpha the exponent α ≥ 0
 */
public record LengthPenalty(double alpha) {
    /** GNMT's and the Transformer's usual α. */
    public static final LengthPenalty GNMT = new LengthPenalty(0.6);
    /** No normalisation. */
    public static final LengthPenalty NONE = new LengthPenalty(0.0);

    public LengthPenalty {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("length penalty alpha must be a finite number >= 0, got " + alpha);
        }
    }

    /** lp(length). */
    public double of(int length) {
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    /** The normalised score. */
    public double normalise(double logProbability, int length) {
        return logProbability / of(length);
    }
}

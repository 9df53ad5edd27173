package io.smoothkd.core.nets;

/**
 * Everything about a network that is not its shape: regularisation, optimiser and seed.
 *
 * @param inputRetain     probability of keeping an input unit (DL4J dropout convention; 1 = no input dropout)
 * @param hiddenRetain    probability of keeping a hidden unit (1 = no dropout)
 * @param learningRate    Adam's initial learning rate
 * @param learningRateDecay multiplicative learning-rate decay per epoch (1 = constant)
 * @param weightDecay     L2 weight decay coefficient (0 = none)
 * @param seed            seed of the weight initialisation
 */
public record NetworkOptions(double inputRetain, double hiddenRetain, double learningRate, double learningRateDecay,
                             double weightDecay, long seed) {
    public NetworkOptions {
        check("inputRetain", inputRetain, 0, 1, false);
        check("hiddenRetain", hiddenRetain, 0, 1, false);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        check("learningRateDecay", learningRateDecay, 0, 1, false);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
        }
    }

    private static void check(String name, double v, double lo, double hi, boolean lowInclusive) {
        boolean ok = (lowInclusive ? v >= lo : v > lo) && v <= hi;
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (lowInclusive ? "[" : "(") + lo + ", " + hi
                    + "], got " + v);
        }
    }

    /** Defaults: no dropout, Adam 1e-3 decaying 0.95 per epoch, no weight decay. */
    public static NetworkOptions defaults(long seed) {
        return new NetworkOptions(1.0, 1.0, 1e-3, 0.95, 0.0, seed);
    }

    public NetworkOptions withDropout(double inputRetain, double hiddenRetain) {
        return new NetworkOptions(inputRetain, hiddenRetain, learningRate, learningRateDecay, weightDecay, seed);
    }

    public NetworkOptions withLearningRate(double lr, double decay) {
        return new NetworkOptions(inputRetain, hiddenRetain, lr, decay, weightDecay, seed);
    }

    public NetworkOptions withSeed(long s) {
        return new NetworkOptions(inputRetain, hiddenRetain, learningRate, learningRateDecay, weightDecay, s);
    }
}

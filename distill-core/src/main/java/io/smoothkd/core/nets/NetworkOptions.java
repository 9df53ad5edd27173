package io.smoothkd.core.nets;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Everything about a network that is not its shape: regularisation, optimiser and seed.
 *
 * @param inputRetain       probability of keeping an input unit (DL4J dropout convention; 1 = no input dropout)
 * @param hiddenRetain      probability of keeping a hidden unit (1 = no dropout)
 * @param learningRate      Adam's initial (peak) learning rate
 * @param learningRateDecay multiplicative learning-rate decay per epoch of the exponential schedule (1 = constant)
 * @param weightDecay       decoupled weight decay λ (DL4J's {@code WeightDecay} applied after Adam's step and scaled by
 *                          the current learning rate, as AdamW: w ← w − Adam step − lr(t)·λ·w); weights only, not
 *                          biases; 0 = none
 * @param seed              seed of the weight initialisation
 * @param schedule          how the learning rate moves (default: exponential per epoch)
 * @param maxNorm           max-norm constraint on each unit's incoming weight vector (DL4J's {@code MaxNormConstraint},
 *                          applied after every step; Srivastava et al. 2014); 0 = none
 */
public record NetworkOptions(double inputRetain, double hiddenRetain, double learningRate, double learningRateDecay,
                             double weightDecay, long seed, LearningRateSchedule schedule, double maxNorm) {
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
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is missing");
        }
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be >= 0 (0 = none), got " + maxNorm);
        }
    }

    /** Exponential per-epoch schedule, no max-norm. */
    public NetworkOptions(double inputRetain, double hiddenRetain, double learningRate, double learningRateDecay,
                          double weightDecay, long seed) {
        this(inputRetain, hiddenRetain, learningRate, learningRateDecay, weightDecay, seed,
                LearningRateSchedule.exponential(), 0.0);
    }

    private static void check(String name, double v, double lo, double hi, boolean lowInclusive) {
        boolean ok = (lowInclusive ? v >= lo : v > lo) && v <= hi;
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (lowInclusive ? "[" : "(") + lo + ", " + hi
                    + "], got " + v);
        }
    }

    /** Defaults: no dropout, Adam 1e-3 decaying 0.95 per epoch, no weight decay, no max-norm. */
    public static NetworkOptions defaults(long seed) {
        return new NetworkOptions(1.0, 1.0, 1e-3, 0.95, 0.0, seed);
    }

    /** Adam's learning-rate schedule. */
    public ISchedule learningRateSchedule() {
        return schedule.of(learningRate, learningRateDecay);
    }

    public NetworkOptions withDropout(double inputRetain, double hiddenRetain) {
        return new NetworkOptions(inputRetain, hiddenRetain, learningRate, learningRateDecay, weightDecay, seed,
                schedule, maxNorm);
    }

    public NetworkOptions withLearningRate(double lr, double decay) {
        return new NetworkOptions(inputRetain, hiddenRetain, lr, decay, weightDecay, seed, schedule, maxNorm);
    }

    public NetworkOptions withSchedule(LearningRateSchedule s) {
        return new NetworkOptions(inputRetain, hiddenRetain, learningRate, learningRateDecay, weightDecay, seed, s,
                maxNorm);
    }

    public NetworkOptions withRegularisation(double decay, double norm) {
        return new NetworkOptions(inputRetain, hiddenRetain, learningRate, learningRateDecay, decay, seed, schedule,
                norm);
    }
}

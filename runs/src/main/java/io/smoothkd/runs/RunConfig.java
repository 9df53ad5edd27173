package io.smoothkd.runs;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.nets.LearningRateSchedule;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.nets.NetworkOptions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a single training (teacher or student) needs, validated on construction: a bad value cannot exist.
 *
 * @param dataset          "mnist" or "fashion-mnist"
 * @param net              network shape
 * @param alpha            label smoothing α ∈ [0, 1) of the hard targets
 * @param epochs           maximum epochs
 * @param batchSize        minibatch size
 * @param learningRate     Adam's initial (peak) learning rate
 * @param learningRateDecay per-epoch multiplicative decay ∈ (0, 1] of the exponential schedule
 * @param inputDropout     probability of dropping an input unit ∈ [0, 1)
 * @param hiddenDropout    probability of dropping a hidden unit ∈ [0, 1)
 * @param jitter           random translation by up to this many pixels (0 = no augmentation)
 * @param validationSize   examples held out of the training file for validation
 * @param patience         early-stopping patience in epochs (0 = off)
 * @param seed             seed of initialisation, shuffling, augmentation and dropout
 * @param trainLimit       train on a seeded subset of this size (0 = all)
 * @param testLimit        evaluate on the first this-many test examples (0 = all)
 * @param schedule         the learning-rate schedule: exponential (per epoch, by {@code learningRateDecay}), constant,
 *                         or cosine (linear warm-up, then half a cosine to 0 at the end)
 * @param warmupEpochs     the cosine schedule's warm-up in epochs, [0, epochs); 0 for the others
 * @param maxNorm          max-norm bound on each unit's incoming weights, &gt; 0, or 0 = none
 * @param weightDecay      decoupled (AdamW) weight decay λ ≥ 0 of the weights (0 = none)
 */
public record RunConfig(String dataset, NetSpec net, double alpha, int epochs, int batchSize, double learningRate,
                        double learningRateDecay, double inputDropout, double hiddenDropout, int jitter,
                        int validationSize, int patience, long seed, int trainLimit, int testLimit,
                        LearningRateSchedule.Kind schedule, double warmupEpochs, double maxNorm, double weightDecay) {

    /** The original recipe: exponential per-epoch decay, no max-norm, no weight decay. */
    public RunConfig(String dataset, NetSpec net, double alpha, int epochs, int batchSize, double learningRate,
                     double learningRateDecay, double inputDropout, double hiddenDropout, int jitter,
                     int validationSize, int patience, long seed, int trainLimit, int testLimit) {
        this(dataset, net, alpha, epochs, batchSize, learningRate, learningRateDecay, inputDropout, hiddenDropout,
                jitter, validationSize, patience, seed, trainLimit, testLimit, LearningRateSchedule.Kind.EXPONENTIAL,
                0, 0, 0);
    }

    public RunConfig {
        if (!DatasetRepository.NAMES.contains(dataset)) {
            throw new IllegalArgumentException("unknown data set '" + dataset + "', expected one of "
                    + String.join(", ", DatasetRepository.NAMES));
        }
        if (!(alpha >= 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in [0, 1), got " + alpha);
        }
        positive("epochs", epochs);
        positive("batchSize", batchSize);
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, got " + learningRate);
        }
        if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
            throw new IllegalArgumentException("learningRateDecay must be in (0, 1], got " + learningRateDecay);
        }
        if (!(inputDropout >= 0 && inputDropout < 1)) {
            throw new IllegalArgumentException("inputDropout must be in [0, 1), got " + inputDropout);
        }
        if (!(hiddenDropout >= 0 && hiddenDropout < 1)) {
            throw new IllegalArgumentException("hiddenDropout must be in [0, 1), got " + hiddenDropout);
        }
        if (jitter < 0 || jitter > 8) {
            throw new IllegalArgumentException("jitter must be in [0, 8] pixels, got " + jitter);
        }
        positive("validationSize", validationSize);
        if (patience < 0 || trainLimit < 0 || testLimit < 0) {
            throw new IllegalArgumentException("patience, trainLimit and testLimit must be >= 0");
        }
        if (schedule == null) {
            throw new IllegalArgumentException("schedule is missing, expected one of "
                    + LearningRateSchedule.Kind.names());
        }
        if (!(warmupEpochs >= 0 && warmupEpochs < epochs)) {
            throw new IllegalArgumentException("warmupEpochs must be in [0, epochs = " + epochs + "), got "
                    + warmupEpochs);
        }
        if (warmupEpochs > 0 && schedule != LearningRateSchedule.Kind.COSINE) {
            throw new IllegalArgumentException("warmupEpochs applies to the cosine schedule only, got " + warmupEpochs
                    + " with " + schedule.key());
        }
        if (!(maxNorm >= 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("maxNorm must be > 0, or 0 for none, got " + maxNorm);
        }
        if (!(weightDecay >= 0 && weightDecay < 1)) {
            throw new IllegalArgumentException("weightDecay must be in [0, 1), got " + weightDecay);
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + v);
        }
    }

    /**
     * The network options this configuration implies, for a training set of {@code trainExamples} examples (the
     * cosine schedule's length in iterations is epochs × ⌈trainExamples / batch⌉).
     */
    public NetworkOptions networkOptions(long trainExamples) {
        if (trainExamples < 1) {
            throw new IllegalArgumentException("trainExamples must be >= 1, got " + trainExamples);
        }
        int perEpoch = Math.toIntExact((trainExamples + batchSize - 1) / batchSize);
        return new NetworkOptions(1 - inputDropout, 1 - hiddenDropout, learningRate, learningRateDecay, weightDecay,
                seed, new LearningRateSchedule(schedule, warmupEpochs, epochs, perEpoch), maxNorm);
    }

    public TrainingOptions trainingOptions() {
        return new TrainingOptions(epochs, patience, true, seed);
    }

    /** Flat keys, as in a YAML config and in provenance. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", dataset);
        m.put("net", net.toString());
        m.put("alpha", alpha);
        m.put("epochs", epochs);
        m.put("batch_size", batchSize);
        m.put("learning_rate", learningRate);
        m.put("learning_rate_decay", learningRateDecay);
        m.put("lr_schedule", schedule.key());
        m.put("warmup_epochs", warmupEpochs);
        m.put("max_norm", maxNorm);
        m.put("weight_decay", weightDecay);
        m.put("input_dropout", inputDropout);
        m.put("hidden_dropout", hiddenDropout);
        m.put("jitter", jitter);
        m.put("validation_size", validationSize);
        m.put("patience", patience);
        m.put("seed", seed);
        m.put("train_limit", trainLimit);
        m.put("test_limit", testLimit);
        return m;
    }
}

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
 * @param elasticAlpha     elastic distortion's scale α in pixels (Simard et al. 2003; {@code
 *                         Augmentation.withElasticDistortion}), applied before the jitter; 0 = none
 * @param elasticSigma     elastic distortion's smoothing σ in pixels, (0, 64] when α &gt; 0, else 0
 */
public record RunConfig(String dataset, NetSpec net, double alpha, int epochs, int batchSize, double learningRate,
                        double learningRateDecay, double inputDropout, double hiddenDropout, int jitter,
                        int validationSize, int patience, long seed, int trainLimit, int testLimit,
                        LearningRateSchedule.Kind schedule, double warmupEpochs, double maxNorm, double weightDecay,
                        double elasticAlpha, double elasticSigma) {

    /** No elastic distortion. */
    public RunConfig(String dataset, NetSpec net, double alpha, int epochs, int batchSize, double learningRate,
                     double learningRateDecay, double inputDropout, double hiddenDropout, int jitter,
                     int validationSize, int patience, long seed, int trainLimit, int testLimit,
                     LearningRateSchedule.Kind schedule, double warmupEpochs, double maxNorm, double weightDecay) {
        this(dataset, net, alpha, epochs, batchSize, learningRate, learningRateDecay, inputDropout, hiddenDropout,
                jitter, validationSize, patience, seed, trainLimit, testLimit, schedule, warmupEpochs, maxNorm,
                weightDecay, 0, 0);
    }

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
        if (!(elasticAlpha >= 0) || Double.isInfinite(elasticAlpha)) {
            throw new IllegalArgumentException("elasticAlpha must be > 0 pixels, or 0 for none, got " + elasticAlpha);
        }
        if (elasticAlpha > 0 ? !(elasticSigma > 0 && elasticSigma <= 64) : elasticSigma != 0) {
            throw new IllegalArgumentException("elasticSigma must be in (0, 64] pixels with elasticAlpha > 0, and 0"
                    + " without, got " + elasticSigma + " with elasticAlpha " + elasticAlpha);
        }
    }

    /** This configuration with elastic distortion α, σ (0, 0: none). */
    public RunConfig withElastic(double alpha, double sigma) {
        return new RunConfig(dataset, net, this.alpha, epochs, batchSize, learningRate, learningRateDecay, inputDropout,
                hiddenDropout, jitter, validationSize, patience, seed, trainLimit, testLimit, schedule, warmupEpochs,
                maxNorm, weightDecay, alpha, sigma);
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
        if (elasticAlpha > 0) {  // written only when on, so that the runs recorded before it keep their fingerprint
            m.put("elastic_alpha", elasticAlpha);
            m.put("elastic_sigma", elasticSigma);
        }
        return m;
    }

    /** The keys {@link #toMap} writes that runs of SmoothKD recorded from the start (the others came later). */
    private static final java.util.List<String> REQUIRED = java.util.List.of("dataset", "net", "alpha", "epochs",
            "batch_size", "learning_rate", "learning_rate_decay", "input_dropout", "hidden_dropout", "jitter",
            "validation_size", "patience", "seed", "train_limit", "test_limit");

    /**
     * The inverse of {@link #toMap}: {@code fromMap(c.toMap()).equals(c)}. Reads a provenance's {@code config} back.
     * The recipe keys added after the first release ({@code lr_schedule}, {@code warmup_epochs}, {@code max_norm},
     * {@code weight_decay}; {@code elastic_alpha}, {@code elastic_sigma}, written only when on) may be absent, as in a
     * run recorded before them, and then mean the original recipe (exponential, 0, 0, 0; no elastic distortion),
     * which such a run used; every other key must be there.
     *
     * @throws IllegalArgumentException naming a missing key or one of the wrong type, or a value out of range
     */
    public static RunConfig fromMap(Map<String, ?> m) {
        for (String k : REQUIRED) {
            if (m.get(k) == null) {
                throw new IllegalArgumentException("run configuration: missing key '" + k + "'");
            }
        }
        Object schedule = m.get("lr_schedule");
        return new RunConfig(text(m, "dataset"), NetSpec.parse(text(m, "net")), number(m, "alpha").doubleValue(),
                integer(m, "epochs"), integer(m, "batch_size"), number(m, "learning_rate").doubleValue(),
                number(m, "learning_rate_decay").doubleValue(), number(m, "input_dropout").doubleValue(),
                number(m, "hidden_dropout").doubleValue(), integer(m, "jitter"), integer(m, "validation_size"),
                integer(m, "patience"), number(m, "seed").longValue(), integer(m, "train_limit"),
                integer(m, "test_limit"),
                schedule == null ? LearningRateSchedule.Kind.EXPONENTIAL : LearningRateSchedule.Kind.parse(
                        text(m, "lr_schedule")),
                m.get("warmup_epochs") == null ? 0 : number(m, "warmup_epochs").doubleValue(),
                m.get("max_norm") == null ? 0 : number(m, "max_norm").doubleValue(),
                m.get("weight_decay") == null ? 0 : number(m, "weight_decay").doubleValue(),
                m.get("elastic_alpha") == null ? 0 : number(m, "elastic_alpha").doubleValue(),
                m.get("elastic_sigma") == null ? 0 : number(m, "elastic_sigma").doubleValue());
    }

    private static String text(Map<String, ?> m, String k) {
        if (m.get(k) instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("run configuration: '" + k + "' must be text, got " + m.get(k));
    }

    private static Number number(Map<String, ?> m, String k) {
        if (m.get(k) instanceof Number n) {
            return n;
        }
        throw new IllegalArgumentException("run configuration: '" + k + "' must be a number, got " + m.get(k));
    }

    private static int integer(Map<String, ?> m, String k) {
        Number n = number(m, k);
        if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("run configuration: '" + k + "' must be an integer, got " + n);
        }
        return n.intValue();
    }
}

package io.smoothkd.experiments.cli;

import io.smoothkd.core.nets.LearningRateSchedule;
import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.runs.RunConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every single training (teacher or student) shares. */
public class TrainingMixin {
    @Option(names = "--data", defaultValue = "mnist", paramLabel = "NAME",
            description = "Data set: mnist or fashion-mnist (fetched on first use; default: ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--alpha", defaultValue = "0", paramLabel = "α",
            description = "Label smoothing of the hard targets, in [0, 1) (default: ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--epochs", defaultValue = "30", description = "Maximum epochs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch", defaultValue = "128", description = "Minibatch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--lr-decay", paramLabel = "FACTOR",
            description = "Learning-rate factor per epoch of the exponential schedule, in (0, 1] (default: 0.95).")
    Double lrDecay;

    @Option(names = "--lr-schedule", defaultValue = "exponential", paramLabel = "NAME",
            description = "Learning-rate schedule: exponential (× --lr-decay per epoch), constant, or cosine (linear"
                    + " warm-up over --warmup-epochs, then half a cosine to 0 at the end) (default: ${DEFAULT-VALUE}).")
    String lrSchedule;

    @Option(names = "--warmup-epochs", defaultValue = "0", paramLabel = "EPOCHS",
            description = "Linear warm-up of the cosine schedule, in [0, epochs); fractions allowed"
                    + " (default: ${DEFAULT-VALUE}).")
    double warmupEpochs;

    @Option(names = "--max-norm", defaultValue = "0", paramLabel = "C",
            description = "Max-norm constraint on each unit's incoming weights after every step (DL4J"
                    + " MaxNormConstraint); 0 = none (default: ${DEFAULT-VALUE}).")
    double maxNorm;

    @Option(names = "--weight-decay", defaultValue = "0", paramLabel = "λ",
            description = "Decoupled (AdamW) weight decay of the weights, w -= lr(t)·λ·w after each Adam step, in"
                    + " [0, 1); 0 = none (default: ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--jitter", defaultValue = "0", paramLabel = "PIXELS",
            description = "Random translation of the inputs by up to this many pixels (default: ${DEFAULT-VALUE}).")
    int jitter;

    @Option(names = "--elastic", split = ",", paramLabel = "α,σ",
            description = "Elastic distortion of the inputs before the jitter (Simard et al. 2003): a uniform random"
                    + " displacement field smoothed by a Gaussian of σ pixels and scaled by α pixels, e.g. 34,4"
                    + " (default: none).")
    double[] elastic;

    @Option(names = "--validation", defaultValue = "5000", paramLabel = "N",
            description = "Examples held out of the training set for validation (default: ${DEFAULT-VALUE}).")
    int validation;

    @Option(names = "--patience", defaultValue = "0",
            description = "Early stopping after this many epochs without better validation accuracy; 0 = off"
                    + " (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of everything random (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--train-limit", defaultValue = "0", paramLabel = "N",
            description = "Train on a seeded subset of N examples; 0 = all (default: ${DEFAULT-VALUE}).")
    int trainLimit;

    @Option(names = "--test-limit", defaultValue = "0", paramLabel = "N",
            description = "Evaluate on the first N test examples; 0 = all (default: ${DEFAULT-VALUE}).")
    int testLimit;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder to write.")
    Path out;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint.")
    boolean resume;

    @Option(names = "--force", description = "Replace whatever run --out holds.")
    boolean force;

    /** The validated configuration; a bad value is a one-line user error. */
    RunConfig config(String net, double inputDropout, double hiddenDropout) {
        TrainingCommands.resumeOrForce(resume, force);
        NetSpec spec;
        try {
            spec = NetSpec.parse(net);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--net: " + e.getMessage());
        }
        LearningRateSchedule.Kind schedule;
        try {
            schedule = LearningRateSchedule.Kind.parse(lrSchedule);
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--lr-schedule: " + e.getMessage());
        }
        if (lrDecay != null && schedule != LearningRateSchedule.Kind.EXPONENTIAL) {
            throw new UserInputException("--lr-decay: applies to --lr-schedule exponential only, not "
                    + schedule.key());
        }
        if (elastic != null && elastic.length != 2) {
            throw new UserInputException("--elastic: expected two numbers α,σ (e.g. 34,4), got " + elastic.length);
        }
        try {
            return new RunConfig(data, spec, alpha, epochs, batch, lr, lrDecay == null ? 0.95 : lrDecay, inputDropout,
                    hiddenDropout, jitter, validation, patience, seed, trainLimit, testLimit, schedule, warmupEpochs,
                    maxNorm, weightDecay, elastic == null ? 0 : elastic[0], elastic == null ? 0 : elastic[1]);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(optionName(e.getMessage()) + e.getMessage());
        }
    }

    private static String optionName(String message) {
        String[][] names = {{"unknown data set", "--data: "}, {"alpha", "--alpha: "}, {"epochs", "--epochs: "},
                {"batchSize", "--batch: "}, {"learningRateDecay", "--lr-decay: "}, {"learningRate", "--lr: "},
                {"inputDropout", "--input-dropout: "}, {"hiddenDropout", "--dropout: "}, {"jitter", "--jitter: "},
                {"validationSize", "--validation: "}, {"warmupEpochs", "--warmup-epochs: "},
                {"maxNorm", "--max-norm: "}, {"weightDecay", "--weight-decay: "}, {"elastic", "--elastic: "}};
        for (String[] n : names) {
            if (message.startsWith(n[0])) {
                return n[1];
            }
        }
        return "";
    }
}

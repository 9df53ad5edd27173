package io.smoothkd.experiments.cli;

import io.smoothkd.core.nets.NetSpec;
import io.smoothkd.core.training.RunConfig;
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

    @Option(names = "--lr-decay", defaultValue = "0.95",
            description = "Learning-rate factor per epoch, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double lrDecay;

    @Option(names = "--jitter", defaultValue = "0", paramLabel = "PIXELS",
            description = "Random translation of the inputs by up to this many pixels (default: ${DEFAULT-VALUE}).")
    int jitter;

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
        try {
            return new RunConfig(data, spec, alpha, epochs, batch, lr, lrDecay, inputDropout, hiddenDropout, jitter,
                    validation, patience, seed, trainLimit, testLimit);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(optionName(e.getMessage()) + e.getMessage());
        }
    }

    private static String optionName(String message) {
        String[][] names = {{"unknown data set", "--data: "}, {"alpha", "--alpha: "}, {"epochs", "--epochs: "},
                {"batchSize", "--batch: "}, {"learningRateDecay", "--lr-decay: "}, {"learningRate", "--lr: "},
                {"inputDropout", "--input-dropout: "}, {"hiddenDropout", "--dropout: "}, {"jitter", "--jitter: "},
                {"validationSize", "--validation: "}};
        for (String[] n : names) {
            if (message.startsWith(n[0])) {
                return n[1];
            }
        }
        return "";
    }
}

package io.smoothkd.experiments.cli;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.teacher.TeacherTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code smoothkd teacher}: trains one teacher into a run folder. */
@Command(name = "teacher", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Train a teacher on hard (--alpha 0) or label-smoothed targets and write a run folder:"
                + " model.zip, provenance.json, logits-train.npy, logits-test.npy, metrics.json.",
                "Example (the paper's MNIST teacher): smoothkd teacher --data mnist --net 784-1200-1200-10"
                        + " --dropout 0.5 --input-dropout 0.2 --jitter 2 --alpha 0.1 --out runs/teacher-ls"})
public class TeacherCommand implements Callable<Integer> {
    @Mixin
    TrainingMixin training;

    @Option(names = "--net", defaultValue = "784-1200-1200-10", paramLabel = "SPEC",
            description = "784-1200-1200-10 (MLP sizes) or cnn[:32-64-256] (default: ${DEFAULT-VALUE}).")
    String net;

    @Option(names = "--dropout", defaultValue = "0.5", paramLabel = "P",
            description = "Probability of dropping a hidden unit (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--input-dropout", defaultValue = "0.2", paramLabel = "P",
            description = "Probability of dropping an input unit (default: ${DEFAULT-VALUE}).")
    double inputDropout;

    @Override
    public Integer call() throws Exception {
        RunConfig config = training.config(net, inputDropout, dropout);
        io.smoothkd.runs.RunTrainer.Result r = TrainingCommands.run(() -> new TeacherTrainer(DatasetRepository.atDefaultLocation())
                .train(config, training.out, training.resume, training.force));
        TrainingCommands.printSummary("teacher", r.folder(), r.metrics());
        return 0;
    }
}

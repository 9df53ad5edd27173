package io.smoothkd.experiments.cli;

import io.smoothkd.core.data.DatasetRepository;
import io.smoothkd.core.training.RunConfig;
import io.smoothkd.student.Distillation;
import io.smoothkd.student.StudentTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code smoothkd student}: trains one student into a run folder. */
@Command(name = "student", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Train a student from labels (--alpha 0), from label-smoothed labels (--alpha > 0), or"
                + " distilled from a teacher run folder (--teacher) with (1-beta)*H(y, p(z)) + beta*c*H(p(t/T), p(z/T)).",
                "Example: smoothkd student --data mnist --net 784-800-800-10 --teacher runs/teacher-ls"
                        + " --temperature 4 --beta 0.6 --out runs/student-from-ls"})
public class StudentCommand implements Callable<Integer> {
    @Mixin
    TrainingMixin training;

    @Spec
    CommandSpec spec;

    @Option(names = "--net", defaultValue = "784-800-800-10", paramLabel = "SPEC",
            description = "784-800-800-10 (MLP sizes) or cnn[:32-64-256] (default: ${DEFAULT-VALUE}).")
    String net;

    @Option(names = "--dropout", defaultValue = "0", paramLabel = "P",
            description = "Probability of dropping a hidden unit (default: ${DEFAULT-VALUE}).")
    double dropout;

    @Option(names = "--input-dropout", defaultValue = "0", paramLabel = "P",
            description = "Probability of dropping an input unit (default: ${DEFAULT-VALUE}).")
    double inputDropout;

    @Option(names = "--teacher", paramLabel = "DIR", description = "Teacher run folder to distil from.")
    Path teacher;

    @Option(names = "--temperature", defaultValue = "4", paramLabel = "T",
            description = "Distillation temperature T > 0 (default: ${DEFAULT-VALUE}).")
    double temperature;

    @Option(names = "--beta", defaultValue = "0.6", paramLabel = "β",
            description = "Weight of the teacher term, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double beta;

    @Option(names = "--t-squared", description = "Multiply the teacher term by T² (Hinton et al.); the paper does not.")
    boolean tSquared;

    @Override
    public Integer call() throws Exception {
        RunConfig config = training.config(net, inputDropout, dropout);
        Optional<Distillation> distillation = Optional.empty();
        if (teacher == null) {
            for (String o : new String[] {"--temperature", "--beta", "--t-squared"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
                    throw new UserInputException(o + " is a distillation setting: give --teacher DIR too, or drop " + o
                            + " to train from labels");
                }
            }
        }
        if (teacher != null) {
            if (!(temperature > 0) || Double.isInfinite(temperature)) {
                throw new UserInputException("--temperature " + temperature + ": expected a number > 0");
            }
            if (!(beta >= 0 && beta <= 1)) {
                throw new UserInputException("--beta " + beta + ": expected a number in [0, 1]");
            }
            distillation = Optional.of(new Distillation(teacher, temperature, beta, tSquared));
        }
        Optional<Distillation> d = distillation;
        StudentTrainer.Result r = TrainingCommands.run(() -> new StudentTrainer(DatasetRepository.atDefaultLocation())
                .train(config, d, training.out, training.resume, training.force));
        TrainingCommands.printSummary("student", r.folder(), r.metrics());
        return 0;
    }
}

package io.smoothkd.experiments.cli;

import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.core.loss.DistillationLosses;
import io.smoothkd.runs.RunConfig;
import io.smoothkd.student.Distillation;
import io.smoothkd.student.StudentTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code smoothkd student}: trains one student into a run folder. */
@Command(name = "student", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Train a student from labels (--alpha 0), from label-smoothed labels (--alpha > 0), or"
                + " distilled from a teacher run folder (--teacher) with a distillation loss (--loss, default kd:"
                + " (1-beta)*H(y, p(z)) + beta*c*H(p(t/T), p(z/T))).",
                "Example: smoothkd student --data mnist --net 784-800-800-10 --teacher runs/teacher-ls"
                        + " --temperature 4 --beta 0.6 --out runs/student-from-ls",
                "         smoothkd student --data mnist --teacher runs/teacher-ls --loss dkd --loss-param beta=8"
                        + " --out runs/student-dkd"})
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

    @Option(names = "--loss", paramLabel = "NAME", completionCandidates = LossNames.class,
            description = "Distillation loss by name: ${COMPLETION-CANDIDATES} (default: kd, the paper's"
                    + " (1-beta)*H(y, p(z)) + beta*c*H(p(t/T), p(z/T))); see the README for each loss's parameters.")
    String loss;

    @Option(names = "--loss-param", paramLabel = "KEY=VALUE",
            description = "A parameter of the loss, repeatable (e.g. --loss dkd --loss-param beta=8); a key left out"
                    + " takes the loss's default.")
    Map<String, String> lossParams = new LinkedHashMap<>();

    @Option(names = "--temperature", paramLabel = "T",
            description = "Distillation temperature T > 0, for any loss (default: the loss's own, 4 for kd).")
    Double temperature;

    @Option(names = "--beta", paramLabel = "β",
            description = "kd only: weight of the teacher term, in [0, 1] (default: 0.6).")
    Double beta;

    @Option(names = "--t-squared", description = "kd only: multiply the teacher term by T² (Hinton et al.); the paper"
            + " does not.")
    boolean tSquared;

    /** The registered loss names, for --help and shell completion. */
    static final class LossNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return DistillationLosses.names().iterator();
        }
    }

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
            distillation = Optional.of(distillation(teacher));
        } else if (loss != null || !lossParams.isEmpty()) {
            throw new UserInputException("--loss and --loss-param need --teacher (a teacher run folder to distil from)");
        }
        Optional<Distillation> d = distillation;
        io.smoothkd.runs.RunTrainer.Result r = TrainingCommands.run(() -> new StudentTrainer(DatasetRepository.atDefaultLocation())
                .train(config, d, training.out, training.resume, training.force));
        TrainingCommands.printSummary("student", r.folder(), r.metrics());
        return 0;
    }

    /** The distillation of the options: the loss by name, its parameters from --loss-param and the kd flags. */
    private Distillation distillation(Path teacherFolder) {
        String name = loss == null ? "kd" : loss;
        Map<String, Double> params = new LinkedHashMap<>();
        // ranges are checked once, by the Distillation record (the registry's loss): e.g. "--loss kd: temperature
        // must be > 0 and finite, got -1.0"
        if (temperature != null) {
            params.put("temperature", temperature);
        }
        if (!name.equals("kd") && (beta != null || tSquared)) {
            throw new UserInputException("--beta and --t-squared belong to --loss kd; give the parameters of " + name
                    + " with --loss-param KEY=VALUE");
        }
        if (beta != null) {
            params.put("beta", beta);
        }
        if (tSquared) {
            params.put("t_squared", 1.0);
        }
        for (Map.Entry<String, String> p : lossParams.entrySet()) {
            double value;
            try {
                value = Double.parseDouble(p.getValue().strip());
            } catch (NumberFormatException e) {
                throw new UserInputException("--loss-param " + p.getKey() + "=" + p.getValue() + ": expected a number");
            }
            if (params.containsKey(p.getKey())) {
                throw new UserInputException("--loss-param " + p.getKey() + " is also given by --"
                        + (p.getKey().equals("t_squared") ? "t-squared" : p.getKey()) + "; give it once");
            }
            params.put(p.getKey(), value);
        }
        try {
            return new Distillation(teacherFolder, name, params);
        } catch (IllegalArgumentException e) {
            // the record names the parameter first ("temperature must be > 0 ..."): name the option that gave it
            String key = e.getMessage().split(" ", 2)[0];
            String option = key.equals("temperature") && temperature != null ? "--temperature"
                    : key.equals("beta") && beta != null ? "--beta" : "--loss " + name;
            throw new UserInputException(option + ": " + e.getMessage());
        }
    }
}

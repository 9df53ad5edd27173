package io.smoothkd.experiments.cli;

import io.smoothkd.core.data.NpyInputs;
import io.smoothkd.runs.DatasetRepository;
import io.smoothkd.runs.RunMutualInformation;
import io.smoothkd.core.information.LogitDifferenceMutualInformation;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code smoothkd mutual-info}: the logit-difference mutual-information estimate of paper §5, either of given
 * samples ({@code --samples}) or of a trained network ({@code --run}), whose logit difference is measured on
 * augmented copies of training examples of two classes — the same measurement as the curve taken during training,
 * with the augmentation, classes and sizes as options (to study how the estimate depends on them).
 */
@Command(name = "mutual-info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Mutual information (nats) between the input example and a logit difference z_i - z_j under"
                + " augmentation (paper §5): Gaussian p(y|x) = N(mu_x, sigma^2) with pooled within-example variance;"
                + " bounded by ln N.",
                "--samples: of given values. --run: of a trained run folder's network, on --per-class training"
                + " examples of each of --classes, --copies augmented copies each (--shift, --noise).",
                "With --json only the JSON object goes to stdout; logs go to stderr."})
public class MutualInfoCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--samples", required = true, paramLabel = "Y.npy",
                description = "Float .npy [N, L]: L augmented values of one logit difference for each of N examples.")
        Path samples;

        @Option(names = "--run", required = true, paramLabel = "DIR",
                description = "A finished run folder (teacher or student): measure its network.")
        Path run;
    }

    @Option(names = "--classes", split = ",", paramLabel = "a,b", description = "With --run: the two classes"
            + " (default: 0,1).")
    List<Integer> classes = List.of(0, 1);

    @Option(names = "--per-class", paramLabel = "N", description = "With --run: examples per class (default: 300).")
    int perClass = 300;

    @Option(names = "--copies", paramLabel = "L", description = "With --run: augmented copies per example (default: 5).")
    int copies = 5;

    @Option(names = "--shift", paramLabel = "PX", description = "With --run: random translation by up to PX pixels"
            + " (default: that of the run's recorded curve, else the run's jitter, else 2).")
    Integer shift;

    @Option(names = "--noise", paramLabel = "STD", description = "With --run: additive Gaussian pixel noise, clipped"
            + " to [0, 1] (default: that of the run's recorded curve, else 0).")
    Double noise;

    @Option(names = "--seed", paramLabel = "S", description = "With --run: seed of the examples and copies (default:"
            + " the run's seed + 17, the examples of the curve measured during training).")
    Long seed;

    @Option(names = "--json", description = "Print only a JSON object with keys n, l, mi, max_mi (with --run also"
            + " classes, shift, noise, run).")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        LogitDifferenceMutualInformation.Estimate e = source.samples != null ? ofSamples() : ofRun(m);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", e.n());
        out.put("l", e.l());
        out.put("mi", e.mi());
        out.put("max_mi", e.maxMi());
        out.putAll(m);
        if (json) {
            Output.printJson(out);
        } else {
            String what = source.samples != null ? source.samples.toString() : source.run + " (classes " + classes
                    + ", shift " + m.get("shift") + " px, noise " + m.get("noise") + ")";
            System.out.printf("mutual information of %s (N = %d examples, L = %d copies)%n", what, e.n(), e.l());
            System.out.printf("  mi          %.6f nats%n", e.mi());
            System.out.printf("  max_mi      %.6f nats (ln N)%n", e.maxMi());
            System.out.printf("  mi / max_mi %.4f%n", e.mi() / e.maxMi());
            System.out.printf("  sigma^2     %.6g (pooled within-example variance)%n", e.variance());
        }
        return 0;
    }

    private LogitDifferenceMutualInformation.Estimate ofSamples() {
        Path samples = source.samples;
        INDArray y = UserInputException.ofOption("--samples",
                () -> NpyInputs.readFiniteMatrix(samples, "samples", "[N, L]"));
        if (y.size(0) < 2) {
            throw new UserInputException("--samples " + samples + ": need at least 2 examples (rows), got shape ["
                    + y.size(0) + ", " + y.size(1) + "]");
        }
        try {
            return LogitDifferenceMutualInformation.estimate(y);
        } catch (IllegalArgumentException ex) {
            throw new UserInputException("--samples " + samples + ": " + ex.getMessage());
        }
    }

    private LogitDifferenceMutualInformation.Estimate ofRun(Map<String, Object> m) {
        if (classes.size() != 2) {
            throw new UserInputException("--classes: expected two classes a,b, got " + classes);
        }
        RunMutualInformation.Measured r = TrainingCommands.run(() -> RunMutualInformation.measure(source.run,
                DatasetRepository.atDefaultLocation(), new RunMutualInformation.Probe(classes.get(0), classes.get(1),
                        perClass, copies, shift, noise, seed)));
        m.put("classes", classes);
        m.put("shift", r.shift());
        m.put("noise", r.noise());
        m.put("seed", r.seed());
        m.put("run", source.run.toString());
        return r.estimate();
    }
}

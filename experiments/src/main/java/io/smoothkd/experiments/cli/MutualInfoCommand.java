package io.smoothkd.experiments.cli;

import io.smoothkd.core.information.LogitDifferenceMutualInformation;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code smoothkd mutual-info}: the logit-difference mutual-information estimate of paper §5. */
@Command(name = "mutual-info", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Mutual information (nats) between the input example and a logit difference z_i - z_j under"
                + " augmentation (paper §5): Gaussian p(y|x) = N(mu_x, sigma^2) with pooled within-example variance;"
                + " bounded by ln N.",
                "With --json only the JSON object goes to stdout; logs go to stderr."})
public class MutualInfoCommand implements Callable<Integer> {

    @Option(names = "--samples", required = true, paramLabel = "Y.npy",
            description = "Float .npy [N, L]: L augmented values of one logit difference for each of N examples.")
    Path samples;

    @Option(names = "--json", description = "Print only a JSON object with keys n, l, mi, max_mi.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        INDArray y = ArrayFiles.readFiniteMatrix(samples, "--samples", "samples", "[N, L]");
        if (y.size(0) < 2) {
            throw new UserInputException("--samples " + samples + ": need at least 2 examples (rows), got shape ["
                    + y.size(0) + ", " + y.size(1) + "]");
        }
        LogitDifferenceMutualInformation.Estimate e;
        try {
            e = LogitDifferenceMutualInformation.estimate(y);
        } catch (IllegalArgumentException ex) {
            throw new UserInputException("--samples " + samples + ": " + ex.getMessage());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", e.n());
        m.put("l", e.l());
        m.put("mi", e.mi());
        m.put("max_mi", e.maxMi());
        if (json) {
            Output.printJson(m);
        } else {
            System.out.printf("mutual information of %s (N = %d examples, L = %d copies)%n", samples, e.n(), e.l());
            System.out.printf("  mi          %.6f nats%n", e.mi());
            System.out.printf("  max_mi      %.6f nats (ln N)%n", e.maxMi());
            System.out.printf("  mi / max_mi %.4f%n", e.mi() / e.maxMi());
            System.out.printf("  sigma^2     %.6g (pooled within-example variance)%n", e.variance());
        }
        return 0;
    }
}

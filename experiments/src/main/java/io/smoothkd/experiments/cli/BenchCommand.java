package io.smoothkd.experiments.cli;

import io.smoothkd.experiments.bench.JmhBenchmarks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code smoothkd bench}: the JMH micro-benchmarks of the library's kernels. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Benchmarks (JMH): DistillationLoss score+gradient (n = 512; K = 10 and 1000, beside"
                + " LossMCXENT), the mutual-information estimator (N = 600 and 10 000, L = 5) and calibration metrics"
                + " on 1 000 000 examples. Warm-up, several iterations, forked JVMs; JMH prints the table."})
public class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "One fork, one warm-up, two 1-s measurements (about 1-2 minutes).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write JMH's JSON results to FILE.")
    Path json;

    @Option(names = "--include", paramLabel = "REGEX", description = "Only benchmarks whose name matches.")
    String include;

    @Override
    public Integer call() throws Exception {
        if (include != null) {
            try {
                Pattern.compile(include);
            } catch (PatternSyntaxException e) {
                throw new UserInputException("--include '" + include + "': not a regular expression ("
                        + e.getDescription() + ")");
            }
        }
        JmhBenchmarks.run(quick, json, include);
        return 0;
    }
}

package io.smoothkd.experiments.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.smoothkd.bench.JmhBenchmarks;
import io.smoothkd.bench.ThroughputRun;
import io.smoothkd.bench.ThroughputReport;
import io.smoothkd.bench.TorchPeer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code smoothkd bench}: training/inference throughput (default), optionally against PyTorch; or the JMH
 * micro-benchmarks with {@code --jmh}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Throughput in examples/s, in this JVM: training steps (Adam, batch 128, float32) of the teacher"
                + " MLP 784-1200-1200-10 and the student 784-800-800-10, distillation steps from cached teacher logits"
                + " and with the teacher's forward on the augmented batch, the small CNN; teacher inference; and"
                + " the machine's 1024² sgemm GFLOP/s, against which each step's GFLOP/s is put. Warm-up, then"
                + " several timed repetitions (min/median/max).",
                "--peer runs the same steps in PyTorch (python3 + torch), interleaved repetition by repetition with"
                        + " the same thread count, and prints ours/PyTorch per step.",
                "--jmh runs the JMH micro-benchmarks of the library's kernels instead (DistillationLoss, the"
                        + " mutual-information estimator, calibration metrics)."})
public class BenchCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "Few, short repetitions (about a minute; with --jmh: one fork, one"
            + " warm-up, two 1-s measurements).")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write every number to FILE as JSON (with"
            + " --jmh: JMH's JSON results).")
    Path json;

    @Option(names = "--peer", description = "Also run every step in PyTorch (python3 with torch; Debian:"
            + " apt-get install python3-torch libopenblas0-pthread) and print ours/PyTorch.")
    boolean peer;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the results as the README's markdown"
            + " table (with the machine) to FILE.")
    Path markdown;

    @Option(names = "--from", paramLabel = "JSON", description = "Measure nothing: render the table (and --markdown)"
            + " from a JSON file written by --json.")
    Path from;

    @Option(names = "--jmh", description = "Run the JMH micro-benchmarks instead of the throughput bench.")
    boolean jmh;

    @Option(names = "--include", paramLabel = "REGEX", description = "With --jmh: only benchmarks whose name matches.")
    String include;

    @Override
    public Integer call() throws Exception {
        if (jmh) {
            if (peer || markdown != null || from != null) {
                throw new UserInputException("--jmh cannot be combined with --peer, --markdown or --from");
            }
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
        if (include != null) {
            throw new UserInputException("--include selects JMH benchmarks: use it with --jmh");
        }
        JsonNode root;
        if (from != null) {
            if (peer || quick || json != null) {
                throw new UserInputException("--from renders a saved result: it takes no --peer, --quick or --json");
            }
            try {
                root = ThroughputReport.read(from);
            } catch (IOException e) {
                throw new UserInputException("--from " + from + ": cannot read bench JSON (" + e.getMessage() + ")");
            }
            if (root.path("schema").asInt() != ThroughputReport.SCHEMA || !root.has("workloads")) {
                throw new UserInputException("--from " + from + ": not a bench JSON of schema "
                        + ThroughputReport.SCHEMA + " (expected the output of bench --json)");
            }
        } else {
            root = measure();
        }
        System.out.print(ThroughputReport.table(root));
        System.out.flush();
        if (json != null) {
            ThroughputReport.write(root, json);
        }
        if (markdown != null) {
            Path parent = markdown.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(markdown, ThroughputReport.markdown(root), StandardCharsets.UTF_8);
        }
        return 0;
    }

    private JsonNode measure() throws IOException {
        int threads;
        try {
            threads = ThroughputRun.threads(System.getenv("OMP_NUM_THREADS"));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        try {
            return ThroughputRun.measure(quick, peer, threads, System.err);
        } catch (TorchPeer.UnavailableException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}

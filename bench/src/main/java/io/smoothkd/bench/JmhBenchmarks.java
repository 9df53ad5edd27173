package io.smoothkd.bench;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs the SmoothKD JMH benchmarks ({@link DistillationLossBenchmark}, {@link MutualInformationBenchmark},
 * {@link CalibrationBenchmark}) through the JMH Runner API. Each benchmark runs in forked JVMs started from the
 * current JVM ({@code java.home}) with the current {@code java.class.path} (which must contain this jar and its
 * libraries, and so the generated {@code META-INF/BenchmarkList}). Forks inherit the environment: start the
 * parent with {@code OMP_WAIT_POLICY=PASSIVE} (the {@code ./smoothkd} launcher does) or ND4J runs 2–2.5× slower
 * on small CPUs.
 */
public final class JmhBenchmarks {
    /** The benchmark classes, in report order. */
    public static final List<Class<?>> BENCHMARKS =
            List.of(DistillationLossBenchmark.class, MutualInformationBenchmark.class, CalibrationBenchmark.class);

    /** Heap of each forked JVM: the calibration benchmark holds 1e6×10 logits as float and as double twice. */
    static final String FORK_HEAP = "-Xmx3g";

    private JmhBenchmarks() {
    }

    /** All benchmarks; see {@link #run(boolean, Path, String)}. */
    public static Collection<RunResult> run(boolean quick, Path jsonOut) throws RunnerException {
        return run(quick, jsonOut, null);
    }

    /**
     * @param quick   1 fork, 1 warm-up and 2 measurement iterations of 1 s (about 1–2 min in all); otherwise 2 forks,
     *                3 warm-ups and 5 measurements of 2 s each
     * @param jsonOut where JMH writes its JSON results, or {@code null} for none
     * @param include regular expression on benchmark names ({@code null}: all), e.g. {@code "Calibration"}
     * @return the results (also printed by JMH as a table on stdout)
     */
    public static Collection<RunResult> run(boolean quick, Path jsonOut, String include) throws RunnerException {
        return new Runner(options(quick, jsonOut, include).build()).run();
    }

    static ChainedOptionsBuilder options(boolean quick, Path jsonOut, String include) {
        ChainedOptionsBuilder b = new OptionsBuilder()
                .jvm(Paths.get(System.getProperty("java.home"), "bin", "java").toString())
                .jvmArgsAppend(FORK_HEAP, "-Dorg.bytedeco.javacpp.maxbytes=6G")
                .shouldFailOnError(true);
        if (include == null || include.isBlank()) {
            for (Class<?> c : BENCHMARKS) {
                b.include("^" + Pattern.quote(c.getName()) + "\\.");
            }
        } else {
            b.include(include);
        }
        if (quick) {
            b.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(2).measurementTime(TimeValue.seconds(1));
        } else {
            b.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        if (jsonOut != null) {
            Path parent = jsonOut.toAbsolutePath().getParent();
            if (parent != null) {
                parent.toFile().mkdirs();
            }
            b.resultFormat(ResultFormatType.JSON).result(jsonOut.toString());
        }
        return b;
    }

    /**
     * {@code java -cp smoothkd.jar:lib/* io.smoothkd.bench.JmhBenchmarks [--quick] [--json F]
     * [--include REGEX]}; the CLI's {@code bench --jmh} calls {@link #run} instead.
     */
    public static void main(String[] args) throws RunnerException {
        boolean quick = false;
        Path json = null;
        String include = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--json" -> json = Paths.get(args[++i]);
                case "--include" -> include = args[++i];
                default -> {
                    System.err.println("unknown argument " + args[i]
                            + "; expected [--quick] [--json FILE] [--include REGEX]");
                    System.exit(2);
                }
            }
        }
        run(quick, json, include);
    }
}

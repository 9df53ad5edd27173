package io.smoothkd.bench;

import io.smoothkd.core.information.LogitDifferenceMutualInformation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * {@link LogitDifferenceMutualInformation#estimate(INDArray)} on N examples × L = 5 augmented values of one logit
 * difference (the paper's setting: N = 600 examples of two classes, L augmentations each), at N = 600 and at
 * N = 10 000. Two data shapes:
 * <ul>
 *   <li>{@code clusters}: example means ±3 (two classes) plus a per-example spread (std 1), within-example
 *   noise std 0.5 — what a trained network produces;</li>
 *   <li>{@code overlap}: all example means within a std of 0.1 of 0, noise std 0.5 — every mean is within the
 *   log-sum-exp cutoff of every value, so the estimator does its full O(N²·L) work (the worst case).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MutualInformationBenchmark {
    /** Augmented values per example. */
    static final int L = 5;

    @Param({"600", "10000"})
    public int examples;

    @Param({"clusters", "overlap"})
    public String data;

    private INDArray samples;

    @Setup
    public void setUp() {
        samples = Nd4j.createFromArray(samples(examples, L, data, 42L)).reshape(examples, L);
    }

    /** Row-major {@code n·l} samples of the named shape ({@code clusters} or {@code overlap}). */
    static double[] samples(int n, int l, String shape, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] y = new double[n * l];
        for (int x = 0; x < n; x++) {
            double mean = switch (shape) {
                case "clusters" -> (x % 2 == 0 ? 3.0 : -3.0) + gaussian(rnd);
                case "overlap" -> 0.1 * gaussian(rnd);
                default -> throw new IllegalArgumentException("unknown data shape " + shape);
            };
            for (int j = 0; j < l; j++) {
                y[x * l + j] = mean + 0.5 * gaussian(rnd);
            }
        }
        return y;
    }

    /** Standard normal deviate (Java 17's {@code RandomGenerator.nextGaussian}). */
    static double gaussian(SplittableRandom rnd) {
        return rnd.nextGaussian();
    }

    @Benchmark
    public LogitDifferenceMutualInformation.Estimate estimate() {
        return LogitDifferenceMutualInformation.estimate(samples);
    }
}

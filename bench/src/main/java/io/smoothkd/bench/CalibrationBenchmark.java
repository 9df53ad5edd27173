package io.smoothkd.bench;

import io.smoothkd.core.calibration.CalibrationSummary;
import io.smoothkd.core.calibration.ClassificationLogits;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Every calibration number ({@link CalibrationSummary}: accuracy, ECE/MCE with 15 bins, NLL, Brier, the fitted
 * temperature and the metrics after scaling) of 1 000 000 × 10 float32 logits, as {@code ./smoothkd calibration}
 * computes them: {@code full} includes the conversion from the INDArray (validation + copy to double),
 * {@code summaryOnly} starts from the already converted logits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CalibrationBenchmark {
    static final int N = 1_000_000;
    static final int K = 10;
    static final int BINS = 15;

    private INDArray logits;
    private int[] labels;
    private ClassificationLogits converted;

    @Setup
    public void setUp() {
        // Over-confident classifier, ~70 % accurate: the true class gets a boost of 4 most of the time.
        SplittableRandom rnd = new SplittableRandom(7);
        float[] z = new float[N * K];
        labels = new int[N];
        for (int i = 0; i < N; i++) {
            for (int c = 0; c < K; c++) {
                z[i * K + c] = (float) (2.0 * MutualInformationBenchmark.gaussian(rnd));
            }
            labels[i] = rnd.nextInt(K);
            if (rnd.nextDouble() < 0.7) {
                z[i * K + labels[i]] += 4.0f;
            }
        }
        logits = Nd4j.createFromArray(z).reshape(N, K);
        converted = ClassificationLogits.of(logits, labels);
    }

    @Benchmark
    public CalibrationSummary full() {
        return CalibrationSummary.of(ClassificationLogits.of(logits, labels), BINS);
    }

    @Benchmark
    public CalibrationSummary summaryOnly() {
        return CalibrationSummary.of(converted, BINS);
    }
}

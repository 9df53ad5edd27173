package io.smoothkd.bench;

import io.smoothkd.core.loss.DistillationLoss;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One forward+backward of {@link DistillationLoss} ({@code computeGradientAndScore}) on a minibatch of n = 512
 * float32 student logits, for K = 10 (CIFAR-10 sized) and K = 1000 (ImageNet sized) classes; as a baseline, DL4J's
 * own softmax cross-entropy ({@code LossMCXENT} with the softmax activation) on the same logits and hard targets.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DistillationLossBenchmark {
    /** Minibatch size. */
    static final int N = 512;

    @Param({"10", "1000"})
    public int classes;

    private final DistillationLoss loss = new DistillationLoss(4.0, 0.6);
    private final ActivationIdentity identity = new ActivationIdentity();
    private final LossMCXENT mcxent = new LossMCXENT();
    private final ActivationSoftmax softmax = new ActivationSoftmax();
    private INDArray hard;
    private INDArray labels;
    private INDArray preOutput;

    @Setup
    public void setUp() {
        Nd4j.getRandom().setSeed(42);
        hard = Nd4j.zeros(DataType.FLOAT, N, classes);
        for (int i = 0; i < N; i++) {
            hard.putScalar(i, i % classes, 1.0);
        }
        INDArray teacher = Nd4j.randn(DataType.FLOAT, N, classes).muli(3.0);
        labels = DistillationLoss.packLabels(hard, teacher);
        preOutput = Nd4j.randn(DataType.FLOAT, N, classes).muli(3.0);
    }

    @Benchmark
    public Pair<Double, INDArray> computeGradientAndScore() {
        return loss.computeGradientAndScore(labels, preOutput, identity, null, true);
    }

    @Benchmark
    public Pair<Double, INDArray> mcxentBaseline() {
        return mcxent.computeGradientAndScore(hard, preOutput, softmax, null, true);
    }
}

package io.smoothkd.core.loss;

import io.smoothkd.core.targets.LabelSmoothing;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * DistillationLoss against an independent reference: a naive per-example double loop of the paper's formula,
 * central finite differences of that reference for the gradient, LossMCXENT for β = 0, and DL4J's
 * GradientCheckUtil on a tiny network.
 */
class DistillationLossTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Naive reference: log-sum-exp by hand, one example. */
    static double reference(double[] y, double[] t, double[] z, double temperature, double beta, boolean scaled) {
        int k = z.length;
        double[] zT = new double[k];
        double[] tT = new double[k];
        for (int i = 0; i < k; i++) {
            zT[i] = z[i] / temperature;
            tT[i] = t[i] / temperature;
        }
        double lseZ = lse(z);
        double lseZT = lse(zT);
        double lseTT = lse(tT);
        double hard = 0;
        double soft = 0;
        for (int i = 0; i < k; i++) {
            hard -= y[i] * (z[i] - lseZ);
            soft -= Math.exp(tT[i] - lseTT) * (zT[i] - lseZT);
        }
        double c = scaled ? temperature * temperature : 1.0;
        return (1 - beta) * hard + beta * c * soft;
    }

    static double lse(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - m);
        }
        return m + Math.log(s);
    }

    static double[][] random(Random r, int n, int k, double scale) {
        double[][] a = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                a[i][j] = r.nextGaussian() * scale;
            }
        }
        return a;
    }

    static double[][] smoothedTargets(Random r, int n, int k, double alpha) {
        double[][] y = new double[n][k];
        for (int i = 0; i < n; i++) {
            int cls = r.nextInt(k);
            for (int j = 0; j < k; j++) {
                y[i][j] = (j == cls ? 1 - alpha : 0) + alpha / k;
            }
        }
        return y;
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (int n : new int[] {1, 3, 7}) {
            for (int k : new int[] {2, 5, 10}) {
                for (double temperature : new double[] {0.5, 1, 4}) {
                    for (double beta : new double[] {0, 0.3, 0.6, 1}) {
                        for (boolean scaled : new boolean[] {false, true}) {
                            b.add(Arguments.of(n, k, temperature, beta, scaled));
                        }
                    }
                }
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "n={0} K={1} T={2} beta={3} scaled={4}")
    @MethodSource("cases")
    void scoreAndGradientMatchNaiveReferenceAndFiniteDifferences(int n, int k, double temperature, double beta,
                                                                 boolean scaled) {
        Random r = new Random(31L * n + 7L * k + (long) (temperature * 10) + (long) (beta * 100) + (scaled ? 1 : 0));
        double[][] y = smoothedTargets(r, n, k, 0.1);
        double[][] t = random(r, n, k, 3);
        double[][] z = random(r, n, k, 3);
        DistillationLoss loss = new DistillationLoss(temperature, beta, scaled);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        INDArray pre = Nd4j.create(z);

        INDArray scores = loss.computeScoreArray(labels, pre, new ActivationIdentity(), null);
        assertThat(scores.shape()).containsExactly(n, 1);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double ref = reference(y[i], t[i], z[i], temperature, beta, scaled);
            sum += ref;
            assertThat(scores.getDouble(i, 0)).isCloseTo(ref, within(1e-10 * (1 + Math.abs(ref))));
        }
        assertThat(loss.computeScore(labels, pre, new ActivationIdentity(), null, false))
                .isCloseTo(sum, within(1e-9 * (1 + Math.abs(sum))));
        assertThat(loss.computeScore(labels, pre, new ActivationIdentity(), null, true))
                .isCloseTo(sum / n, within(1e-9 * (1 + Math.abs(sum))));

        INDArray grad = loss.computeGradient(labels, pre, new ActivationIdentity(), null);
        double h = 1e-6;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double[] zp = z[i].clone();
                double[] zm = z[i].clone();
                zp[j] += h;
                zm[j] -= h;
                double fd = (reference(y[i], t[i], zp, temperature, beta, scaled)
                        - reference(y[i], t[i], zm, temperature, beta, scaled)) / (2 * h);
                assertThat(grad.getDouble(i, j)).isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
            }
        }
        var both = loss.computeGradientAndScore(labels, pre, new ActivationIdentity(), null, true);
        assertThat(both.getFirst()).isCloseTo(sum / n, within(1e-9 * (1 + Math.abs(sum))));
        assertThat(both.getSecond().equalsWithEps(grad, 1e-12)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.3})
    void betaZeroEqualsLossMcxentOnTheSameSoftTargets(double alpha) {
        Random r = new Random(5);
        int n = 6;
        int k = 7;
        INDArray y = Nd4j.create(smoothedTargets(r, n, k, alpha));
        INDArray pre = Nd4j.create(random(r, n, k, 2));
        INDArray teacher = Nd4j.create(random(r, n, k, 2));
        DistillationLoss ours = new DistillationLoss(3.0, 0.0);
        LossMCXENT mcxent = new LossMCXENT();
        INDArray labels = DistillationLoss.packLabels(y, teacher);
        assertThat(ours.computeScore(labels, pre, new ActivationIdentity(), null, true))
                .isCloseTo(mcxent.computeScore(y, pre, new ActivationSoftmax(), null, true), within(1e-9));
        INDArray expected = mcxent.computeScoreArray(y, pre, new ActivationSoftmax(), null);
        assertThat(ours.computeScoreArray(labels, pre, new ActivationIdentity(), null).equalsWithEps(expected, 1e-9))
                .isTrue();
        INDArray g = mcxent.computeGradient(y, pre, new ActivationSoftmax(), null);
        assertThat(ours.computeGradient(labels, pre, new ActivationIdentity(), null).equalsWithEps(g, 1e-9)).isTrue();
    }

    @Test
    void perExampleMaskZeroesScoreAndGradientOfMaskedRows() {
        Random r = new Random(11);
        int n = 4;
        int k = 3;
        double[][] y = smoothedTargets(r, n, k, 0);
        double[][] t = random(r, n, k, 2);
        double[][] z = random(r, n, k, 2);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        INDArray mask = Nd4j.create(new double[][] {{1}, {0}, {1}, {0}});
        DistillationLoss loss = new DistillationLoss(2, 0.5, true);
        INDArray scores = loss.computeScoreArray(labels, Nd4j.create(z), new ActivationIdentity(), mask);
        INDArray grad = loss.computeGradient(labels, Nd4j.create(z), new ActivationIdentity(), mask);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double ref = mask.getDouble(i, 0) * reference(y[i], t[i], z[i], 2, 0.5, true);
            sum += ref;
            assertThat(scores.getDouble(i, 0)).isCloseTo(ref, within(1e-10));
            if (mask.getDouble(i, 0) == 0) {
                assertThat(grad.getRow(i).sumNumber().doubleValue()).isEqualTo(0.0);
                assertThat(grad.getRow(i).norm2Number().doubleValue()).isEqualTo(0.0);
            }
        }
        // DL4J convention (as LossMCXENT): average divides by all rows, masked ones included
        assertThat(loss.computeScore(labels, Nd4j.create(z), new ActivationIdentity(), mask, true))
                .isCloseTo(sum / n, within(1e-10));
    }

    /** Reference score of a whole batch after an element-wise activation: sum of {@link #reference} rows. */
    static double referenceSum(double[][] y, double[][] t, double[][] pre, java.util.function.DoubleUnaryOperator act,
                               double temperature, double beta, boolean scaled) {
        double sum = 0;
        for (int i = 0; i < pre.length; i++) {
            double[] z = new double[pre[i].length];
            for (int j = 0; j < z.length; j++) {
                z[j] = act.applyAsDouble(pre[i][j]);
            }
            sum += reference(y[i], t[i], z, temperature, beta, scaled);
        }
        return sum;
    }

    @Test
    void nonIdentityActivationChainsTheGradientThroughIt() {
        Random r = new Random(21);
        int n = 3;
        int k = 4;
        double[][] y = smoothedTargets(r, n, k, 0.1);
        double[][] t = random(r, n, k, 2);
        double[][] pre = random(r, n, k, 1);
        DistillationLoss loss = new DistillationLoss(3, 0.7, true);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        org.nd4j.linalg.activations.IActivation tanh = Activation.TANH.getActivationFunction();
        double score = loss.computeScore(labels, Nd4j.create(pre), tanh, null, false);
        assertThat(score).isCloseTo(referenceSum(y, t, pre, Math::tanh, 3, 0.7, true), within(1e-10));
        INDArray grad = loss.computeGradient(labels, Nd4j.create(pre), tanh, null);
        double h = 1e-6;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double keep = pre[i][j];
                pre[i][j] = keep + h;
                double up = referenceSum(y, t, pre, Math::tanh, 3, 0.7, true);
                pre[i][j] = keep - h;
                double down = referenceSum(y, t, pre, Math::tanh, 3, 0.7, true);
                pre[i][j] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(grad.getDouble(i, j)).isCloseTo(fd, within(1e-6 * (1 + Math.abs(fd))));
            }
        }
    }

    @Test
    void viewsAndColumnMajorInputsGiveTheSameResultAsContiguousOnes() {
        Random r = new Random(22);
        int n = 5;
        int k = 3;
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(smoothedTargets(r, n, k, 0.1)),
                Nd4j.create(random(r, n, k, 2)));
        INDArray z = Nd4j.create(random(r, n, k, 2));
        DistillationLoss loss = new DistillationLoss(2, 0.5);
        INDArray g = loss.computeGradient(labels, z, new ActivationIdentity(), null);
        INDArray s = loss.computeScoreArray(labels, z, new ActivationIdentity(), null);
        // z as a column-major copy, and as a view into a wider array; labels column-major
        INDArray wide = Nd4j.zeros(DataType.DOUBLE, n + 2, k + 3);
        INDArray zView = wide.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, n + 1),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, k + 2)).assign(z);
        for (INDArray zz : new INDArray[] {z.dup('f'), zView}) {
            for (INDArray ll : new INDArray[] {labels, labels.dup('f')}) {
                assertThat(loss.computeGradient(ll, zz, new ActivationIdentity(), null).equalsWithEps(g, 1e-14))
                        .isTrue();
                assertThat(loss.computeScoreArray(ll, zz, new ActivationIdentity(), null).equalsWithEps(s, 1e-14))
                        .isTrue();
            }
        }
        // nothing is remembered between calls: interleaving two batches in any order changes no result
        INDArray labels2 = DistillationLoss.packLabels(Nd4j.create(smoothedTargets(r, n, k, 0)),
                Nd4j.create(random(r, n, k, 2)));
        INDArray g2 = loss.computeGradient(labels2, z, new ActivationIdentity(), null);
        double s1 = loss.computeScore(labels, z, new ActivationIdentity(), null, true);
        assertThat(loss.computeGradient(labels, z, new ActivationIdentity(), null).equalsWithEps(g, 0)).isTrue();
        assertThat(loss.computeScore(labels2, z, new ActivationIdentity(), null, true)).isNotEqualTo(s1);
        assertThat(loss.computeGradient(labels2, z, new ActivationIdentity(), null).equalsWithEps(g2, 0)).isTrue();
        assertThat(s1).isCloseTo(s.sumNumber().doubleValue() / n, within(1e-12));
    }

    @Test
    void perOutputMaskMultipliesTermsAndGradientElementwise() {
        Random r = new Random(12);
        INDArray y = Nd4j.create(smoothedTargets(r, 3, 4, 0.2));
        INDArray t = Nd4j.create(random(r, 3, 4, 1));
        INDArray z = Nd4j.create(random(r, 3, 4, 1));
        INDArray mask = Nd4j.create(new double[][] {{1, 1, 1, 1}, {1, 0, 1, 0}, {0, 0, 0, 0}});
        DistillationLoss loss = new DistillationLoss(2, 0.4);
        INDArray labels = DistillationLoss.packLabels(y, t);
        INDArray full = loss.computeGradient(labels, z, new ActivationIdentity(), null);
        INDArray masked = loss.computeGradient(labels, z, new ActivationIdentity(), mask);
        assertThat(masked.equalsWithEps(full.mul(mask), 1e-12)).isTrue();
        assertThat(loss.computeScoreArray(labels, z, new ActivationIdentity(), mask).getDouble(2, 0)).isEqualTo(0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"FLOAT", "DOUBLE"})
    void stableForLogitsOfMagnitude1e4(String typeName) {
        DataType type = DataType.valueOf(typeName);
        double[][] z = {{1e4, -1e4, 0.5e4}, {-1e4, -1e4, 1e4}};
        double[][] t = {{-1e4, 1e4, 0}, {2e4, 0, -2e4}};
        double[][] y = {{0, 1, 0}, {1, 0, 0}};
        DistillationLoss loss = new DistillationLoss(4, 0.6, true);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y).castTo(type), Nd4j.create(t).castTo(type));
        INDArray pre = Nd4j.create(z).castTo(type);
        INDArray s = loss.computeScoreArray(labels, pre, new ActivationIdentity(), null);
        INDArray g = loss.computeGradient(labels, pre, new ActivationIdentity(), null);
        assertThat(s.dataType()).isEqualTo(type);
        for (int i = 0; i < 2; i++) {
            double ref = reference(y[i], t[i], z[i], 4, 0.6, true);
            assertThat(s.getDouble(i, 0)).isCloseTo(ref, within(1e-5 * Math.abs(ref)));
        }
        assertThat(g.isInfinite().any() || g.isNaN().any()).isFalse();
        // gradient rows of a softmax cross-entropy sum to zero and are bounded by (1−β)+β·c/T per entry
        for (int i = 0; i < 2; i++) {
            assertThat(g.getRow(i).sumNumber().doubleValue()).isCloseTo(0.0, within(1e-3));
        }
    }

    @Test
    void rejectsBadArgumentsAndShapesWithClearMessages() {
        assertThatThrownBy(() -> new DistillationLoss(0, 0.5)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new DistillationLoss(-1, 0.5)).hasMessageContaining("temperature");
        assertThatThrownBy(() -> new DistillationLoss(1, 1.5)).hasMessageContaining("beta");
        assertThatThrownBy(() -> new DistillationLoss(1, Double.NaN)).hasMessageContaining("beta");
        DistillationLoss loss = new DistillationLoss(2, 0.5);
        assertThatThrownBy(() -> loss.computeScore(Nd4j.zeros(3, 5), Nd4j.zeros(3, 3), new ActivationIdentity(),
                null, true)).hasMessageContaining("[3, 5]").hasMessageContaining("[3, 3]");
        assertThatThrownBy(() -> DistillationLoss.packLabels(Nd4j.zeros(2, 3), Nd4j.zeros(2, 4)))
                .hasMessageContaining("[2, 3]").hasMessageContaining("[2, 4]");
    }

    @Test
    void equalsAndHashCode() {
        assertThat(new DistillationLoss(2, 0.5)).isEqualTo(new DistillationLoss(2, 0.5, false));
        assertThat(new DistillationLoss(2, 0.5).hashCode()).isEqualTo(new DistillationLoss(2, 0.5, false).hashCode());
        assertThat(new DistillationLoss(2, 0.5)).isNotEqualTo(new DistillationLoss(2, 0.5, true));
        assertThat(new DistillationLoss(2, 0.5)).isNotEqualTo(new DistillationLoss(3, 0.5));
        assertThat(new DistillationLoss(2, 0.5)).isNotEqualTo(new DistillationLoss(2, 0.6));
    }

    static MultiLayerConfiguration tinyNet(DistillationLoss loss, int nIn, int hidden, int k, boolean train) {
        return new NeuralNetConfiguration.Builder()
                .seed(42)
                .dataType(DataType.DOUBLE)
                .updater(train ? new Adam(0.01) : new NoOp())
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(nIn).nOut(hidden).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder().nIn(hidden).nOut(k).activation(Activation.IDENTITY).lossFunction(loss)
                        .build())
                .build();
    }

    @Test
    void jsonRoundTripInsideMultiLayerConfiguration() {
        DistillationLoss loss = new DistillationLoss(4, 0.6, true);
        MultiLayerConfiguration conf = tinyNet(loss, 4, 5, 3, true);
        String json = conf.toJson();
        assertThat(json).contains("DistillationLoss");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        OutputLayer out = (OutputLayer) back.getConf(1).getLayer();
        assertThat(out.getLossFn()).isEqualTo(loss);
        assertThat(MultiLayerConfiguration.fromYaml(conf.toYaml())).isEqualTo(conf);
    }

    @ParameterizedTest(name = "minibatch={0} scaled={1} masked={2}")
    @MethodSource("gradientCheckCases")
    void gradientCheckOnTinyNetwork(int minibatch, boolean scaled, boolean masked) {
        Random r = new Random(minibatch * 13L + (scaled ? 1 : 0));
        int nIn = 4;
        int k = 3;
        DistillationLoss loss = new DistillationLoss(2.5, 0.6, scaled);
        MultiLayerNetwork net = new MultiLayerNetwork(tinyNet(loss, nIn, 5, k, false));
        net.init();
        INDArray input = Nd4j.create(random(r, minibatch, nIn, 1));
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(smoothedTargets(r, minibatch, k, 0.1)),
                Nd4j.create(random(r, minibatch, k, 2)));
        INDArray mask = null;
        if (masked) {
            mask = Nd4j.ones(DataType.DOUBLE, minibatch, 1);
            mask.putScalar(0, 0, 0.0);
        }
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(input)
                .labels(labels).labelMask(mask).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
        assertThat(ok).isTrue();
    }

    static Stream<Arguments> gradientCheckCases() {
        return Stream.of(Arguments.of(1, false, false), Arguments.of(3, false, false), Arguments.of(3, true, false),
                Arguments.of(3, true, true));
    }

    @Test
    void trainedNetworkRoundTripsThroughModelSerializer(@TempDir Path dir) throws Exception {
        Random r = new Random(3);
        DistillationLoss loss = new DistillationLoss(4, 0.6);
        MultiLayerNetwork net = new MultiLayerNetwork(tinyNet(loss, 4, 8, 3, true));
        net.init();
        INDArray x = Nd4j.create(random(r, 32, 4, 1));
        INDArray labels = DistillationLoss.packLabels(LabelSmoothing.smooth(
                LabelSmoothing.oneHot(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).argMax(1).toIntVector(), 3, DataType.DOUBLE), 0.0),
                Nd4j.create(random(r, 32, 3, 2)));
        net.setInput(x);
        net.setLabels(labels);
        net.computeGradientAndScore();
        double before = net.score();
        for (int i = 0; i < 50; i++) {
            net.fit(x, labels);
        }
        net.setInput(x);
        net.setLabels(labels);
        net.computeGradientAndScore();
        assertThat(net.score()).isLessThan(before);

        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(back.params().equalsWithEps(net.params(), 0)).isTrue();
        assertThat(back.output(x).equalsWithEps(net.output(x), 1e-12)).isTrue();
        assertThat(((OutputLayer) back.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn()).isEqualTo(loss);
        back.fit(x, labels); // the updater state came back too
    }
}

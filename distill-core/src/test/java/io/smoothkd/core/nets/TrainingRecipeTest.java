package io.smoothkd.core.nets;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.schedule.ISchedule;

import java.io.File;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The training-recipe options: learning-rate schedules against their closed forms (also as DL4J applies them
 * during training, and across a save/restore), the max-norm constraint on every unit's incoming weights after
 * training steps, and decoupled weight decay against the closed-form difference to a plain run.
 */
class TrainingRecipeTest {

    /** Independent closed form of warm-up + cosine, written out from the definition. */
    private static double cosine(double lr, int w, int t, int i) {
        if (i < w) {
            return lr * (i + 1) / w;
        }
        if (i >= t) {
            return 0;
        }
        return lr / 2 * (1 + Math.cos(Math.PI * (i - w) / (t - w)));
    }

    @Test
    void cosineWithWarmupFollowsItsClosedForm() {
        // 10 epochs of 7 steps, 2 epochs of warm-up: W = 14, T = 70.
        LearningRateSchedule s = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 2, 10, 7);
        ISchedule lr = s.of(0.01, 0.5);
        assertThat(s.warmupIterations()).isEqualTo(14);
        assertThat(s.totalIterations()).isEqualTo(70);
        assertThat(lr.valueAt(0, 0)).isCloseTo(0.01 / 14, within(1e-15));
        assertThat(lr.valueAt(6, 0)).isCloseTo(0.01 * 7 / 14, within(1e-15));
        assertThat(lr.valueAt(13, 1)).isCloseTo(0.01, within(1e-15));
        assertThat(lr.valueAt(14, 2)).isCloseTo(0.01, within(1e-15));
        // a quarter of the way down: (1 + cos(π/4)) / 2 = 1/2 + √2/4; half-way: exactly 1/2
        assertThat(lr.valueAt(28, 4)).isCloseTo(0.01 * (0.5 + Math.sqrt(2) / 4), within(1e-15));
        assertThat(lr.valueAt(42, 6)).isCloseTo(0.005, within(1e-15));
        assertThat(lr.valueAt(69, 9)).isCloseTo(0.01 * (1 - Math.cos(Math.PI / 56)) / 2, within(1e-15))
                .isLessThan(1e-5);
        assertThat(lr.valueAt(70, 10)).isZero();
        assertThat(lr.valueAt(500, 10)).isZero();
        for (int i = 0; i < 80; i++) {
            assertThat(lr.valueAt(i, i / 7)).as("iteration %d", i).isCloseTo(cosine(0.01, 14, 70, i), within(1e-15));
        }
        // without warm-up it starts at the peak
        ISchedule cold = new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0, 4, 5).of(0.002, 1);
        assertThat(cold.valueAt(0, 0)).isCloseTo(0.002, within(1e-15));
        assertThat(cold.valueAt(10, 2)).isCloseTo(0.001, within(1e-15));
        // a fractional warm-up rounds to whole steps: 0.5 epoch of 7 steps = 4 steps
        assertThat(new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 0.5, 3, 7).warmupIterations())
                .isEqualTo(4);
    }

    @Test
    void exponentialAndConstantSchedules() {
        ISchedule exp = LearningRateSchedule.exponential().of(0.01, 0.9);
        assertThat(exp.valueAt(0, 0)).isCloseTo(0.01, within(1e-15));
        assertThat(exp.valueAt(999, 3)).isCloseTo(0.01 * 0.9 * 0.9 * 0.9, within(1e-15));
        ISchedule constant = new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0, 5, 3).of(0.003, 0.5);
        assertThat(constant.valueAt(0, 0)).isEqualTo(0.003);
        assertThat(constant.valueAt(14, 4)).isEqualTo(0.003);
    }

    @Test
    void scheduleArgumentsAreChecked() {
        assertThatThrownBy(() -> new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 3, 3, 10))
                .hasMessageContaining("warmupEpochs must be in [0, 3)");
        assertThatThrownBy(() -> new LearningRateSchedule(LearningRateSchedule.Kind.EXPONENTIAL, 1, 3, 10))
                .hasMessageContaining("cosine schedule only");
        assertThatThrownBy(() -> LearningRateSchedule.Kind.parse("onecycle"))
                .hasMessage("unknown learning-rate schedule 'onecycle', expected one of constant, exponential, cosine");
        assertThatThrownBy(() -> new WarmupCosineSchedule(0.1, 0, 5, 5)).isInstanceOf(IllegalArgumentException.class);
    }

    private static DataSet batch(long seed, int n, int features, int classes) {
        Random r = new Random(seed);
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        float[] y = new float[n * classes];
        for (int i = 0; i < n; i++) {
            y[i * classes + r.nextInt(classes)] = 1f;
        }
        return new DataSet(Nd4j.create(x, new long[] {n, features}, DataType.FLOAT),
                Nd4j.create(y, new long[] {n, classes}, DataType.FLOAT));
    }

    @Test
    void theCosineScheduleIsWhatAdamUsesDuringTrainingAndAfterARestore(@TempDir Path dir) throws Exception {
        // 3 epochs of 4 steps, 1 epoch of warm-up
        NetworkOptions o = NetworkOptions.defaults(3).withLearningRate(0.02, 1)
                .withSchedule(new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, 1, 3, 4));
        MultiLayerNetwork net = Networks.build(NetSpec.parse("16-8-3"), 1, 4, 4, 3, o, Networks.labelHead());
        DataSet data = batch(1, 8, 16, 3);
        for (int i = 0; i < 6; i++) {
            assertThat(net.getLearningRate(0)).as("before step %d", i).isCloseTo(cosine(0.02, 4, 12, i),
                    within(1e-12));
            net.fit(data);
        }
        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = FastLayers.of(ModelSerializer.restoreMultiLayerNetwork(file, true));
        assertThat(restored.getLayerWiseConfigurations()).isEqualTo(net.getLayerWiseConfigurations());
        for (int i = 6; i < 12; i++) {
            assertThat(restored.getLearningRate(1)).as("after restore, before step %d", i)
                    .isCloseTo(cosine(0.02, 4, 12, i), within(1e-12));
            restored.fit(data);
        }
        MultiLayerConfiguration json = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertThat(json).isEqualTo(net.getLayerWiseConfigurations());
    }

    /** Largest L2 norm of a unit's incoming weights: dense [nIn, nOut] columns; convolution [nOut, ...] filters. */
    private static double largestIncomingNorm(MultiLayerNetwork net) {
        double max = 0;
        for (int l = 0; l < net.getnLayers(); l++) {
            INDArray w = net.getLayer(l).getParam("W");
            if (w == null) {
                continue;
            }
            double[] v = w.castTo(DataType.DOUBLE).dup('c').data().asDouble();
            long[] shape = w.shape();
            if (shape.length == 2) { // [nIn, nOut], c order: v[i * nOut + j]
                for (int j = 0; j < shape[1]; j++) {
                    double s = 0;
                    for (int i = 0; i < shape[0]; i++) {
                        s += v[(int) (i * shape[1] + j)] * v[(int) (i * shape[1] + j)];
                    }
                    max = Math.max(max, Math.sqrt(s));
                }
            } else { // [nOut, nIn, kH, kW]: each filter is a contiguous block of nIn·kH·kW values
                int block = v.length / (int) shape[0];
                for (int f = 0; f < shape[0]; f++) {
                    double s = 0;
                    for (int k = 0; k < block; k++) {
                        s += v[f * block + k] * v[f * block + k];
                    }
                    max = Math.max(max, Math.sqrt(s));
                }
            }
        }
        return max;
    }

    private static double trainedLargestNorm(String spec, int c, int h, int w, double maxNorm) {
        NetworkOptions o = NetworkOptions.defaults(5).withLearningRate(0.05, 1).withRegularisation(0, maxNorm);
        MultiLayerNetwork net = Networks.build(NetSpec.parse(spec), c, h, w, 3, o, Networks.labelHead());
        for (int i = 0; i < 25; i++) {
            net.fit(batch(i, 16, c * h * w, 3));
        }
        return largestIncomingNorm(net);
    }

    @Test
    void maxNormBoundsEveryUnitsIncomingWeightsAfterTraining() {
        double bound = 0.6;
        // without the constraint, training with a large rate takes some unit past the bound (so the check can fail)
        assertThat(trainedLargestNorm("16-12-3", 1, 4, 4, 0)).isGreaterThan(bound * 1.5);
        assertThat(trainedLargestNorm("16-12-3", 1, 4, 4, bound)).isLessThanOrEqualTo(bound + 1e-5)
                .isGreaterThan(bound * 0.9);
        assertThat(trainedLargestNorm("cnn:2-3-6", 1, 8, 8, 0)).isGreaterThan(bound * 1.5);
        assertThat(trainedLargestNorm("cnn:2-3-6", 1, 8, 8, bound)).isLessThanOrEqualTo(bound + 1e-5);
    }

    @Test
    void weightDecayIsTheDecoupledClosedFormUpdate() {
        double lr = 0.01;
        double lambda = 0.2;
        NetworkOptions plainOptions = NetworkOptions.defaults(11).withLearningRate(lr, 1)
                .withSchedule(new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, 0, 1, 1));
        MultiLayerNetwork plain = Networks.build(NetSpec.parse("16-8-3"), 1, 4, 4, 3, plainOptions,
                Networks.labelHead());
        MultiLayerNetwork decayed = Networks.build(NetSpec.parse("16-8-3"), 1, 4, 4, 3,
                plainOptions.withRegularisation(lambda, 0), Networks.labelHead());
        assertThat(decayed.params()).isEqualTo(plain.params());
        INDArray[] before = {plain.getLayer(0).getParam("W").dup(), plain.getLayer(1).getParam("W").dup()};
        INDArray[] biasBefore = {plain.getLayer(0).getParam("b").dup(), plain.getLayer(1).getParam("b").dup()};
        DataSet data = batch(3, 10, 16, 3);
        plain.fit(data);
        decayed.fit(data);
        // AdamW: the same Adam step, then w ← w − lr·λ·w_before (lr of this step); biases are not decayed
        for (int l = 0; l < 2; l++) {
            double[] wb = before[l].castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[] wp = plain.getLayer(l).getParam("W").castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double[] wd = decayed.getLayer(l).getParam("W").castTo(DataType.DOUBLE).dup('c').data().asDouble();
            double largestShift = 0;
            for (int i = 0; i < wb.length; i++) {
                assertThat(wd[i]).as("layer %d weight %d", l, i).isCloseTo(wp[i] - lr * lambda * wb[i], within(2e-7));
                largestShift = Math.max(largestShift, Math.abs(lr * lambda * wb[i]));
            }
            assertThat(largestShift).isGreaterThan(1e-4); // the decay is far above the tolerance
            assertThat(decayed.getLayer(l).getParam("b")).isEqualTo(plain.getLayer(l).getParam("b"));
            assertThat(plain.getLayer(l).getParam("b")).isNotEqualTo(biasBefore[l]);
        }
    }
}

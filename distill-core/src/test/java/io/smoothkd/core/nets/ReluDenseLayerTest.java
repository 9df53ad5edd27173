package io.smoothkd.core.nets;

import io.smoothkd.core.loss.DistillationLoss;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The swapped ReLU dense layers: reusing the forward output in backprop must give bit for bit the gradients and
 * parameters of the same layers recomputing z (the same network built twice from the same seed, dropout drawing
 * from the same seeded stream); and the whole network must agree with plain DL4J (its own layer code) to float
 * rounding.
 */
class ReluDenseLayerTest {

    static MultiLayerNetwork plain(NetSpec spec, int c, int h, int w, NetworkOptions o, Networks.Head head) {
        MultiLayerNetwork net = new MultiLayerNetwork(Networks.configuration(spec, c, h, w, 10, o, head));
        net.init();
        return net;
    }

    static DataSet batch(Random r, int n, int features, boolean distillation) {
        float[] x = new float[n * features];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat() < 0.3f ? 0f : r.nextFloat();
        }
        float[] y = new float[n * 10];
        for (int i = 0; i < n; i++) {
            y[i * 10 + r.nextInt(10)] = 1f;
        }
        INDArray labels = Nd4j.create(y, new long[] {n, 10}, DataType.FLOAT);
        if (distillation) {
            labels = DistillationLoss.packLabels(labels, Nd4j.randn(DataType.FLOAT, n, 10).muli(3));
        }
        return new DataSet(Nd4j.create(x, new long[] {n, features}, DataType.FLOAT), labels);
    }

    private static long swapped(MultiLayerNetwork net) {
        return Arrays.stream(net.getLayers()).filter(l -> l instanceof ReluDenseLayer).count();
    }

    /** Relative L2 difference below {@code relative}. */
    static void assertClose(INDArray actual, INDArray expected, double relative, String what) {
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double diff = actual.sub(expected).norm2Number().doubleValue();
        assertThat(diff / scale).as(what + ": relative difference").isLessThan(relative);
    }

    private static MultiLayerNetwork recomputing(MultiLayerNetwork net) {
        for (Layer l : net.getLayers()) {
            if (l instanceof ReluDenseLayer d) {
                d.reuseForwardOutput = false;
            }
        }
        return net;
    }

    /** Bit-for-bit equality of two float arrays (INDArray.equals allows a tolerance). */
    private static void assertSameBits(INDArray actual, INDArray expected, String what) {
        assertThat(actual.shape()).isEqualTo(expected.shape());
        assertThat(actual.dup('c').data().asFloat()).as(what).containsExactly(expected.dup('c').data().asFloat());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"mlp", "mlp-dropout", "mlp-distillation"})
    void gradientsAndTrainedParametersAreThoseOfPlainDl4j(String variant) {
        NetSpec spec = NetSpec.parse("64-32-24-10");
        NetworkOptions options = NetworkOptions.defaults(5);
        if (variant.endsWith("dropout")) {
            options = options.withDropout(0.8, 0.5);
        }
        Networks.Head head = variant.endsWith("distillation")
                ? Networks.distillationHead(new DistillationLoss(3, 0.5)) : Networks.labelHead();
        MultiLayerNetwork fast = Networks.buildFast(spec, 1, 8, 8, 10, options, head);
        MultiLayerNetwork reference = recomputing(Networks.buildFast(spec, 1, 8, 8, 10, options, head));
        MultiLayerNetwork dl4j = plain(spec, 1, 8, 8, options, head);
        assertThat(swapped(fast)).isEqualTo(2);
        assertThat(swapped(dl4j)).isZero();
        assertThat(fast.params()).isEqualTo(dl4j.params());
        assertThat(fast.params()).isEqualTo(reference.params());

        Random r = new Random(3);
        for (int step = 0; step < 6; step++) {
            DataSet ds = batch(r, 16, 64, variant.endsWith("distillation"));
            Nd4j.getRandom().setSeed(100 + step);
            fast.setInput(ds.getFeatures());
            fast.setLabels(ds.getLabels());
            FastLayers.fitting(fast, fast::computeGradientAndScore);
            Nd4j.getRandom().setSeed(100 + step);
            reference.setInput(ds.getFeatures());
            reference.setLabels(ds.getLabels());
            reference.computeGradientAndScore();
            assertThat(fast.score()).isEqualTo(reference.score());
            assertSameBits(fast.gradient().gradient(), reference.gradient().gradient(), "gradient");
            Nd4j.getRandom().setSeed(100 + step);
            dl4j.setInput(ds.getFeatures());
            dl4j.setLabels(ds.getLabels());
            dl4j.computeGradientAndScore();
            assertClose(fast.gradient().gradient(), dl4j.gradient().gradient(), 1e-4, "gradient against DL4J");

            Nd4j.getRandom().setSeed(200 + step);
            FastLayers.fitting(fast, () -> fast.fit(ds));
            Nd4j.getRandom().setSeed(200 + step);
            reference.fit(ds);
            assertSameBits(fast.params(), reference.params(), "parameters after step " + step);
            Nd4j.getRandom().setSeed(200 + step);
            dl4j.fit(ds);
            assertClose(fast.params(), dl4j.params(), 1e-4, "parameters against DL4J after step " + step);
        }
        for (Layer l : fast.getLayers()) {
            if (l instanceof ReluDenseLayer d) {
                assertThat(d.reused).as("backprops that reused the forward output").isEqualTo(12);
                assertThat(d.skippedInputGradients).as("layer " + d.getIndex() + ": skipped input gradients")
                        .isEqualTo(d.getIndex() == 0 ? 12 : 0);
            }
        }
        // inference in between (no training-mode forward) and a backprop after it recompute, still equal
        DataSet ds = batch(r, 5, 64, variant.endsWith("distillation"));
        assertSameBits(fast.output(ds.getFeatures()), reference.output(ds.getFeatures()), "output");
        assertClose(fast.output(ds.getFeatures()), dl4j.output(ds.getFeatures()), 1e-5, "output against DL4J");
        Nd4j.getRandom().setSeed(7);
        fast.fit(ds);
        Nd4j.getRandom().setSeed(7);
        reference.fit(ds);
        assertSameBits(fast.params(), reference.params(), "parameters");
    }

    @Test
    void theInputGradientIsSkippedOnlyWhereNobodyReadsIt() {
        NetSpec spec = NetSpec.parse("64-32-24-10");
        NetworkOptions options = NetworkOptions.defaults(9).withDropout(0.8, 0.5);
        MultiLayerNetwork fast = Networks.buildFast(spec, 1, 8, 8, 10, options, Networks.labelHead());
        MultiLayerNetwork dl4j = plain(spec, 1, 8, 8, options, Networks.labelHead());
        ReluDenseLayer first = (ReluDenseLayer) fast.getLayer(0);
        DataSet ds = batch(new Random(11), 12, 64, false);
        // calculateGradients returns the input gradient: computed, and equal to DL4J's
        Nd4j.getRandom().setSeed(5);
        var ours = fast.calculateGradients(ds.getFeatures(), ds.getLabels(), null, null);
        Nd4j.getRandom().setSeed(5);
        var theirs = dl4j.calculateGradients(ds.getFeatures(), ds.getLabels(), null, null);
        assertThat(ours.getSecond()).isNotNull();
        assertThat(ours.getSecond().shape()).isEqualTo(new long[] {12, 64});
        assertClose(ours.getSecond(), theirs.getSecond(), 1e-5, "input gradient against DL4J");
        assertClose(ours.getFirst().gradient(), theirs.getFirst().gradient(), 1e-5, "gradient against DL4J");
        assertThat(first.skippedInputGradients).isZero();
        // and it is the gradient: a central difference on its largest entry. DL4J's gradients are of the batch's summed
        // loss (the updater divides by n), its score is the batch mean: hence the factor n
        MultiLayerNetwork noDropout = Networks.buildFast(spec, 1, 8, 8, 10, NetworkOptions.defaults(9),
                Networks.labelHead());
        INDArray x = ds.getFeatures().dup();
        INDArray g = noDropout.calculateGradients(x, ds.getLabels(), null, null).getSecond();
        long at = Nd4j.argMax(Transforms.abs(g.reshape(g.length()))).getLong(0);
        int row = (int) (at / 64);
        int col = (int) (at % 64);
        double h = 1e-3;
        double x0 = x.getDouble(row, col);
        x.putScalar(row, col, x0 + h);
        double up = noDropout.score(new DataSet(x.dup(), ds.getLabels()), false);
        x.putScalar(row, col, x0 - h);
        double down = noDropout.score(new DataSet(x.dup(), ds.getLabels()), false);
        double numeric = 12 * (up - down) / (2 * h);
        assertThat(g.getDouble(row, col)).isCloseTo(numeric, org.assertj.core.data.Offset.offset(
                0.05 * Math.abs(numeric) + 1e-4));
        // a fit outside FastLayers.fitting computes it (nobody told the layer that nobody reads it) ...
        fast.fit(ds);
        assertThat(first.skippedInputGradients).isZero();
        // ... and inside it, the trainers' path, skips it, leaving the flag as it was afterwards
        FastLayers.fitting(fast, () -> fast.fit(ds));
        assertThat(first.skippedInputGradients).isEqualTo(1);
        assertThat(first.discardInputGradient).isFalse();
        assertThat(((ReluDenseLayer) fast.getLayer(1)).skippedInputGradients).isZero();
        var again = fast.calculateGradients(ds.getFeatures(), ds.getLabels(), null, null);
        assertThat(again.getSecond()).isNotNull();
    }

    @Test
    void onlyPlainReluDenseLayersFollowedByPlainDropoutAreSwapped() {
        // softmax output layer and the label head: the two hidden ReLU layers only
        MultiLayerNetwork net = Networks.buildFast(NetSpec.parse("64-32-24-10"), 1, 8, 8, 10, NetworkOptions.defaults(1),
                Networks.labelHead());
        Layer[] layers = net.getLayers();
        assertThat(layers[0]).isInstanceOf(ReluDenseLayer.class);
        assertThat(layers[1]).isInstanceOf(ReluDenseLayer.class);
        assertThat(layers[2]).isNotInstanceOf(ReluDenseLayer.class);
        // DL4J's own init made them: its layer map holds the fast objects, the configuration stays plain DL4J
        assertThat(net.getLayer(layers[0].conf().getLayer().getLayerName())).isSameAs(layers[0]);
        assertThat(net.getLayer(layers[1].conf().getLayer().getLayerName())).isSameAs(layers[1]);
        assertThat(layers[0].conf().getLayer().getClass()).isEqualTo(org.deeplearning4j.nn.conf.layers.DenseLayer.class);
        MultiLayerNetwork dl4j = plain(NetSpec.parse("64-32-24-10"), 1, 8, 8, NetworkOptions.defaults(1),
                Networks.labelHead());
        assertThat(net.getLayerWiseConfigurations().toJson()).isEqualTo(dl4j.getLayerWiseConfigurations().toJson());
        assertThat(net.params()).isEqualTo(dl4j.params());
        // asking twice changes nothing; a library user's network stays DL4J's unless asked
        assertThat(FastLayers.of(net)).isSameAs(net);
        assertThat(swapped(Networks.build(NetSpec.parse("64-32-24-10"), 1, 8, 8, 10, NetworkOptions.defaults(1),
                Networks.labelHead()))).isZero();
    }

    @Test
    void savedModelIsPlainDl4jAndRestoresToTheSameNetwork(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = Networks.buildFast(NetSpec.parse("64-32-24-10"), 1, 8, 8, 10, NetworkOptions.defaults(2),
                Networks.labelHead());
        net.fit(batch(new Random(1), 8, 64, false));
        File file = dir.resolve("m.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(swapped(back)).isZero();
        assertThat(back.getLayerWiseConfigurations()).isEqualTo(net.getLayerWiseConfigurations());
        assertThat(back.params()).isEqualTo(net.params());
        MultiLayerNetwork plainBack = ModelSerializer.restoreMultiLayerNetwork(file, true);
        back = FastLayers.of(back);
        assertThat(swapped(back)).isEqualTo(2);
        // the updater state came along: the next steps are those of the plain restored network (Adam's moments
        // matter from the first step), and of the original one
        assertThat(back.getUpdater().getStateViewArray()).isEqualTo(net.getUpdater().getStateViewArray());
        Random r = new Random(2);
        for (int step = 0; step < 3; step++) {
            DataSet ds = batch(r, 8, 64, false);
            net.fit(ds);
            MultiLayerNetwork b = back;
            FastLayers.fitting(b, () -> b.fit(ds));
            plainBack.fit(ds);
            assertClose(back.params(), net.params(), 1e-6, "parameters against the original");
            assertClose(back.params(), plainBack.params(), 1e-6, "parameters against plain DL4J restored");
        }
        assertThat(back.getIterationCount()).isEqualTo(plainBack.getIterationCount());
    }
}

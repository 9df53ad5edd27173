package io.smoothkd.core.nets;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The im2col convolution against independent references: a naive six-loop "same" convolution for the column
 * matrix, the adjoint identity ⟨im2col(x), y⟩ = ⟨x, col2im(y)⟩ for the scatter, and plain DL4J (its own
 * convolution code) for whole-network gradients and training steps, equal to float rounding.
 */
class Im2colConvolutionLayerTest {

    private static float[] random(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 5})
    void im2colTimesWeightsIsTheNaiveSameConvolutionAndCol2imIsItsAdjoint(int k) {
        Random r = new Random(k);
        int b = 2;
        int c = 3;
        int h = 5;
        int w = 4;
        int oc = 2;
        int m = b * h * w;
        int ck = c * k * k;
        float[] x = random(r, b * c * h * w);
        float[] wt = random(r, oc * ck);
        float[] col = new float[m * ck];
        Im2colConvolutionLayer.im2col(x, b, c, h, w, k, col, m);
        int p = (k - 1) / 2;
        for (int n = 0; n < b; n++) {
            for (int o = 0; o < oc; o++) {
                for (int y = 0; y < h; y++) {
                    for (int xx = 0; xx < w; xx++) {
                        double naive = 0;
                        double viaCol = 0;
                        for (int ch = 0; ch < c; ch++) {
                            for (int ky = 0; ky < k; ky++) {
                                for (int kx = 0; kx < k; kx++) {
                                    int iy = y + ky - p;
                                    int ix = xx + kx - p;
                                    double weight = wt[o * ck + (ch * k + ky) * k + kx];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                        naive += weight * x[((n * c + ch) * h + iy) * w + ix];
                                    }
                                    viaCol += weight * col[((ch * k + ky) * k + kx) * m + (n * h + y) * w + xx];
                                }
                            }
                        }
                        assertThat(viaCol).isCloseTo(naive, within(1e-5));
                    }
                }
            }
        }
        float[] y = random(r, m * ck);
        float[] back = new float[x.length];
        Im2colConvolutionLayer.col2im(y, b, c, h, w, k, back, m);
        double left = 0;
        for (int i = 0; i < col.length; i++) {
            left += (double) col[i] * y[i];
        }
        double right = 0;
        for (int i = 0; i < x.length; i++) {
            right += (double) x[i] * back[i];
        }
        assertThat(left).isCloseTo(right, within(1e-4 * (1 + Math.abs(right))));
    }

    private static void assertClose(INDArray actual, INDArray expected, double relative, String what) {
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double diff = actual.sub(expected).norm2Number().doubleValue();
        assertThat(diff / scale).as(what + ": relative difference").isLessThan(relative);
    }

    @Test
    void cnnGradientsAndTrainingStepsMatchPlainDl4j() {
        NetSpec spec = NetSpec.parse("cnn:4-6-16");
        NetworkOptions options = NetworkOptions.defaults(5).withDropout(1.0, 0.5);
        MultiLayerNetwork fast = Networks.buildFast(spec, 1, 8, 8, 10, options, Networks.labelHead());
        MultiLayerNetwork reference = ReluDenseLayerTest.plain(spec, 1, 8, 8, options, Networks.labelHead());
        assertThat(Arrays.stream(fast.getLayers()).filter(l -> l instanceof Im2colConvolutionLayer).count())
                .isEqualTo(2);
        assertThat(fast.params()).isEqualTo(reference.params());
        Random r = new Random(4);
        for (int step = 0; step < 5; step++) {
            DataSet ds = ReluDenseLayerTest.batch(r, 12, 64, false);
            Nd4j.getRandom().setSeed(10 + step);
            fast.setInput(ds.getFeatures());
            fast.setLabels(ds.getLabels());
            fast.computeGradientAndScore();
            Nd4j.getRandom().setSeed(10 + step);
            reference.setInput(ds.getFeatures());
            reference.setLabels(ds.getLabels());
            reference.computeGradientAndScore();
            assertThat(fast.score()).isCloseTo(reference.score(), within(1e-5 * (1 + Math.abs(reference.score()))));
            assertClose(fast.gradient().gradient(), reference.gradient().gradient(), 1e-4, "gradient " + step);
            Nd4j.getRandom().setSeed(20 + step);
            fast.fit(ds);
            Nd4j.getRandom().setSeed(20 + step);
            reference.fit(ds);
            assertClose(fast.params(), reference.params(), 1e-4, "parameters after step " + step);
        }
        for (Layer l : fast.getLayers()) {
            if (l instanceof Im2colConvolutionLayer conv) {
                assertThat(conv.reused).isEqualTo(10);
            }
        }
        DataSet ds = ReluDenseLayerTest.batch(r, 3, 64, false);
        assertClose(fast.output(ds.getFeatures()), reference.output(ds.getFeatures()), 1e-4, "inference output");
    }
}

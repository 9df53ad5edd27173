package io.smoothkd.core.nets;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.constraint.MaxNormConstraint;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class FencedMaxNormConstraintTest {

    private static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.FLOAT, shape);
    }

    /** Naive reference: every column of a [nIn, nOut] matrix whose norm exceeds c is scaled to norm c / (1 + ε/‖w‖). */
    @Test
    void denseColumnsAreBoundedAsTheClosedFormSays() {
        INDArray w = random(1, 7, 5).muli(0.6);
        double c = 1.5;
        double[][] before = w.toDoubleMatrix();
        new FencedMaxNormConstraint(c, 0).apply(w);
        for (int j = 0; j < 5; j++) {
            double norm = 0;
            for (int i = 0; i < 7; i++) {
                norm += before[i][j] * before[i][j];
            }
            norm = Math.sqrt(norm);
            double scale = Math.min(norm, c) / (norm + 1e-6);
            for (int i = 0; i < 7; i++) {
                assertThat(w.getDouble(i, j)).as("w[%d][%d], column norm %.3f", i, j, norm)
                        .isCloseTo(before[i][j] * scale, within(1e-6));
            }
        }
    }

    @Test
    void sameResultAsDl4jsMaxNormConstraintBitForBit() {
        for (int[] dims : new int[][] {{0}, {1, 2, 3}}) {
            long[] shape = dims.length == 1 ? new long[] {30, 20} : new long[] {6, 3, 4, 4};
            INDArray ours = random(7, shape);
            INDArray theirs = ours.dup();
            new FencedMaxNormConstraint(2.0, dims).apply(ours);
            new MaxNormConstraint(2.0, dims).apply(theirs);
            assertThat(ours.equals(theirs)).as("dims %s", java.util.Arrays.toString(dims)).isTrue();
            assertThat(ours.equals(random(7, shape))).as("some unit exceeded the bound and was scaled").isFalse();
        }
    }

    @Test
    void travelsWithTheNetworksConfigurationAndIsValidated() {
        NetworkOptions o = NetworkOptions.defaults(3).withRegularisation(0, 3.5);
        MultiLayerConfiguration conf = Networks.build(NetSpec.parse("12-8-4"), 1, 3, 4, 4, o, Networks.labelHead())
                .getLayerWiseConfigurations();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertThat(back).isEqualTo(conf);
        for (int l = 0; l < 2; l++) {
            BaseLayer layer = (BaseLayer) back.getConf(l).getLayer();
            assertThat(layer.getConstraints()).singleElement().isInstanceOf(FencedMaxNormConstraint.class)
                    .satisfies(k -> assertThat(((FencedMaxNormConstraint) k).getMaxNorm()).isEqualTo(3.5));
        }
        FencedMaxNormConstraint k = new FencedMaxNormConstraint(3.5, 0);
        assertThat(k.clone()).isEqualTo(k).hasSameHashCodeAs(k);
        assertThat(k).isNotEqualTo(new FencedMaxNormConstraint(3.0, 0));
        assertThatThrownBy(() -> new FencedMaxNormConstraint(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-norm");
        assertThatThrownBy(() -> new FencedMaxNormConstraint(Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

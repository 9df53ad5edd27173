package io.smoothkd.core.targets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TargetsTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.1, 0.25, 1.0 / 3, 0.9, 1.0})
    void smoothingClassIndicesInJavaEqualsTheNd4jOpsBitForBit(double alpha) {
        Random r = new Random(5);
        int[] labels = new int[37];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = r.nextInt(7);
        }
        INDArray fast = LabelSmoothing.smooth(labels, 7, alpha);
        INDArray viaOps = LabelSmoothing.oneHot(labels, 7, DataType.FLOAT).mul(1.0 - alpha).addi(alpha / 7);
        assertThat(fast.dataType()).isEqualTo(DataType.FLOAT);
        assertThat(fast.shape()).containsExactly(37, 7);
        assertThat(fast.data().asFloat()).containsExactly(viaOps.data().asFloat());
        for (int i = 0; i < labels.length; i++) {
            for (int k = 0; k < 7; k++) {
                double expected = (k == labels[i] ? 1 - alpha : 0) + alpha / 7;
                assertThat(fast.getDouble(i, k)).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void labelSmoothingClosedForm() {
        INDArray y = LabelSmoothing.smooth(new int[] {2, 0}, 4, 0.2);
        double[][] expected = {{0.05, 0.05, 0.85, 0.05}, {0.85, 0.05, 0.05, 0.05}};
        for (int i = 0; i < 2; i++) {
            for (int k = 0; k < 4; k++) {
                assertThat(y.getDouble(i, k)).isCloseTo(expected[i][k], within(1e-7));
            }
        }
        assertThat(LabelSmoothing.smooth(new int[] {1}, 3, 0.0).getDouble(0, 1)).isEqualTo(1.0);
        assertThatThrownBy(() -> LabelSmoothing.smooth(new int[] {1}, 3, 1.5)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> LabelSmoothing.smooth(new int[] {3}, 3, 0.1)).hasMessageContaining("outside [0, 3)");
    }

    @Test
    void softTargetsMatchNaiveSoftmaxAndSurviveHugeLogits() {
        double[][] t = {{1, 2, 3}, {1000, -1000, 0}};
        INDArray p = SoftTargets.of(Nd4j.create(t), 2.0);
        for (int i = 0; i < 2; i++) {
            double m = Math.max(t[i][0], Math.max(t[i][1], t[i][2])) / 2;
            double s = 0;
            for (double v : t[i]) {
                s += Math.exp(v / 2 - m);
            }
            for (int k = 0; k < 3; k++) {
                assertThat(p.getDouble(i, k)).isCloseTo(Math.exp(t[i][k] / 2 - m) / s, within(1e-12));
            }
        }
        assertThatThrownBy(() -> SoftTargets.of(Nd4j.create(t), 0)).hasMessageContaining("temperature");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.05, 0.1, 0.3, 0.75, 0.99})
    void equivalentSmoothingOfLabelSmoothedTargetsIsAlpha(double alpha) {
        Random r = new Random(1);
        int n = 257;
        int k = 10;
        int[] labels = r.ints(n, 0, k).toArray();
        INDArray targets = LabelSmoothing.smooth(LabelSmoothing.oneHot(labels, k, DataType.DOUBLE), alpha);
        assertThat(EquivalentSmoothing.ofProbabilities(targets, labels)).isCloseTo(alpha, within(1e-12));
    }

    @Test
    void equivalentSmoothingOfTeacherMatchesNaiveLoop() {
        Random r = new Random(2);
        int n = 50;
        int k = 5;
        double temperature = 3;
        double[][] t = new double[n][k];
        int[] labels = new int[n];
        double wrong = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(k);
            double s = 0;
            for (int c = 0; c < k; c++) {
                t[i][c] = r.nextGaussian() * 4;
                s += Math.exp(t[i][c] / temperature);
            }
            for (int c = 0; c < k; c++) {
                if (c != labels[i]) {
                    wrong += Math.exp(t[i][c] / temperature) / s;
                }
            }
        }
        double expected = wrong / n * k / (k - 1);
        assertThat(EquivalentSmoothing.ofLogits(Nd4j.create(t), labels, temperature)).isCloseTo(expected, within(1e-12));
    }
}

package io.smoothkd.core.calibration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Calibration metrics against a naive reference written from the definitions (Guo et al. 2017). */
class CalibrationTest {

    /** Naive softmax of one row, in the most literal form (fine for moderate logits). */
    static double[] softmax(double[] z, double temperature) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            m = Math.max(m, v / temperature);
        }
        double[] p = new double[z.length];
        double s = 0;
        for (int k = 0; k < z.length; k++) {
            p[k] = Math.exp(z[k] / temperature - m);
            s += p[k];
        }
        for (int k = 0; k < z.length; k++) {
            p[k] /= s;
        }
        return p;
    }

    /** Naive ECE and MCE: for each bin, scan every example and test lower &lt; conf ≤ upper. */
    static double[] naiveEceMce(double[][] z, int[] y, int bins) {
        int n = z.length;
        double[] conf = new double[n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] p = softmax(z[i], 1);
            int arg = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[arg]) {
                    arg = k;
                }
            }
            conf[i] = p[arg];
            ok[i] = arg == y[i];
        }
        double ece = 0;
        double mce = 0;
        for (int m = 1; m <= bins; m++) {
            double lo = (m - 1) / (double) bins;
            double hi = m / (double) bins;
            int count = 0;
            double acc = 0;
            double cs = 0;
            for (int i = 0; i < n; i++) {
                if (conf[i] > lo && conf[i] <= hi) {
                    count++;
                    acc += ok[i] ? 1 : 0;
                    cs += conf[i];
                }
            }
            if (count > 0) {
                double gap = Math.abs(acc / count - cs / count);
                ece += (double) count / n * gap;
                mce = Math.max(mce, gap);
            }
        }
        return new double[] {ece, mce};
    }

    static double naiveNll(double[][] z, int[] y, double temperature) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            s -= Math.log(softmax(z[i], temperature)[y[i]]);
        }
        return s / z.length;
    }

    static double naiveBrier(double[][] z, int[] y) {
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double[] p = softmax(z[i], 1);
            for (int k = 0; k < p.length; k++) {
                double d = p[k] - (k == y[i] ? 1 : 0);
                s += d * d;
            }
        }
        return s / z.length;
    }

    /** Logits g·scale of a model whose true probabilities are softmax(g): labels drawn from softmax(g). */
    static Object[] synthetic(long seed, int n, int k, double scale) {
        Random r = new Random(seed);
        double[][] z = new double[n][k];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] g = new double[k];
            for (int c = 0; c < k; c++) {
                g[c] = r.nextGaussian() * 2.5;
            }
            double[] p = softmax(g, 1);
            double u = r.nextDouble();
            int c = 0;
            for (double acc = p[0]; acc < u && c < k - 1; acc += p[++c]) {
                // draw
            }
            y[i] = c;
            for (int j = 0; j < k; j++) {
                z[i][j] = g[j] * scale;
            }
        }
        return new Object[] {z, y};
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 15, 40})
    void metricsMatchNaiveReference(int bins) {
        Object[] s = synthetic(bins, 2000, 10, 1.7);
        double[][] z = (double[][]) s[0];
        int[] y = (int[]) s[1];
        ClassificationLogits data = ClassificationLogits.of(Nd4j.create(z), y);
        double[] ref = naiveEceMce(z, y, bins);
        CalibrationSummary summary = CalibrationSummary.of(data, bins, 1.3);
        assertThat(summary.ece()).isCloseTo(ref[0], within(1e-12));
        assertThat(summary.mce()).isCloseTo(ref[1], within(1e-12));
        assertThat(summary.nll()).isCloseTo(naiveNll(z, y, 1), within(1e-10));
        assertThat(summary.brier()).isCloseTo(naiveBrier(z, y), within(1e-10));
        assertThat(summary.nllAfterScaling()).isCloseTo(naiveNll(z, y, 1.3), within(1e-10));
        double[][] scaled = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            scaled[i] = z[i].clone();
            for (int k = 0; k < scaled[i].length; k++) {
                scaled[i][k] /= 1.3;
            }
        }
        assertThat(summary.eceAfterScaling()).isCloseTo(naiveEceMce(scaled, y, bins)[0], within(1e-12));
        int correct = 0;
        for (int i = 0; i < z.length; i++) {
            int arg = 0;
            for (int k = 1; k < 10; k++) {
                arg = z[i][k] > z[i][arg] ? k : arg;
            }
            correct += arg == y[i] ? 1 : 0;
        }
        assertThat(summary.accuracy()).isEqualTo(correct / 2000.0);
        assertThat(summary.diagram().total()).isEqualTo(2000);
    }

    @Test
    void binEdgesAreLeftOpenRightClosed() {
        // Two classes with confidence exactly 0.6 and 0.8 (logit gap ln(p/(1-p))) and B = 5:
        // 0.6 is in (0.4, 0.6] (bin 3, index 2) and 0.8 in (0.6, 0.8] (index 3).
        assertThat(ReliabilityDiagram.binOf(0.6, 5)).isEqualTo(2);
        assertThat(ReliabilityDiagram.binOf(0.8, 5)).isEqualTo(3);
        assertThat(ReliabilityDiagram.binOf(1.0, 15)).isEqualTo(14);
        assertThat(ReliabilityDiagram.binOf(0.2, 15)).isEqualTo(2);
        assertThat(ReliabilityDiagram.binOf(Math.nextUp(0.2), 15)).isEqualTo(3);
        for (int m = 1; m <= 15; m++) {
            assertThat(ReliabilityDiagram.binOf(m / 15.0, 15)).isEqualTo(m - 1);
        }
    }

    @Test
    void perfectlyCalibratedHandExampleHasZeroEce() {
        // confidences 0.75 with 3 of 4 right
        double g = Math.log(3);
        double[][] z = {{g, 0}, {g, 0}, {g, 0}, {g, 0}};
        int[] y = {0, 0, 0, 1};
        CalibrationSummary s = CalibrationSummary.of(ClassificationLogits.of(Nd4j.create(z), y), 15, 1.0);
        assertThat(s.ece()).isCloseTo(0.0, within(1e-12));
        assertThat(s.accuracy()).isEqualTo(0.75);
        // NLL = −(3 ln .75 + ln .25)/4 ; Brier = (3·2·.25² + 2·.75²)/4
        assertThat(s.nll()).isCloseTo(-(3 * Math.log(0.75) + Math.log(0.25)) / 4, within(1e-12));
        assertThat(s.brier()).isCloseTo((3 * 2 * 0.0625 + 2 * 0.5625) / 4, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.2, 1.0, 3.0, 300.0})
    void temperatureScalingFindsTheNllOptimumFromT02ToT300(double trueTemperature) {
        Object[] s = synthetic(7, 20000, 10, trueTemperature);
        double[][] z = (double[][]) s[0];
        int[] y = (int[]) s[1];
        double t = TemperatureScaling.fit(ClassificationLogits.of(Nd4j.create(z), y));
        // the logits are the true model's scaled by trueTemperature: the optimum sits near it
        assertThat(t / trueTemperature).isCloseTo(1.0, within(0.05));
        // and it is the optimum of the naive NLL: neighbours on both sides are worse
        double at = naiveNll(z, y, t);
        assertThat(naiveNll(z, y, t * 1.001)).isGreaterThan(at);
        assertThat(naiveNll(z, y, t / 1.001)).isGreaterThan(at);
        // stationary: central difference of the naive NLL in log T vanishes
        double h = 1e-5;
        double d = (naiveNll(z, y, t * Math.exp(h)) - naiveNll(z, y, t * Math.exp(-h))) / (2 * h);
        assertThat(Math.abs(d)).isLessThan(1e-6);
    }

    @Test
    void separableDataGoesToTheSmallestTemperature() {
        double[][] z = {{5, 0}, {0, 5}, {4, 1}};
        int[] y = {0, 1, 0};
        // NLL keeps falling as T → 0: the fit walks down until the wrong-class mass underflows double precision
        ClassificationLogits data = ClassificationLogits.of(Nd4j.create(z), y);
        double t = TemperatureScaling.fit(data);
        assertThat(t).isLessThan(0.01);
        assertThat(naiveNll(z, y, t)).isLessThan(1e-200);
        // all wrong: flattest possible
        assertThat(TemperatureScaling.fit(ClassificationLogits.of(Nd4j.create(z), new int[] {1, 0, 1})))
                .isEqualTo(TemperatureScaling.MAX_TEMPERATURE);
    }

    @Test
    void hugeLogitsGiveFiniteNll() {
        double[][] z = {{1e4, -1e4}, {-1e4, 1e4}};
        ClassificationLogits data = ClassificationLogits.of(Nd4j.create(z), new int[] {1, 1});
        assertThat(NegativeLogLikelihood.of(data)).isCloseTo(1e4, within(1e-9));
    }

    @Test
    void oneHotLabelsAreTheirArgmax() {
        double[][] z = {{1, 2, 0}, {3, 0, 1}};
        ClassificationLogits a = ClassificationLogits.ofOneHot(Nd4j.create(z), Nd4j.create(new double[][] {{0, 0, 1}, {1, 0, 0}}));
        assertThat(a.labels()).containsExactly(2, 0);
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> ClassificationLogits.of(Nd4j.create(new double[][] {{1, Double.NaN}}), new int[] {0}))
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> ClassificationLogits.of(Nd4j.create(new double[][] {{1, 2}}), new int[] {0, 1}))
                .hasMessageContaining("label count 2 does not match logit rows 1");
        assertThatThrownBy(() -> ClassificationLogits.of(Nd4j.create(new double[][] {{1, 2}}), new int[] {2}))
                .hasMessageContaining("outside [0, 2)");
        assertThatThrownBy(() -> ReliabilityDiagram.of(ClassificationLogits.of(Nd4j.create(new double[][] {{1, 2}}),
                new int[] {1}), 0)).hasMessageContaining("bins");
    }
}

package io.smoothkd.core.calibration;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The calibration toolbox (adaptive / classwise ECE, ACE, the five calibrators, the DL4J evaluation) against
 * references written here from the definitions: naive loops, finite differences, a hand pool-adjacent-violators.
 */
class CalibrationToolboxTest {

    static double[][] rows(ClassificationLogits d) {
        double[][] z = new double[d.size()][d.classes()];
        for (int i = 0; i < d.size(); i++) {
            System.arraycopy(d.logits(), i * d.classes(), z[i], 0, d.classes());
        }
        return z;
    }

    static ClassificationLogits data(double[][] z, int[] y) {
        return ClassificationLogits.of(Nd4j.create(z), y);
    }

    /** Miscalibrated synthetic logits: true model softmax(g), observed logits an affine distortion of g. */
    static ClassificationLogits distorted(long seed, int n, int k) {
        Random r = new Random(seed);
        double[][] z = new double[n][k];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] g = new double[k];
            for (int c = 0; c < k; c++) {
                g[c] = r.nextGaussian() * 2.0;
            }
            double[] p = CalibrationTest.softmax(g, 1);
            double u = r.nextDouble();
            int c = 0;
            for (double acc = p[0]; acc < u && c < k - 1; acc += p[++c]) {
                // draw
            }
            y[i] = c;
            for (int j = 0; j < k; j++) {
                z[i][j] = g[j] * (1.0 + 0.4 * j) + 0.3 * j + 0.5 * g[(j + 1) % k];
            }
        }
        return data(z, y);
    }

    // ---------------------------------------------------------------- metrics against naive loops

    /** Naive adaptive ECE: selection-sort by confidence keeping input order on ties, bin sizes as numpy.array_split. */
    static double naiveAdaptiveEce(double[][] z, int[] y, int bins) {
        int n = z.length;
        double[] conf = new double[n];
        boolean[] ok = new boolean[n];
        for (int i = 0; i < n; i++) {
            double[] p = CalibrationTest.softmax(z[i], 1);
            int arg = 0;
            for (int k = 1; k < p.length; k++) {
                if (p[k] > p[arg]) {
                    arg = k;
                }
            }
            conf[i] = p[arg];
            ok[i] = arg == y[i];
        }
        List<Integer> remaining = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            remaining.add(i);
        }
        List<Integer> sorted = new ArrayList<>();
        while (!remaining.isEmpty()) { // take the first smallest each time: stable
            int best = 0;
            for (int j = 1; j < remaining.size(); j++) {
                if (conf[remaining.get(j)] < conf[remaining.get(best)]) {
                    best = j;
                }
            }
            sorted.add(remaining.remove(best));
        }
        double ece = 0;
        int pos = 0;
        for (int m = 0; m < bins; m++) {
            int size = n / bins + (m < n % bins ? 1 : 0);
            double a = 0;
            double c = 0;
            for (int j = pos; j < pos + size; j++) {
                a += ok[sorted.get(j)] ? 1 : 0;
                c += conf[sorted.get(j)];
            }
            if (size > 0) {
                ece += (double) size / n * Math.abs(a / size - c / size);
            }
            pos += size;
        }
        return ece;
    }

    static double naiveClasswiseEce(double[][] z, int[] y, int bins) {
        int n = z.length;
        int k = z[0].length;
        double total = 0;
        for (int c = 0; c < k; c++) {
            for (int m = 1; m <= bins; m++) {
                double lo = (m - 1) / (double) bins;
                double hi = m / (double) bins;
                int count = 0;
                double freq = 0;
                double mean = 0;
                for (int i = 0; i < n; i++) {
                    double p = CalibrationTest.softmax(z[i], 1)[c];
                    if ((p > lo && p <= hi) || (m == 1 && p == 0)) {
                        count++;
                        freq += y[i] == c ? 1 : 0;
                        mean += p;
                    }
                }
                if (count > 0) {
                    total += (double) count / n * Math.abs(freq / count - mean / count);
                }
            }
        }
        return total / k;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 10, 15, 400})
    void adaptiveAndClasswiseEceMatchNaiveLoops(int bins) {
        ClassificationLogits d = distorted(bins, 307, 4);
        double[][] z = rows(d);
        assertThat(AdaptiveExpectedCalibrationError.of(d, bins))
                .isCloseTo(naiveAdaptiveEce(z, d.labels(), bins), within(1e-12));
        assertThat(ClasswiseExpectedCalibrationError.of(d, bins))
                .isCloseTo(naiveClasswiseEce(z, d.labels(), bins), within(1e-12));
        CalibrationSummary s = CalibrationSummary.of(d, bins);
        assertThat(s.eceAdaptive()).isEqualTo(AdaptiveExpectedCalibrationError.of(d, bins));
        assertThat(s.eceClasswise()).isEqualTo(ClasswiseExpectedCalibrationError.of(d, bins));
    }

    @Test
    void adaptiveEceSplitsTiesInInputOrderAsArraySplit() {
        // four equal confidences 0.5 (argmax ties go to class 0): right, right, wrong, wrong. array_split(4, 2)
        // puts the two right ones in bin 1 (acc 1) and the wrong ones in bin 2 (acc 0): ECE = ½·½ + ½·½.
        double[][] z = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};
        ClassificationLogits d = data(z, new int[] {0, 0, 1, 1});
        assertThat(AdaptiveExpectedCalibrationError.of(d, 2)).isCloseTo(0.5, within(1e-15));
        assertThat(ExpectedCalibrationError.of(d, 2)).isCloseTo(0.0, within(1e-15)); // one bin, acc = conf
        // n = 5, B = 2: sizes 3 and 2 (first bin larger), numpy.array_split
        assertThat(AdaptiveExpectedCalibrationError.arraySplitStarts(5, 2)).containsExactly(0, 3, 5);
        assertThat(AdaptiveExpectedCalibrationError.arraySplitStarts(2, 4)).containsExactly(0, 1, 2, 2, 2);
    }

    @Test
    void classwiseEceOfAHandExample() {
        // K = 2, p = (0.75, 0.25) for all four examples, labels 0,0,0,1: both classes perfectly calibrated
        double g = Math.log(3);
        ClassificationLogits d = data(new double[][] {{g, 0}, {g, 0}, {g, 0}, {g, 0}}, new int[] {0, 0, 0, 1});
        assertThat(ClasswiseExpectedCalibrationError.of(d, 15)).isCloseTo(0.0, within(1e-12));
        // labels 0,0,1,1: class 0 freq ½ vs ¾, class 1 freq ½ vs ¼: (¼ + ¼)/2
        ClassificationLogits e = data(new double[][] {{g, 0}, {g, 0}, {g, 0}, {g, 0}}, new int[] {0, 0, 1, 1});
        assertThat(ClasswiseExpectedCalibrationError.of(e, 15)).isCloseTo(0.25, within(1e-12));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 4, 15, 100})
    void aceMatchesNaiveLoop(int ranges) {
        ClassificationLogits d = distorted(11 + ranges, 203, 3);
        double[][] z = rows(d);
        int n = z.length;
        int k = 3;
        double total = 0;
        for (int c = 0; c < k; c++) {
            final int cc = c;
            Integer[] idx = new Integer[n];
            for (int i = 0; i < n; i++) {
                idx[i] = i;
            }
            // insertion sort by p_c: stable
            for (int a = 1; a < n; a++) {
                for (int b = a; b > 0 && CalibrationTest.softmax(z[idx[b - 1]], 1)[cc]
                        > CalibrationTest.softmax(z[idx[b]], 1)[cc]; b--) {
                    Integer t = idx[b];
                    idx[b] = idx[b - 1];
                    idx[b - 1] = t;
                }
            }
            int pos = 0;
            for (int r = 0; r < ranges; r++) {
                int size = n / ranges + (r < n % ranges ? 1 : 0);
                double f = 0;
                double mean = 0;
                for (int j = pos; j < pos + size; j++) {
                    f += d.labels()[idx[j]] == c ? 1 : 0;
                    mean += CalibrationTest.softmax(z[idx[j]], 1)[c];
                }
                if (size > 0) {
                    total += Math.abs(f / size - mean / size);
                }
                pos += size;
            }
        }
        assertThat(AdaptiveCalibrationError.of(d, ranges)).isCloseTo(total / (k * ranges), within(1e-12));
    }

    // ---------------------------------------------------------------- scaling methods: optimum checks

    /** Naive mean NLL of softmax(W z + b) plus the ODIR penalty, written from the definition. */
    static double naiveObjective(double[][] z, int[] y, double[][] w, double[] b, double lambda, double mu) {
        int k = b.length;
        double s = 0;
        for (int i = 0; i < z.length; i++) {
            double[] u = new double[k];
            for (int r = 0; r < k; r++) {
                u[r] = b[r];
                for (int c = 0; c < k; c++) {
                    u[r] += w[r][c] * z[i][c];
                }
            }
            s -= Math.log(CalibrationTest.softmax(u, 1)[y[i]]);
        }
        double f = s / z.length;
        double off = 0;
        double bias = 0;
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                if (r != c) {
                    off += w[r][c] * w[r][c];
                }
            }
            bias += b[r] * b[r];
        }
        return f + lambda * off / (k * (k - 1.0)) + mu * bias / k;
    }

    static double[][] copy(double[][] w) {
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            c[i] = w[i].clone();
        }
        return c;
    }

    /** Checks ∇ ≈ 0 by central differences on the free parameters, and no random nearby point is lower. */
    static void assertOptimum(ClassificationLogits d, AffineLogitMap m, boolean diagonalOnly, double lambda, double mu) {
        double[][] z = rows(d);
        int[] y = d.labels();
        int k = d.classes();
        double f0 = naiveObjective(z, y, m.weights(), m.bias(), lambda, mu);
        assertThat(m.fittedNll()).isCloseTo(naiveObjective(z, y, m.weights(), m.bias(), 0, 0), within(1e-10));
        double h = 1e-5;
        for (int r = 0; r < k; r++) {
            for (int c = 0; c <= k; c++) {
                if (diagonalOnly && c < k && c != r) {
                    assertThat(m.weights()[r][c]).isEqualTo(0.0);
                    continue;
                }
                double[][] wp = copy(m.weights());
                double[][] wm = copy(m.weights());
                double[] bp = m.bias().clone();
                double[] bm = m.bias().clone();
                if (c == k) {
                    bp[r] += h;
                    bm[r] -= h;
                } else {
                    wp[r][c] += h;
                    wm[r][c] -= h;
                }
                double g = (naiveObjective(z, y, wp, bp, lambda, mu) - naiveObjective(z, y, wm, bm, lambda, mu)) / (2 * h);
                assertThat(Math.abs(g)).as("d/d(%d,%d)", r, c).isLessThan(1e-6);
            }
        }
        Random rnd = new Random(5);
        for (int trial = 0; trial < 40; trial++) {
            double scale = trial < 20 ? 1e-2 : 0.3;
            double[][] w = copy(m.weights());
            double[] b = m.bias().clone();
            for (int r = 0; r < k; r++) {
                for (int c = 0; c < k; c++) {
                    if (!diagonalOnly || r == c) {
                        w[r][c] += scale * rnd.nextGaussian();
                    }
                }
                b[r] += scale * rnd.nextGaussian();
            }
            assertThat(naiveObjective(z, y, w, b, lambda, mu)).isGreaterThanOrEqualTo(f0 - 1e-13);
        }
    }

    @Test
    void vectorScalingIsAStationaryMinimum() {
        ClassificationLogits d = distorted(3, 1500, 4);
        AffineLogitMap m = new VectorScaling().fitOn(d);
        assertOptimum(d, m, true, 0, 0);
        // vector scaling contains temperature scaling: never worse on the fitted set
        assertThat(m.fittedNll()).isLessThanOrEqualTo(new TemperatureScaling().fitOn(d).fittedNll() + 1e-12);
    }

    @Test
    void matrixScalingIsAStationaryMinimumAndNestsVectorScaling() {
        ClassificationLogits d = distorted(4, 1500, 4);
        AffineLogitMap m = new MatrixScaling().fitOn(d);
        assertOptimum(d, m, false, 0, 0);
        double vector = new VectorScaling().fitOn(d).fittedNll();
        assertThat(m.fittedNll()).isLessThanOrEqualTo(vector + 1e-12);
        assertThat(vector).isLessThan(new TemperatureScaling().fitOn(d).fittedNll());
        // applying the map reproduces the naive NLL; on fresh data from the same model it also helps
        ClassificationLogits fresh = distorted(99, 3000, 4);
        assertThat(NegativeLogLikelihood.of(m.apply(fresh))).isLessThan(NegativeLogLikelihood.of(fresh));
    }

    @Test
    void odirMatrixScalingMinimisesThePenalisedObjective() {
        ClassificationLogits d = distorted(6, 600, 4);
        double lambda = 0.5;
        double mu = 0.2;
        AffineLogitMap m = new MatrixScaling(lambda, mu).fitOn(d);
        assertOptimum(d, m, false, lambda, mu);
        AffineLogitMap plain = new MatrixScaling().fitOn(d);
        // the penalty shrinks the off-diagonal entries and the intercept
        double offPen = 0;
        double offPlain = 0;
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                if (r != c) {
                    offPen += m.weights()[r][c] * m.weights()[r][c];
                    offPlain += plain.weights()[r][c] * plain.weights()[r][c];
                }
            }
        }
        assertThat(offPen).isLessThan(offPlain);
        assertThatThrownBy(() -> new MatrixScaling(-1, 0)).hasMessageContaining("off_diagonal_l2");
    }

    @Test
    void temperatureScalingThroughTheInterface() {
        ClassificationLogits d = distorted(8, 800, 3);
        Calibrator.Fitted f = Calibrators.create("temperature").fitOn(d);
        double t = TemperatureScaling.fit(d);
        assertThat(((TemperatureScaling.Scaled) f).temperature()).isEqualTo(t);
        assertThat(f.apply(d)).isEqualTo(d.scaled(t));
        assertThat(f.fittedNll()).isCloseTo(CalibrationTest.naiveNll(rows(d), d.labels(), t), within(1e-12));
    }

    // ---------------------------------------------------------------- isotonic regression, histogram binning

    /** Textbook PAV, independent of the implementation: merge the first adjacent violating pair until none is left. */
    static double[] handPav(double[] y, double[] w) {
        List<double[]> blocks = new ArrayList<>(); // {sum, weight, count}
        for (int i = 0; i < y.length; i++) {
            blocks.add(new double[] {y[i] * w[i], w[i], 1});
        }
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int j = 0; j + 1 < blocks.size(); j++) {
                double[] a = blocks.get(j);
                double[] b = blocks.get(j + 1);
                if (a[0] / a[1] > b[0] / b[1]) {
                    blocks.set(j, new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]});
                    blocks.remove(j + 1);
                    merged = true;
                    break;
                }
            }
        }
        double[] out = new double[y.length];
        int pos = 0;
        for (double[] b : blocks) {
            for (int c = 0; c < b[2]; c++) {
                out[pos++] = b[0] / b[1];
            }
        }
        return out;
    }

    @Test
    void isotonicFitEqualsHandPoolAdjacentViolators() {
        double[] x = {0.9, 0.1, 0.4, 0.3, 0.7, 0.5, 0.2, 0.8, 0.6, 0.4};
        double[] y = {1, 0, 1, 0, 0, 1, 1, 1, 0, 0};
        IsotonicRegression.Step s = IsotonicRegression.fit(x, y);
        // hand: distinct x ascending 0.1 0.2 0.3 0.4(two: 1, 0 → mean ½, weight 2) 0.5 0.6 0.7 0.8 0.9
        double[] ux = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        double[] uy = {0, 1, 0, 0.5, 1, 0, 0, 1, 1};
        double[] uw = {1, 1, 1, 2, 1, 1, 1, 1, 1};
        assertThat(s.x()).containsExactly(ux);
        double[] expected = handPav(uy, uw);
        for (int i = 0; i < ux.length; i++) {
            assertThat(s.h()[i]).as("h(%s)", ux[i]).isCloseTo(expected[i], within(1e-15));
        }
        // worked by hand: 0.2 … 0.7 pool into one block, y sum 1 + 0 + 1 + 1 + 0 + 0 = 3 over weight 7
        double p = 3.0 / 7;
        assertThat(s.h()).containsExactly(new double[] {0, p, p, p, p, p, p, 1, 1}, within(1e-15));
        // interpolation between knots, clipping outside
        assertThat(s.valueAt(0.05)).isEqualTo(0.0);
        assertThat(s.valueAt(0.15)).isCloseTo(p / 2, within(1e-15));
        assertThat(s.valueAt(0.75)).isCloseTo((p + 1) / 2, within(1e-15));
        assertThat(s.valueAt(0.95)).isEqualTo(1.0);
    }

    @Test
    void isotonicCalibratorIsOneVsRestThenRenormalised() {
        ClassificationLogits d = distorted(21, 40, 3);
        Calibrator.Fitted f = new IsotonicRegression().fitOn(d);
        double[] p = d.probabilities();
        ClassificationLogits test = distorted(22, 25, 3);
        double[] pt = test.probabilities();
        IsotonicRegression.Step[] steps = new IsotonicRegression.Step[3];
        for (int c = 0; c < 3; c++) {
            double[] x = new double[d.size()];
            double[] y = new double[d.size()];
            for (int i = 0; i < d.size(); i++) {
                x[i] = p[i * 3 + c];
                y[i] = d.labels()[i] == c ? 1 : 0;
            }
            steps[c] = IsotonicRegression.fit(x, y);
            // the fitted values at the training points are the hand PAV (all p distinct here)
            Integer[] order = AdaptiveExpectedCalibrationError.stableOrder(x);
            double[] ys = new double[x.length];
            double[] ws = new double[x.length];
            for (int j = 0; j < x.length; j++) {
                ys[j] = y[order[j]];
                ws[j] = 1;
            }
            assertThat(steps[c].h()).containsExactly(handPav(ys, ws), within(1e-15));
        }
        double[] q = f.apply(test).probabilities();
        double eps = ClassificationLogits.PROBABILITY_FLOOR;
        for (int i = 0; i < test.size(); i++) {
            double[] h = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                h[c] = steps[c].valueAt(pt[i * 3 + c]);
                sum += h[c];
            }
            double norm = 0;
            for (int c = 0; c < 3; c++) {
                h[c] = (sum > 0 ? h[c] / sum : 0) + eps;
                norm += h[c];
            }
            for (int c = 0; c < 3; c++) {
                assertThat(q[i * 3 + c]).isCloseTo(h[c] / norm, within(1e-12));
            }
        }
    }

    @Test
    void histogramBinningReplacesEachProbabilityByItsBinFrequency() {
        // K = 2, B = 2: p_0 ∈ {0.8 (label 0), 0.8 (label 1), 0.3 (label 1)}; class 0 bins: (0, ½] → 0/1, (½, 1] → 1/2;
        // class 1 has p_1 ∈ {0.2, 0.2, 0.7}: (0, ½] → 1/2, (½, 1] → 1/1.
        double a = Math.log(0.8 / 0.2);
        double b = Math.log(0.3 / 0.7);
        ClassificationLogits d = data(new double[][] {{a, 0}, {a, 0}, {b, 0}}, new int[] {0, 1, 1});
        Calibrator.Fitted f = new HistogramBinning(2).fitOn(d);
        double[] q = f.apply(d).probabilities();
        double eps = ClassificationLogits.PROBABILITY_FLOOR;
        // rows 0, 1: (½, ½) renormalised; row 2: (0, 1)
        assertThat(q[0]).isCloseTo(0.5, within(1e-12));
        assertThat(q[1]).isCloseTo(0.5, within(1e-12));
        assertThat(q[4]).isCloseTo(eps / (1 + 2 * eps), within(1e-20));
        assertThat(q[5]).isCloseTo((1 + eps) / (1 + 2 * eps), within(1e-15));
        assertThat(f.fittedNll()).isCloseTo((2 * Math.log(2) - Math.log((1 + eps) / (1 + 2 * eps))) / 3, within(1e-12));
        assertThat(Double.isFinite(NegativeLogLikelihood.of(f.apply(data(new double[][] {{a, 0}}, new int[] {1})))))
                .isTrue();
    }

    @Test
    void calibratorsByName() {
        assertThat(Calibrators.names()).containsExactly("temperature", "vector", "matrix", "histogram", "isotonic");
        assertThat(Calibrators.create("histogram", Map.of("bins", 7.0))).isInstanceOf(HistogramBinning.class);
        assertThat(((HistogramBinning) Calibrators.create("histogram", Map.of("bins", 7.0))).bins()).isEqualTo(7);
        assertThatThrownBy(() -> Calibrators.create("platt"))
                .hasMessage("unknown calibration method 'platt'; expected one of temperature, vector, matrix, histogram,"
                        + " isotonic");
        assertThatThrownBy(() -> Calibrators.create("vector", Map.of("bins", 3.0))).hasMessageContaining("no parameter");
        for (String name : Calibrators.names()) {
            Calibrator c = Calibrators.create(name);
            assertThat(c.name()).isEqualTo(name);
            ClassificationLogits fit = distorted(31, 600, 3);
            ClassificationLogits test = distorted(32, 600, 3);
            Calibrator.Fitted f = c.fitOn(fit);
            assertThat(f.method()).isEqualTo(name);
            ClassificationLogits out = f.apply(test);
            assertThat(out.labels()).isEqualTo(test.labels());
            // every method reduces the fitted set's NLL below the raw logits' on this distorted model
            assertThat(f.fittedNll()).as(name).isLessThan(NegativeLogLikelihood.of(fit));
        }
    }

    // ---------------------------------------------------------------- DL4J IEvaluation

    @Test
    void evaluationOverADataSetIteratorEqualsTheDirectMetrics() {
        int n = 90;
        Random r = new Random(3);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 5);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 3);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 5; j++) {
                x.putScalar(i, j, r.nextGaussian());
            }
            y.putScalar(i, r.nextInt(3), 1.0);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(5).nOut(3)
                        .activation(Activation.SOFTMAX).build()).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<DataSet> batches = new DataSet(x, y).asList();
        CalibrationEvaluation e = net.doEvaluation(new ListDataSetIterator<>(batches, 16),
                CalibrationEvaluation.ofProbabilities(4))[0];
        assertThat(e.examples()).isEqualTo(n);
        INDArray probs = net.output(x).castTo(DataType.DOUBLE);
        double[][] z = new double[n][3];
        int[] labels = y.argMax(1).toIntVector();
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                z[i][c] = Math.log(probs.getDouble(i, c));
            }
        }
        double[] ref = CalibrationTest.naiveEceMce(z, labels, 4);
        assertThat(e.getValue(CalibrationEvaluation.Metric.ECE)).isCloseTo(ref[0], within(1e-9));
        assertThat(e.getValue(CalibrationEvaluation.Metric.ECE_ADAPTIVE))
                .isCloseTo(naiveAdaptiveEce(z, labels, 4), within(1e-9));
        assertThat(e.getValue(CalibrationEvaluation.Metric.NLL))
                .isCloseTo(CalibrationTest.naiveNll(z, labels, 1), within(1e-9));
        assertThat(e.stats()).contains("ece_classwise");
        // after a calibrator fitted elsewhere
        ClassificationLogits d = data(z, labels);
        Calibrator.Fitted ts = new TemperatureScaling().fitOn(d);
        assertThat(e.calibratedBy(ts).getValue(CalibrationEvaluation.Metric.NLL))
                .isCloseTo(ts.fittedNll(), within(1e-9));
    }

    @Test
    void evaluationOfLogitsWithMaskAndMerge() {
        double[][] z = {{2, 0, 1}, {0, 3, 0}, {1, 1, 4}, {0, 0, 0}};
        INDArray labels = Nd4j.create(new double[][] {{1, 0, 0}, {0, 0, 1}, {0, 0, 1}, {0, 1, 0}});
        CalibrationEvaluation a = CalibrationEvaluation.ofLogits(15);
        a.eval(labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2)),
                Nd4j.create(new double[][] {z[0], z[1]}));
        CalibrationEvaluation b = a.newInstance();
        b.eval(labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 4)), Nd4j.create(new double[][] {z[2], z[3]}),
                Nd4j.create(new double[] {1, 0}));
        a.merge(b);
        assertThat(a.examples()).isEqualTo(3);
        int[] y = {0, 2, 2};
        double[][] kept = {z[0], z[1], z[2]};
        assertThat(a.getValue(CalibrationEvaluation.Metric.BRIER))
                .isCloseTo(CalibrationTest.naiveBrier(kept, y), within(1e-12));
        assertThat(a.getValue(CalibrationEvaluation.Metric.ACCURACY)).isCloseTo(2.0 / 3, within(1e-15));
        assertThatThrownBy(() -> a.eval(Nd4j.create(new double[][] {{1, 0}}), Nd4j.create(new double[][] {{1, 0}})))
                .hasMessageContaining("classes");
        // JSON round trip, as every DL4J evaluation
        CalibrationEvaluation back = CalibrationEvaluation.fromJson(a.toJson(), CalibrationEvaluation.class);
        assertThat(back.values()).isEqualTo(a.values());
    }
}

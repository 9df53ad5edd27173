package io.smoothkd.core.loss;

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
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.ILossFunction;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The registered losses dkd, logit_std and dist against naive double-precision loops written here from the
 * formulas (each class's Javadoc and {@code DistillationLosses}'), central finite differences of those
 * loops for the gradient, and DL4J's GradientCheckUtil on a tiny network.
 */
class RegisteredLossesTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** A naive batch score: example i's score times its weight w_i (w_i = 0: left out of any batch statistic). */
    interface Reference {
        double[] scores(double[][] y, double[][] t, double[][] z, double[] w);
    }

    record Case(String name, ILossFunction loss, Reference reference) {
        @Override
        public String toString() {
            return name;
        }
    }

    // ---------------------------------------------------------------- naive references

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

    static double[] logSoftmax(double[] v, double temperature) {
        double[] u = new double[v.length];
        for (int j = 0; j < v.length; j++) {
            u[j] = v[j] / temperature;
        }
        double l = lse(u);
        for (int j = 0; j < v.length; j++) {
            u[j] -= l;
        }
        return u;
    }

    static double crossEntropy(double[] y, double[] z) {
        double[] lp = logSoftmax(z, 1);
        double h = 0;
        for (int j = 0; j < z.length; j++) {
            h -= y[j] * lp[j];
        }
        return h;
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int j = 1; j < v.length; j++) {
            if (v[j] > v[best]) {
                best = j;
            }
        }
        return best;
    }

    /** DKD's {ce, tckd, nckd} in log space: log q_j = log p_j − log Σ_{k≠g} p_k. */
    static double[] dkdTerms(double[] y, double[] t, double[] z, double temperature) {
        int k = z.length;
        int g = argmax(y);
        double[] ls = logSoftmax(z, temperature);
        double[] lt = logSoftmax(t, temperature);
        double[] lsOthers = new double[k - 1];
        double[] ltOthers = new double[k - 1];
        for (int j = 0, r = 0; j < k; j++) {
            if (j != g) {
                lsOthers[r] = ls[j];
                ltOthers[r++] = lt[j];
            }
        }
        double lsO = lse(lsOthers);
        double ltO = lse(ltOthers);
        double tckd = Math.exp(lt[g]) * (lt[g] - ls[g]) + Math.exp(ltO) * (ltO - lsO);
        double nckd = 0;
        for (int j = 0; j < k; j++) {
            if (j != g) {
                nckd += Math.exp(lt[j] - ltO) * ((lt[j] - ltO) - (ls[j] - lsO));
            }
        }
        return new double[] {crossEntropy(y, z), tckd, nckd};
    }

    /** DKD's {tckd, nckd} in probability space, as mdistiller writes it (fine for small logits only). */
    static double[] dkdTermsInProbabilities(double[] y, double[] t, double[] z, double temperature) {
        int k = z.length;
        int g = argmax(y);
        double[] ps = new double[k];
        double[] pt = new double[k];
        double ss = 0;
        double st = 0;
        for (int j = 0; j < k; j++) {
            ps[j] = Math.exp(z[j] / temperature);
            pt[j] = Math.exp(t[j] / temperature);
            ss += ps[j];
            st += pt[j];
        }
        for (int j = 0; j < k; j++) {
            ps[j] /= ss;
            pt[j] /= st;
        }
        double tckd = pt[g] * Math.log(pt[g] / ps[g]) + (1 - pt[g]) * Math.log((1 - pt[g]) / (1 - ps[g]));
        double nckd = 0;
        for (int j = 0; j < k; j++) {
            if (j != g) {
                double qs = ps[j] / (1 - ps[g]);
                double qt = pt[j] / (1 - pt[g]);
                nckd += qt * Math.log(qt / qs);
            }
        }
        return new double[] {tckd, nckd};
    }

    static Reference dkd(double temperature, double alpha, double beta, double ceWeight) {
        return (y, t, z, w) -> {
            double[] s = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                double[] d = dkdTerms(y[i], t[i], z[i], temperature);
                s[i] = w[i] * (ceWeight * d[0] + temperature * temperature * (alpha * d[1] + beta * d[2]));
            }
            return s;
        };
    }

    static double[] standardized(double[] v) {
        int k = v.length;
        double mean = 0;
        for (double x : v) {
            mean += x / k;
        }
        double var = 0;
        for (double x : v) {
            var += (x - mean) * (x - mean) / (k - 1);
        }
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            out[j] = (v[j] - mean) / (1e-7 + Math.sqrt(var));
        }
        return out;
    }

    static Reference logitStd(double temperature, double ceWeight, double kdWeight) {
        return (y, t, z, w) -> {
            double[] s = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                double[] ls = logSoftmax(standardized(z[i]), temperature);
                double[] lt = logSoftmax(standardized(t[i]), temperature);
                double kl = 0;
                for (int j = 0; j < ls.length; j++) {
                    kl += Math.exp(lt[j]) * (lt[j] - ls[j]);
                }
                s[i] = w[i] * (ceWeight * crossEntropy(y[i], z[i]) + kdWeight * temperature * temperature * kl);
            }
            return s;
        };
    }

    static double pearson(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int j = 0; j < a.length; j++) {
            ma += a[j] / a.length;
            mb += b[j] / b.length;
        }
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < a.length; j++) {
            ab += (a[j] - ma) * (b[j] - mb);
            aa += (a[j] - ma) * (a[j] - ma);
            bb += (b[j] - mb) * (b[j] - mb);
        }
        return ab / (Math.sqrt(aa) * Math.sqrt(bb) + 1e-8);
    }

    static double[] softmax(double[] v, double temperature) {
        double[] l = logSoftmax(v, temperature);
        for (int j = 0; j < l.length; j++) {
            l[j] = Math.exp(l[j]);
        }
        return l;
    }

    static Reference dist(double temperature, double beta, double gamma, double ceWeight) {
        return (y, t, z, w) -> {
            List<double[]> ys = new ArrayList<>();
            List<double[]> yt = new ArrayList<>();
            for (int i = 0; i < z.length; i++) {
                if (w[i] != 0) {
                    ys.add(softmax(z[i], temperature));
                    yt.add(softmax(t[i], temperature));
                }
            }
            int k = z[0].length;
            double intra = 0;
            for (int c = 0; c < k; c++) {
                double[] a = new double[ys.size()];
                double[] b = new double[ys.size()];
                for (int r = 0; r < a.length; r++) {
                    a[r] = ys.get(r)[c];
                    b[r] = yt.get(r)[c];
                }
                intra += (1 - pearson(a, b)) / k;
            }
            double t2 = temperature * temperature;
            double[] s = new double[z.length];
            for (int i = 0; i < z.length; i++) {
                if (w[i] != 0) {
                    double inter = 1 - pearson(softmax(z[i], temperature), softmax(t[i], temperature));
                    s[i] = w[i] * (ceWeight * crossEntropy(y[i], z[i]) + beta * t2 * inter + gamma * t2 * intra);
                }
            }
            return s;
        };
    }

    // ---------------------------------------------------------------- data

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

    static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    static Stream<Case> losses() {
        return Stream.of(
                new Case("dkd T=4 a=1 b=8 ce=1", new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1), dkd(4, 1, 8, 1)),
                new Case("dkd T=1 a=0.5 b=2 ce=0.3", new DecoupledKnowledgeDistillationLoss(1, 0.5, 2, 0.3),
                        dkd(1, 0.5, 2, 0.3)),
                new Case("dkd T=0.5 a=2 b=0 ce=0", new DecoupledKnowledgeDistillationLoss(0.5, 2, 0, 0),
                        dkd(0.5, 2, 0, 0)),
                new Case("logit_std T=2 ce=0.1 kd=9", new LogitStandardizationLoss(2, 0.1, 9), logitStd(2, 0.1, 9)),
                new Case("logit_std T=1 ce=1 kd=0.5", new LogitStandardizationLoss(1, 1, 0.5), logitStd(1, 1, 0.5)),
                new Case("logit_std T=4 ce=0 kd=1", new LogitStandardizationLoss(4, 0, 1), logitStd(4, 0, 1)),
                new Case("dist T=4 b=2 g=2 ce=1", new DistCorrelationLoss(4, 2, 2, 1), dist(4, 2, 2, 1)),
                new Case("dist T=1 b=1 g=0.5 ce=0", new DistCorrelationLoss(1, 1, 0.5, 0), dist(1, 1, 0.5, 0)));
    }

    static Stream<Arguments> lossesAndShapes() {
        List<Arguments> out = new ArrayList<>();
        losses().forEach(c -> {
            for (int n : new int[] {1, 3, 6}) {
                for (int k : new int[] {2, 3, 10}) {
                    out.add(Arguments.of(c, n, k));
                }
            }
        });
        return out.stream();
    }

    // ---------------------------------------------------------------- tests

    @ParameterizedTest(name = "{0} n={1} K={2}")
    @MethodSource("lossesAndShapes")
    void scoreAndGradientMatchNaiveReferenceAndFiniteDifferences(Case c, int n, int k) {
        Random r = new Random(97L * n + 13L * k + c.name().hashCode());
        double[][] y = smoothedTargets(r, n, k, r.nextBoolean() ? 0 : 0.1);
        double[][] t = random(r, n, k, 3);
        double[][] z = random(r, n, k, 3);
        double[] w = ones(n);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        INDArray pre = Nd4j.create(z);
        double[] ref = c.reference().scores(y, t, z, w);

        INDArray scores = c.loss().computeScoreArray(labels, pre, new ActivationIdentity(), null);
        assertThat(scores.shape()).containsExactly(n, 1);
        for (int i = 0; i < n; i++) {
            assertThat(scores.getDouble(i, 0)).isCloseTo(ref[i], within(1e-10 * (1 + Math.abs(ref[i]))));
        }
        double total = sum(ref);
        assertThat(c.loss().computeScore(labels, pre, new ActivationIdentity(), null, false))
                .isCloseTo(total, within(1e-9 * (1 + Math.abs(total))));
        assertThat(c.loss().computeScore(labels, pre, new ActivationIdentity(), null, true))
                .isCloseTo(total / n, within(1e-9 * (1 + Math.abs(total))));

        INDArray grad = c.loss().computeGradient(labels, pre, new ActivationIdentity(), null);
        assertFiniteDifferences(c.reference(), y, t, z, w, grad);
        var both = c.loss().computeGradientAndScore(labels, pre, new ActivationIdentity(), null, true);
        assertThat(both.getFirst()).isCloseTo(total / n, within(1e-9 * (1 + Math.abs(total))));
        assertThat(both.getSecond().equalsWithEps(grad, 1e-14)).isTrue();
    }

    /** Gradient row i = ∂(Σ_j score_j)/∂z_i by central differences of the naive reference. */
    static void assertFiniteDifferences(Reference ref, double[][] y, double[][] t, double[][] z, double[] w,
                                        INDArray grad) {
        double h = 1e-6;
        for (int i = 0; i < z.length; i++) {
            for (int j = 0; j < z[i].length; j++) {
                double keep = z[i][j];
                z[i][j] = keep + h;
                double up = sum(ref.scores(y, t, z, w));
                z[i][j] = keep - h;
                double down = sum(ref.scores(y, t, z, w));
                z[i][j] = keep;
                double fd = (up - down) / (2 * h);
                assertThat(grad.getDouble(i, j)).as("d/dz[%d][%d]", i, j)
                        .isCloseTo(fd, within(2e-6 * (1 + Math.abs(fd))));
            }
        }
    }

    @Test
    void dkdLogSpaceReferenceAgreesWithMdistillersProbabilitySpaceForm() {
        Random r = new Random(4);
        for (int trial = 0; trial < 20; trial++) {
            int k = 2 + r.nextInt(9);
            double[] y = smoothedTargets(r, 1, k, 0.1)[0];
            double[] t = random(r, 1, k, 2)[0];
            double[] z = random(r, 1, k, 2)[0];
            double temperature = 0.5 + 4 * r.nextDouble();
            double[] logSpace = dkdTerms(y, t, z, temperature);
            double[] probs = dkdTermsInProbabilities(y, t, z, temperature);
            assertThat(logSpace[1]).isCloseTo(probs[0], within(1e-12));
            assertThat(logSpace[2]).isCloseTo(probs[1], within(1e-12));
        }
    }

    @Test
    void dkdDecompositionGivesTheSeparateTermsThatMakeUpTheScore() {
        Random r = new Random(8);
        int n = 5;
        int k = 4;
        double[][] y = smoothedTargets(r, n, k, 0.1);
        double[][] t = random(r, n, k, 2);
        double[][] z = random(r, n, k, 2);
        DecoupledKnowledgeDistillationLoss loss = new DecoupledKnowledgeDistillationLoss(3, 1.5, 6, 0.7);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        DecoupledKnowledgeDistillationLoss.Decomposition d = loss.decompose(labels, Nd4j.create(z));
        INDArray scores = loss.computeScoreArray(labels, Nd4j.create(z), new ActivationIdentity(), null);
        for (int i = 0; i < n; i++) {
            double[] ref = dkdTerms(y[i], t[i], z[i], 3);
            assertThat(d.crossEntropy()[i]).isCloseTo(ref[0], within(1e-12));
            assertThat(d.tckd()[i]).isCloseTo(ref[1], within(1e-12));
            assertThat(d.nckd()[i]).isCloseTo(ref[2], within(1e-12));
            assertThat(d.tckd()[i]).isGreaterThanOrEqualTo(0);
            assertThat(d.nckd()[i]).isGreaterThanOrEqualTo(0);
            assertThat(scores.getDouble(i, 0)).isCloseTo(0.7 * ref[0] + 9 * (1.5 * ref[1] + 6 * ref[2]),
                    within(1e-10));
        }
        // a student equal to the teacher has TCKD = NCKD = 0
        DecoupledKnowledgeDistillationLoss.Decomposition same = loss.decompose(labels, Nd4j.create(t));
        for (int i = 0; i < n; i++) {
            assertThat(same.tckd()[i]).isCloseTo(0, within(1e-12));
            assertThat(same.nckd()[i]).isCloseTo(0, within(1e-12));
        }
    }

    @Test
    void dkdTermsRecombineIntoClassicalKlAsInZhaoEtAlEquationTwo() {
        // Zhao et al. eq. (1)-(2): KL(p_t‖p_s) = TCKD + (1 − p_g(t))·NCKD, checked on the naive terms and the class
        Random r = new Random(10);
        double[] y = smoothedTargets(r, 1, 6, 0)[0];
        double[] t = random(r, 1, 6, 2)[0];
        double[] z = random(r, 1, 6, 2)[0];
        double temperature = 2;
        double[] ls = logSoftmax(z, temperature);
        double[] lt = logSoftmax(t, temperature);
        double kl = 0;
        for (int j = 0; j < 6; j++) {
            kl += Math.exp(lt[j]) * (lt[j] - ls[j]);
        }
        DecoupledKnowledgeDistillationLoss loss = new DecoupledKnowledgeDistillationLoss(temperature, 1, 1, 0);
        var d = loss.decompose(DistillationLoss.packLabels(Nd4j.create(new double[][] {y}),
                Nd4j.create(new double[][] {t})), Nd4j.create(new double[][] {z}));
        double ptg = Math.exp(lt[argmax(y)]);
        assertThat(d.tckd()[0] + (1 - ptg) * d.nckd()[0]).isCloseTo(kl, within(1e-12));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void perExampleMaskWeighsScoresAndGradientRows(Case c) {
        Random r = new Random(11);
        int n = 5;
        int k = 4;
        double[][] y = smoothedTargets(r, n, k, 0.1);
        double[][] t = random(r, n, k, 2);
        double[][] z = random(r, n, k, 2);
        double[] w = {1, 0, 1, 0.5, 0};
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        INDArray mask = Nd4j.create(w, new long[] {n, 1});
        double[] ref = c.reference().scores(y, t, z, w);
        INDArray scores = c.loss().computeScoreArray(labels, Nd4j.create(z), new ActivationIdentity(), mask);
        for (int i = 0; i < n; i++) {
            assertThat(scores.getDouble(i, 0)).isCloseTo(ref[i], within(1e-10 * (1 + Math.abs(ref[i]))));
        }
        // DL4J convention (as LossMCXENT): average divides by all rows, masked ones included
        assertThat(c.loss().computeScore(labels, Nd4j.create(z), new ActivationIdentity(), mask, true))
                .isCloseTo(sum(ref) / n, within(1e-10));
        INDArray grad = c.loss().computeGradient(labels, Nd4j.create(z), new ActivationIdentity(), mask);
        assertFiniteDifferences(c.reference(), y, t, z, w, grad);
        assertThat(grad.getRow(1).norm2Number().doubleValue()).isEqualTo(0.0);
        assertThat(grad.getRow(4).norm2Number().doubleValue()).isEqualTo(0.0);
        // a per-output mask constant along rows is the same mask; any other is refused with a clear message
        INDArray rowsMask = mask.repeat(1, k);
        assertThat(c.loss().computeGradient(labels, Nd4j.create(z), new ActivationIdentity(), rowsMask)
                .equalsWithEps(grad, 1e-14)).isTrue();
        INDArray ragged = rowsMask.dup();
        ragged.putScalar(0, 1, 0.0);
        assertThatThrownBy(() -> c.loss().computeScore(labels, Nd4j.create(z), new ActivationIdentity(), ragged,
                true)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("constant along each row");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void nonIdentityActivationChainsTheGradientThroughIt(Case c) {
        Random r = new Random(21);
        int n = 3;
        int k = 4;
        double[][] y = smoothedTargets(r, n, k, 0.1);
        double[][] t = random(r, n, k, 2);
        double[][] pre = random(r, n, k, 1);
        double[] w = ones(n);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(t));
        IActivation tanh = Activation.TANH.getActivationFunction();
        Reference throughTanh = (yy, tt, p, ww) -> {
            double[][] z = new double[p.length][];
            for (int i = 0; i < p.length; i++) {
                z[i] = new double[p[i].length];
                for (int j = 0; j < p[i].length; j++) {
                    z[i][j] = Math.tanh(p[i][j]);
                }
            }
            return c.reference().scores(yy, tt, z, ww);
        };
        double score = c.loss().computeScore(labels, Nd4j.create(pre), tanh, null, false);
        assertThat(score).isCloseTo(sum(throughTanh.scores(y, t, pre, w)), within(1e-10));
        assertFiniteDifferences(throughTanh, y, t, pre, w, c.loss().computeGradient(labels, Nd4j.create(pre), tanh,
                null));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("lossesAndTypes")
    void stableForLogitsOfMagnitude1e4(Case c, String typeName) {
        DataType type = DataType.valueOf(typeName);
        double[][] z = {{1e4, -1e4, 0.5e4}, {-1e4, -1e4, 1e4}, {3e3, 1e4, -7e3}};
        double[][] t = {{-1e4, 1e4, 0}, {2e4, 0, -2e4}, {1e4, 1e4 - 1, 0}};
        double[][] y = {{0, 1, 0}, {1, 0, 0}, {0.05, 0.9, 0.05}};
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y).castTo(type), Nd4j.create(t).castTo(type));
        INDArray pre = Nd4j.create(z).castTo(type);
        INDArray s = c.loss().computeScoreArray(labels, pre, new ActivationIdentity(), null);
        INDArray g = c.loss().computeGradient(labels, pre, new ActivationIdentity(), null);
        assertThat(s.dataType()).isEqualTo(type);
        assertThat(g.dataType()).isEqualTo(type);
        double[] ref = c.reference().scores(y, t, z, ones(3));
        for (int i = 0; i < 3; i++) {
            assertThat(Double.isFinite(ref[i])).isTrue();
            assertThat(s.getDouble(i, 0)).isCloseTo(ref[i], within(1e-5 * (1 + Math.abs(ref[i]))));
        }
        assertThat(g.isInfinite().any() || g.isNaN().any()).isFalse();
        for (int i = 0; i < 3; i++) {
            // every term is invariant to a shift of z_i, so each gradient row sums to zero
            assertThat(g.getRow(i).sumNumber().doubleValue()).isCloseTo(0.0, within(1e-3));
        }
    }

    static Stream<Arguments> lossesAndTypes() {
        return losses().flatMap(c -> Stream.of(Arguments.of(c, "FLOAT"), Arguments.of(c, "DOUBLE")));
    }

    @Test
    void rejectsBadArgumentsAndShapesWithClearMessages() {
        assertThatThrownBy(() -> new DecoupledKnowledgeDistillationLoss(0, 1, 8, 1))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new DecoupledKnowledgeDistillationLoss(4, -1, 8, 1)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> new DecoupledKnowledgeDistillationLoss(4, 1, Double.NaN, 1))
                .hasMessageContaining("beta");
        assertThatThrownBy(() -> new LogitStandardizationLoss(Double.POSITIVE_INFINITY, 1, 1))
                .hasMessageContaining("temperature");
        assertThatThrownBy(() -> new LogitStandardizationLoss(2, -0.1, 1)).hasMessageContaining("ce_weight");
        assertThatThrownBy(() -> new DistCorrelationLoss(4, 2, -2, 1)).hasMessageContaining("gamma");
        ILossFunction loss = new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1);
        assertThatThrownBy(() -> loss.computeScore(Nd4j.zeros(3, 5), Nd4j.zeros(3, 3), new ActivationIdentity(),
                null, true)).hasMessageContaining("[3, 5]").hasMessageContaining("[3, 3]").hasMessageContaining("dkd");
        assertThatThrownBy(() -> new LogitStandardizationLoss(2, 1, 1).computeScore(Nd4j.zeros(3, 2),
                Nd4j.zeros(3, 1), new ActivationIdentity(), null, true)).hasMessageContaining("at least 2 classes");
    }

    @Test
    void equalsHashCodeAndToString() {
        assertThat(new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1))
                .isEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1))
                .hasSameHashCodeAs(new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1))
                .isNotEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 7, 1))
                .isNotEqualTo(new DecoupledKnowledgeDistillationLoss(4, 1, 8, 0.5));
        assertThat(new LogitStandardizationLoss(2, 0.1, 9)).isEqualTo(new LogitStandardizationLoss(2, 0.1, 9))
                .hasSameHashCodeAs(new LogitStandardizationLoss(2, 0.1, 9))
                .isNotEqualTo(new LogitStandardizationLoss(3, 0.1, 9));
        assertThat(new DistCorrelationLoss(4, 2, 2, 1)).isEqualTo(new DistCorrelationLoss(4, 2, 2, 1))
                .hasSameHashCodeAs(new DistCorrelationLoss(4, 2, 2, 1))
                .isNotEqualTo(new DistCorrelationLoss(4, 2, 1, 1));
        assertThat(new DistCorrelationLoss(4, 2, 2, 1))
                .isNotEqualTo(new DecoupledKnowledgeDistillationLoss(4, 2, 2, 1));
        assertThat(new DecoupledKnowledgeDistillationLoss(4, 1, 8, 1).toString())
                .isEqualTo("DecoupledKnowledgeDistillationLoss(T=4.0, alpha=1.0, beta=8.0, ce_weight=1.0)");
        assertThat(new LogitStandardizationLoss(2, 0.1, 9).name()).contains("T=2.0").contains("kd_weight=9.0");
    }

    static MultiLayerConfiguration tinyNet(ILossFunction loss, int nIn, int hidden, int k, boolean train) {
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void jsonAndYamlRoundTripInsideMultiLayerConfiguration(Case c) {
        MultiLayerConfiguration conf = tinyNet(c.loss(), 4, 5, 3, true);
        String json = conf.toJson();
        assertThat(json).contains(c.loss().getClass().getSimpleName());
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertThat(back).isEqualTo(conf);
        assertThat(((OutputLayer) back.getConf(1).getLayer()).getLossFn()).isEqualTo(c.loss());
        assertThat(MultiLayerConfiguration.fromYaml(conf.toYaml())).isEqualTo(conf);
    }

    static Stream<Arguments> gradientCheckCases() {
        List<Arguments> out = new ArrayList<>();
        losses().forEach(c -> {
            out.add(Arguments.of(c, 1, false));
            out.add(Arguments.of(c, 3, false));
            out.add(Arguments.of(c, 4, true));
        });
        return out.stream();
    }

    @ParameterizedTest(name = "{0} minibatch={1} masked={2}")
    @MethodSource("gradientCheckCases")
    void gradientCheckOnTinyNetwork(Case c, int minibatch, boolean masked) {
        Random r = new Random(minibatch * 13L + c.name().hashCode());
        int nIn = 4;
        int k = 3;
        MultiLayerNetwork net = new MultiLayerNetwork(tinyNet(c.loss(), nIn, 5, k, false));
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

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void trainedNetworkRoundTripsThroughModelSerializer(Case c, @TempDir Path dir) throws Exception {
        Random r = new Random(3);
        MultiLayerNetwork net = new MultiLayerNetwork(tinyNet(c.loss(), 4, 8, 3, true));
        net.init();
        int n = 32;
        double[][] x = random(r, n, 4, 1);
        double[][] y = new double[n][3];
        for (int i = 0; i < n; i++) {
            y[i][argmax(new double[] {x[i][0], x[i][1], x[i][2]})] = 1;
        }
        INDArray features = Nd4j.create(x);
        INDArray labels = DistillationLoss.packLabels(Nd4j.create(y), Nd4j.create(random(r, n, 3, 2)));
        net.setInput(features);
        net.setLabels(labels);
        net.computeGradientAndScore();
        double before = net.score();
        for (int i = 0; i < 50; i++) {
            net.fit(features, labels);
        }
        net.setInput(features);
        net.setLabels(labels);
        net.computeGradientAndScore();
        assertThat(net.score()).isLessThan(before);

        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork back = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertThat(back.params().equalsWithEps(net.params(), 0)).isTrue();
        assertThat(back.output(features).equalsWithEps(net.output(features), 1e-12)).isTrue();
        assertThat(((OutputLayer) back.getLayerWiseConfigurations().getConf(1).getLayer()).getLossFn())
                .isEqualTo(c.loss());
        back.setInput(features);
        back.setLabels(labels);
        back.computeGradientAndScore();
        assertThat(back.score()).isCloseTo(net.score(), within(1e-12));
        back.fit(features, labels); // the updater state came back too
    }
}

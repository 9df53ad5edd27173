package io.smoothkd.core.information;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The estimator against the paper's formula evaluated literally (Gaussian densities, full sums). */
class LogitDifferenceMutualInformationTest {

    /** Literal formula: densities with their normalising constant, log of the full mixture over all N. */
    static double naive(double[][] y) {
        int n = y.length;
        int l = y[0].length;
        double[] mu = new double[n];
        for (int x = 0; x < n; x++) {
            for (double v : y[x]) {
                mu[x] += v / l;
            }
        }
        double s2 = 0;
        for (int x = 0; x < n; x++) {
            for (double v : y[x]) {
                s2 += (v - mu[x]) * (v - mu[x]);
            }
        }
        s2 /= n * l;
        double total = 0;
        for (int x = 0; x < n; x++) {
            for (double v : y[x]) {
                double logOwn = logNormal(v, mu[x], s2);
                double[] logs = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int x2 = 0; x2 < n; x2++) {
                    logs[x2] = logNormal(v, mu[x2], s2);
                    max = Math.max(max, logs[x2]);
                }
                double sum = 0;
                for (double lg : logs) {
                    sum += Math.exp(lg - max);
                }
                total += logOwn - (max + Math.log(sum) - Math.log(n));
            }
        }
        return total / (n * l);
    }

    static double logNormal(double v, double mu, double s2) {
        return -0.5 * Math.log(2 * Math.PI * s2) - (v - mu) * (v - mu) / (2 * s2);
    }

    static double[][] samples(long seed, int n, int l, double spread, double noise) {
        Random r = new Random(seed);
        double[][] y = new double[n][l];
        for (int x = 0; x < n; x++) {
            double mean = (x % 2 == 0 ? 3 : -3) + r.nextGaussian() * spread;
            for (int j = 0; j < l; j++) {
                y[x][j] = mean + r.nextGaussian() * noise;
            }
        }
        return y;
    }

    @ParameterizedTest(name = "N={0} L={1} spread={2} noise={3}")
    @CsvSource({"2,2,1,1", "7,3,0.5,1", "50,5,1,0.5", "300,5,2,0.3", "300,5,0.01,0.5", "120,4,30,0.01"})
    void matchesTheLiteralFormula(int n, int l, double spread, double noise) {
        double[][] y = samples(n * 31L + l, n, l, spread, noise);
        var est = LogitDifferenceMutualInformation.estimate(Nd4j.create(y));
        double ref = naive(y);
        assertThat(est.mi()).isCloseTo(ref, within(1e-9 * Math.max(1, Math.abs(ref))));
        assertThat(est.n()).isEqualTo(n);
        assertThat(est.l()).isEqualTo(l);
        assertThat(est.maxMi()).isEqualTo(Math.log(n));
        assertThat(est.mi()).isLessThanOrEqualTo(Math.log(n) + 1e-12);
    }

    @Test
    void wellSeparatedExamplesReachLogN() {
        int n = 40;
        double[][] y = new double[n][3];
        for (int x = 0; x < n; x++) {
            y[x] = new double[] {100.0 * x - 0.1, 100.0 * x, 100.0 * x + 0.1};
        }
        assertThat(LogitDifferenceMutualInformation.estimate(Nd4j.create(y)).mi()).isCloseTo(Math.log(n), within(1e-9));
    }

    @Test
    void twoSeparatedClassesWithIdenticalMembersGiveLog2() {
        // only "which class" is known: N/2 identical examples per class, classes far apart
        int n = 100;
        Random r = new Random(4);
        double[][] y = new double[n][5];
        for (int x = 0; x < n; x++) {
            double mean = 0;
            for (int j = 0; j < 5; j++) {
                y[x][j] = r.nextGaussian();
                mean += y[x][j] / 5;
            }
            for (int j = 0; j < 5; j++) { // every example of a class has the same mean µ_x = ±50
                y[x][j] += (x < n / 2 ? -50 : 50) - mean;
            }
        }
        var est = LogitDifferenceMutualInformation.estimate(Nd4j.create(y));
        assertThat(est.mi()).isCloseTo(Math.log(2), within(1e-9));
        assertThat(est.mi()).isCloseTo(naive(y), within(1e-9));
    }

    @Test
    void zeroWithinExampleVarianceIsAClearError() {
        double[][] y = {{1, 1, 1}, {2, 2, 2}};
        assertThatThrownBy(() -> LogitDifferenceMutualInformation.estimate(Nd4j.create(y)))
                .hasMessageContaining("zero within-example variance");
    }

    @Test
    void rejectsTooFewExamplesAndNonFiniteValues() {
        assertThatThrownBy(() -> LogitDifferenceMutualInformation.estimate(Nd4j.create(new double[][] {{1, 2}})))
                .hasMessageContaining("at least 2 examples");
        assertThatThrownBy(() -> LogitDifferenceMutualInformation.estimate(
                Nd4j.create(new double[][] {{1, 2}, {Double.POSITIVE_INFINITY, 0}}))).hasMessageContaining("Infinity");
        assertThatThrownBy(() -> LogitDifferenceMutualInformation.estimate(Nd4j.create(new double[] {1, 2, 3})))
                .hasMessageContaining("2-d");
    }

    @Test
    void valuesNear1e300GiveTheSameEstimateAsTheirUnscaledSelves() {
        // the estimator is scale invariant; squares of 1e300 overflow a double, so it must rescale, not give NaN
        double[][] y = samples(11, 30, 4, 3.0, 1.0);
        double[][] huge = new double[y.length][];
        double[][] tiny = new double[y.length][];
        for (int i = 0; i < y.length; i++) {
            huge[i] = java.util.Arrays.stream(y[i]).map(v -> v * 1e300).toArray();
            tiny[i] = java.util.Arrays.stream(y[i]).map(v -> v * 1e-300).toArray();
        }
        double reference = naive(y);
        assertThat(LogitDifferenceMutualInformation.estimate(Nd4j.create(huge)).mi()).isCloseTo(reference, within(1e-9));
        assertThat(LogitDifferenceMutualInformation.estimate(Nd4j.create(tiny)).mi()).isCloseTo(reference, within(1e-9));
    }
}

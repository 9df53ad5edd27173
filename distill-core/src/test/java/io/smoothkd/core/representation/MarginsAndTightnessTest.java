package io.smoothkd.core.representation;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MarginsAndTightnessTest {

    @Test
    void lsOptimumMinimisesTheSmoothedCrossEntropy() {
        // K = 10, α = 0.1: the optimum margin is ln(1 + 10·0.9/0.1) = ln 91; check it against a direct
        // minimisation of the cross-entropy of logits (m, 0, …, 0) with the smoothed target, by a fine grid.
        int k = 10;
        double alpha = 0.1;
        double best = Double.NaN;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double m = 0; m < 10; m += 1e-4) {
            double lse = Math.log(Math.exp(m) + (k - 1));
            double loss = -((1 - alpha + alpha / k) * (m - lse) + (k - 1) * (alpha / k) * (0 - lse));
            if (loss < bestLoss) {
                bestLoss = loss;
                best = m;
            }
        }
        assertThat(LogitMargins.optimum(k, alpha)).isCloseTo(Math.log(91), within(1e-12));
        assertThat(LogitMargins.optimum(k, alpha)).isCloseTo(best, within(2e-4));
        assertThat(LogitMargins.optimum(k, 0)).isInfinite();
    }

    @Test
    void marginsOfAHandExample() {
        // example 0: label 0, logits (5, 1, 3): margins 4 and 2, incorrect logits {1, 3} variance 1
        // example 1: label 2, logits (0, 0, 6): margins 6 and 6, incorrect {0, 0} variance 0
        Map<String, Object> m = LogitMargins.of(Nd4j.create(new double[][] {{5, 1, 3}, {0, 0, 6}}), new int[] {0, 2});
        assertThat((double) m.get("mean")).isCloseTo(4.5, within(1e-12));
        assertThat((double) m.get("median")).isCloseTo(5.0, within(1e-12)); // of 2, 4, 6, 6
        assertThat((double) m.get("incorrect_logit_variance")).isCloseTo(0.5, within(1e-12));
        long[] hist = (long[]) m.get("histogram");
        assertThat(hist[(int) ((6 - LogitMargins.LOW) / (LogitMargins.HIGH - LogitMargins.LOW) * LogitMargins.BINS)])
                .isEqualTo(2);
    }

    @Test
    void tightnessOfTwoKnownClusters() {
        // class 0 at (±1, 0) around (0,0); class 1 at (10 ± 1, 0) around (10, 0): within 1, between 10
        double[][] pts = {{-1, 0}, {1, 0}, {9, 0}, {11, 0}};
        assertThat(ClusterTightness.of(Nd4j.create(pts), new int[] {0, 0, 1, 1})).isCloseTo(0.1, within(1e-12));
    }
}

package io.smoothkd.teacher;

import io.smoothkd.core.calibration.ClassificationLogits;
import io.smoothkd.core.calibration.Calibrators;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The teacher cell's calibration keys: every method fitted on validation, measured on test, finite numbers only. */
class TeacherCalibrationTest {

    /** Over-confident logits 2.5·g of a model softmax(g). */
    static ClassificationLogits overConfident(long seed, int n, int k) {
        Random r = new Random(seed);
        double[] z = new double[n * k];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double[] e = new double[k];
            double sum = 0;
            for (int c = 0; c < k; c++) {
                double g = r.nextGaussian() * 1.5;
                z[i * k + c] = 2.5 * g;
                e[c] = Math.exp(g);
                sum += e[c];
            }
            double u = r.nextDouble() * sum;
            int c = 0;
            for (double acc = e[0]; acc < u && c < k - 1; acc += e[++c]) {
                // draw
            }
            y[i] = c;
        }
        return new ClassificationLogits(z, y, k);
    }

    static double naiveNll(ClassificationLogits d, double t) {
        int k = d.classes();
        double s = 0;
        for (int i = 0; i < d.size(); i++) {
            double lse = 0;
            for (int c = 0; c < k; c++) {
                lse += Math.exp(d.logits()[i * k + c] / t);
            }
            s += Math.log(lse) - d.logits()[i * k + d.labels()[i]] / t;
        }
        return s / d.size();
    }

    @Test
    void everyMethodFittedOnValidationImprovesOverConfidentTestLogits() {
        ClassificationLogits validation = overConfident(1, 1500, 4);
        ClassificationLogits test = overConfident(2, 1000, 4);
        Map<String, Object> m = TeacherAnalysis.calibrationMethods(validation, test);
        for (String method : Calibrators.names()) {
            for (String metric : new String[] {"accuracy", "ece", "ece_adaptive", "ece_classwise", "ace", "mce", "nll",
                    "brier"}) {
                String key = "test_" + metric + "_after_" + method;
                assertThat(m).containsKey(key);
                assertThat((Double) m.get(key)).as(key).isFinite();
            }
            assertThat((Double) m.get("test_nll_after_" + method)).as(method).isLessThan(naiveNll(test, 1.0));
        }
        assertThat(m.values()).allMatch(v -> v instanceof Double d && Double.isFinite(d));
        // the temperature is the validation set's NLL optimum: the test NLL at T is the naive NLL at that T
        double t = io.smoothkd.core.calibration.TemperatureScaling.fit(validation);
        assertThat((Double) m.get("test_nll_after_temperature")).isCloseTo(naiveNll(test, t), within(1e-10));
        assertThat(t).isCloseTo(2.5, within(0.4));
    }

    @Test
    void matrixScalingIsLeftOutWhereTheValidationSetIsTooSmall() {
        // K = 10: K(K+1) = 110 ≥ 1000/10
        Map<String, Object> m = TeacherAnalysis.calibrationMethods(overConfident(3, 1000, 10), overConfident(4, 300, 10));
        assertThat(m.keySet()).noneMatch(k -> k.endsWith("_after_matrix"));
        assertThat(m).containsKey("test_nll_after_vector");
    }
}

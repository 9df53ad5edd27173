package io.smoothkd.report.stats;

import io.smoothkd.report.render.ReportNumbers;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class StatisticsTest {

    @Test
    void studentTQuantilesMatchTables() {
        assertThat(StudentT.quantile(0.975, 1)).isCloseTo(12.706, within(1e-3));
        assertThat(StudentT.quantile(0.975, 2)).isCloseTo(4.303, within(1e-3));
        assertThat(StudentT.quantile(0.975, 4)).isCloseTo(2.776, within(1e-3));
        assertThat(StudentT.quantile(0.975, 10)).isCloseTo(2.228, within(1e-3));
        assertThat(StudentT.quantile(0.975, 100000)).isCloseTo(1.960, within(1e-3));
        // df = 2 has a closed form: t = (2p − 1) · sqrt(2 / (1 − (2p − 1)²))
        double a = 2 * 0.975 - 1;
        assertThat(StudentT.quantile(0.975, 2)).isCloseTo(a * Math.sqrt(2 / (1 - a * a)), within(1e-9));
        assertThat(StudentT.quantile(0.025, 2)).isCloseTo(-StudentT.quantile(0.975, 2), within(1e-12));
    }

    @Test
    void confidenceIntervalOfThreeSeedsByHand() {
        // values 0.70, 0.72, 0.74: mean 0.72, sample sd 0.02, half-width 4.303 · 0.02 / √3 = 0.04969
        MeanCi s = MeanCi.of(List.of(0.70, 0.72, 0.74));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.72, within(1e-12));
        assertThat(s.sd()).isCloseTo(0.02, within(1e-12));
        assertThat(s.halfWidth()).isCloseTo(4.303 * 0.02 / Math.sqrt(3), within(1e-5));
        assertThat(ReportNumbers.meanCi(s, 1, 2)).isEqualTo("0.72 ± 0.05");
    }

    @Test
    void oneValueHasNoIntervalAndMissingValuesAreLeftOut() {
        MeanCi one = MeanCi.of(List.of(0.5, Double.NaN));
        assertThat(one.n()).isEqualTo(1);
        assertThat(one.halfWidth()).isZero();
        assertThat(ReportNumbers.meanCi(one, 100, 2)).isEqualTo("50.00");
        assertThat(ReportNumbers.meanCi(MeanCi.of(List.of()), 1, 2)).isEqualTo("—");
    }

    @Test
    void overlapIsJudgedOnTheIntervals() {
        MeanCi a = new MeanCi(3, 1.0, 0.1, 0.2);
        assertThat(a.overlaps(new MeanCi(3, 1.3, 0.1, 0.2))).isTrue();
        assertThat(a.overlaps(new MeanCi(3, 1.5, 0.1, 0.2))).isFalse();
    }

    @Test
    void numbersAreLocaleIndependent() {
        java.util.Locale saved = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            assertThat(ReportNumbers.fixed(0.125, 2)).isEqualTo("0.13");
            assertThat(ReportNumbers.fixed(-0.0001, 2)).isEqualTo("0.00");
            assertThat(ReportNumbers.plain(0.10)).isEqualTo("0.1");
            assertThat(ReportNumbers.plain(4.0)).isEqualTo("4");
        } finally {
            java.util.Locale.setDefault(saved);
        }
    }
}

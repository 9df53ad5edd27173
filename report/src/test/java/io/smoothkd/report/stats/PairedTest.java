package io.smoothkd.report.stats;


import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Paired per-seed comparisons against hand computations (t quantiles of 2 degrees of freedom in closed form). */
class PairedTest {
    /** Student t with 2 degrees of freedom: t_p = (2p − 1) / √(2p(1 − p)). */
    private static double t2(double p) {
        return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
    }

    private static Map<Long, Double> values(double... v) {
        Map<Long, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < v.length; i++) {
            m.put((long) i + 1, v[i]);
        }
        return m;
    }

    @Test
    void differencesArePairedBySeedAndTheirCiIsStudentT() {
        Map<Long, Double> a = values(10, 20, 30, 40);
        Map<Long, Double> b = new LinkedHashMap<>(Map.of(3L, 33.0, 1L, 11.0, 2L, 22.0, 9L, 1.0)); // seed 4 missing here
        b.put(2L, 22.0);
        Paired p = Paired.of(a, b);
        assertThat(p.seeds()).containsExactly(1L, 2L, 3L);
        assertThat(p.a()).containsExactly(10.0, 20.0, 30.0);
        assertThat(p.b()).containsExactly(11.0, 22.0, 33.0);
        // d = 1, 2, 3: mean 2, sd 1, half-width t(0.975, 2) · 1 / √3
        assertThat(p.difference().mean()).isCloseTo(2, within(1e-12));
        assertThat(p.difference().sd()).isCloseTo(1, within(1e-12));
        assertThat(p.difference().halfWidth()).isCloseTo(t2(0.975) / Math.sqrt(3), within(1e-9));
        assertThat(p.verdict(Paired.Side.POSITIVE)).isEqualTo("not decided"); // CI −0.48 … 4.48
        assertThat(p.smallestDetectable()).isCloseTo((t2(0.975) + t2(0.8)) / Math.sqrt(3), within(1e-9));
    }

    @Test
    void verdictsFollowTheSideOfTheInterval() {
        Paired up = Paired.of(values(1, 1, 1), values(3.0, 3.1, 2.9)); // d = 2 ± 0.25
        assertThat(up.verdict(Paired.Side.POSITIVE)).isEqualTo("yes");
        assertThat(up.verdict(Paired.Side.NEGATIVE)).isEqualTo("no");
        assertThat(up.atMost(2.5)).isEqualTo("yes");
        assertThat(up.atMost(1.5)).isEqualTo("no");
        assertThat(up.atMost(2.0)).isEqualTo("not decided");
        Paired two = Paired.of(values(1, 1), values(3, 3));
        assertThat(two.verdict(Paired.Side.POSITIVE)).isEqualTo("not decided (n < 3 seeds)");
        assertThat(two.atMost(10)).isEqualTo("not decided (n < 3 seeds)");
    }

    @Test
    void nonFiniteValuesAreLeftOutAndTheDescriptionShowsTheInterval() {
        Paired p = Paired.of(values(1, Double.NaN, 1, 1), values(2, 2, Double.POSITIVE_INFINITY, 2));
        assertThat(p.seeds()).containsExactly(1L, 4L);
        assertThat(p.describe(2, " pt")).isEqualTo("paired d = 1.00 pt ± 0.00 (95 % CI 1.00 … 1.00), n = 2;"
                + " smallest detectable |d| ≈ 0.00 pt");
        assertThat(Paired.of(values(), values()).describe(2, "")).isEqualTo("no paired seeds");
        assertThat(List.of(Paired.of(values(5), values(7)).describe(1, ""))).containsExactly("paired d = 2.0, n = 1");
    }
}

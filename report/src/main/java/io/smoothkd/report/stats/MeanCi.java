package io.smoothkd.report.stats;

import java.util.Collection;

/**
 * Mean and 95 % Student-t confidence interval of one quantity over seeds.
 * Non-finite values (a metric a cell lacks) are left out, so {@link #n()} counts the values used.
 *
 * @param n         number of values
 * @param mean      their mean (NaN when n = 0)
 * @param sd        sample standard deviation (n − 1 in the denominator; 0 when n ≤ 1)
 * @param halfWidth half-width of the 95 % interval, {@code t(0.975, n−1)·sd/√n}; 0 when n ≤ 1
 */
public record MeanCi(int n, double mean, double sd, double halfWidth) {

    /** Summarises the finite values of {@code values}. */
    public static MeanCi of(Collection<Double> values) {
        int n = 0;
        double sum = 0;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new MeanCi(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        if (n == 1) {
            return new MeanCi(1, mean, 0, 0);
        }
        double squares = 0;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        double sd = Math.sqrt(squares / (n - 1));
        return new MeanCi(n, mean, sd, StudentT.quantile(0.975, n - 1) * sd / Math.sqrt(n));
    }

    /** True when there was no value. */
    public boolean isEmpty() {
        return n == 0;
    }

    /** Lower end of the interval. */
    public double lower() {
        return mean - halfWidth;
    }

    /** Upper end of the interval. */
    public double upper() {
        return mean + halfWidth;
    }

    /** Whether the two 95 % intervals share a point (with n = 1 the interval is the value itself). */
    public boolean overlaps(MeanCi other) {
        return Math.abs(mean - other.mean) <= halfWidth + other.halfWidth;
    }
}

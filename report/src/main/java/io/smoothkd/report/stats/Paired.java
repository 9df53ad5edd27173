package io.smoothkd.report.stats;

import io.smoothkd.report.model.CellResult;
import io.smoothkd.report.model.Group;
import io.smoothkd.report.render.ReportNumbers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A paired comparison of two configurations over seeds: the hard and the LS run of one seed share the data split and
 * the initialisation seed, so the claim is judged on the per-seed differences {@code d_s = b_s − a_s}, not on two
 * independent means. Only seeds measured (finitely) on both sides enter.
 *
 * @param seeds      the seeds used, ascending
 * @param a          the reference side's values, by seed
 * @param b          the compared side's values, by seed
 * @param difference mean ± 95 % Student-t CI of {@code b − a}
 */
public record Paired(List<Long> seeds, List<Double> a, List<Double> b, MeanCi difference) {
    /** Below this many seeds no verdict is given, whatever the means. */
    public static final int MIN_SEEDS = 3;
    /** Power used for {@link #smallestDetectable()}. */
    public static final double POWER = 0.8;

    /** Which sign of {@code b − a} the claim predicts. */
    public enum Side {
        /** b &lt; a, e.g. "LS lowers ECE". */
        NEGATIVE,
        /** b &gt; a, e.g. "the LS teacher's student has a higher error". */
        POSITIVE
    }

    /** Copies the lists. */
    public Paired {
        seeds = List.copyOf(seeds);
        a = List.copyOf(a);
        b = List.copyOf(b);
    }

    /** Pairs the cells of {@code a} and {@code b} by seed on {@code value}. */
    public static Paired of(Group a, Group b, ToDoubleFunction<CellResult> value) {
        return of(bySeed(a, value), bySeed(b, value));
    }

    /** Pairs two seed → value maps (non-finite values are dropped). */
    public static Paired of(Map<Long, Double> a, Map<Long, Double> b) {
        List<Long> seeds = new ArrayList<>();
        List<Double> va = new ArrayList<>();
        List<Double> vb = new ArrayList<>();
        List<Double> d = new ArrayList<>();
        for (Map.Entry<Long, Double> e : new TreeMap<>(a).entrySet()) {
            Double other = b.get(e.getKey());
            if (e.getValue() != null && other != null && Double.isFinite(e.getValue()) && Double.isFinite(other)) {
                seeds.add(e.getKey());
                va.add(e.getValue());
                vb.add(other);
                d.add(other - e.getValue());
            }
        }
        return new Paired(seeds, va, vb, MeanCi.of(d));
    }

    /** A group's values by seed (the first cell of a seed wins; groups hold one cell per seed). */
    public static Map<Long, Double> bySeed(Group g, ToDoubleFunction<CellResult> value) {
        Map<Long, Double> m = new TreeMap<>();
        for (CellResult c : g.cells()) {
            m.putIfAbsent(c.seed(), value.applyAsDouble(c));
        }
        return m;
    }

    /** Number of paired seeds. */
    public int n() {
        return seeds.size();
    }

    /**
     * The verdict on a directional claim: "yes" when the CI of the difference lies entirely on the claimed side of 0,
     * "no" when entirely on the other side, "not decided" when it contains 0, and "not decided (n &lt; 3 seeds)" with
     * fewer than {@link #MIN_SEEDS} paired seeds, whatever the means.
     */
    public String verdict(Side claimed) {
        if (n() < MIN_SEEDS) {
            return tooFew();
        }
        MeanCi d = difference;
        boolean below = d.upper() < 0;
        boolean above = d.lower() > 0;
        if (!below && !above) {
            return "not decided";
        }
        return (below == (claimed == Side.NEGATIVE)) ? "yes" : "no";
    }

    /**
     * A one-sided equivalence (non-inferiority) verdict: "yes" when the whole CI of {@code b − a} is at most
     * {@code margin}, "no" when the whole CI is above it, else "not decided" (and "not decided (n &lt; 3 seeds)").
     */
    public String atMost(double margin) {
        if (n() < MIN_SEEDS) {
            return tooFew();
        }
        if (difference.upper() <= margin) {
            return "yes";
        }
        return difference.lower() > margin ? "no" : "not decided";
    }

    /**
     * The smallest true mean difference these seeds would detect with 95 % confidence and 80 % power,
     * {@code (t(0.975, n−1) + t(0.8, n−1)) · sd / √n}; NaN with fewer than 2 seeds.
     */
    public double smallestDetectable() {
        int n = n();
        if (n < 2) {
            return Double.NaN;
        }
        return (StudentT.quantile(0.975, n - 1) + StudentT.quantile(POWER, n - 1)) * difference.sd() / Math.sqrt(n);
    }

    /** "d = −0.012 ± 0.004 (95 % CI −0.016 … −0.008), n = 5; detectable ≥ 0.006" with {@code digits} decimals. */
    public String describe(int digits, String unit) {
        if (n() == 0) {
            return "no paired seeds";
        }
        MeanCi d = difference;
        StringBuilder s = new StringBuilder("paired d = ").append(ReportNumbers.fixed(d.mean(), digits)).append(unit);
        if (n() >= 2) {
            s.append(" ± ").append(ReportNumbers.fixed(d.halfWidth(), digits)).append(" (95 % CI ")
                    .append(ReportNumbers.fixed(d.lower(), digits)).append(" … ")
                    .append(ReportNumbers.fixed(d.upper(), digits)).append(")");
        }
        s.append(", n = ").append(n());
        double mde = smallestDetectable();
        if (Double.isFinite(mde)) {
            s.append("; smallest detectable |d| ≈ ").append(ReportNumbers.fixed(mde, digits)).append(unit);
        }
        return s.toString();
    }

    private String tooFew() {
        return "not decided (n < " + MIN_SEEDS + " seeds)";
    }
}

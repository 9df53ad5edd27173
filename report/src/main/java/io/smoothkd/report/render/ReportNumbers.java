package io.smoothkd.report.render;

import io.smoothkd.report.stats.MeanCi;

import java.math.BigDecimal;
import java.util.Locale;

/** The report's number formatting: fixed decimals, {@link Locale#ROOT}, no negative zero, "—" for missing. */
public final class ReportNumbers {
    /** Shown where a number is missing. */
    public static final String MISSING = "—";

    private ReportNumbers() {
    }

    /** {@code value} with {@code decimals} decimals, or "—" when not finite. */
    public static String fixed(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        String s = String.format(Locale.ROOT, "%." + decimals + "f", value);
        return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
    }

    /**
     * "mean ± half-width" ({@code scale} multiplies both), the bare value for one seed (the report says once, at the
     * top, that a value without ± comes from one seed), or "—".
     */
    public static String meanCi(MeanCi s, double scale, int decimals) {
        if (s.isEmpty()) {
            return MISSING;
        }
        if (s.n() == 1) {
            return fixed(s.mean() * scale, decimals);
        }
        return fixed(s.mean() * scale, decimals) + " ± " + fixed(s.halfWidth() * scale, decimals);
    }

    /** A parameter value with no trailing zeros: 0.1, 4, 0.75. */
    public static String plain(double value) {
        if (!Double.isFinite(value)) {
            return MISSING;
        }
        String s = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }
}
